"""The investigation's content, kommunicering and the ending without intervention, through the
services (issue 9 points 2 and 3)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.care import services as care_services
from skyddsnat.cases.models import (
    CaseStatus,
    DeadlineKind,
    DeadlineRule,
    Decision,
    InterventionType,
    Investigation,
)
from skyddsnat.cases.services import CaseConflict, case_decide
from skyddsnat.investigations import communication, services
from skyddsnat.investigations.models import (
    Communication,
    Conversation,
    Ending,
    PartyRole,
    Section,
)
from skyddsnat.investigations.selectors import investigation_content

TODAY = timezone.localdate


def _send(user, case, **overrides):
    fields = {"sent_on": TODAY(), "material": "Utredningen i sin helhet."}
    fields.update(overrides)
    return communication.communication_send(user=user, case=case, **fields)


def _end(user, case, **overrides):
    fields = {
        "decided_on": TODAY(),
        "reason": "no_need",
        "reasons": "Barnets behov tillgodoses i familjen.",
        "follow_up_offered": True,
    }
    fields.update(overrides)
    return services.investigation_end(user=user, case=case, **fields)


# ----- sections ----------------------------------------------------------------------------------


def test_a_section_is_saved_versioned_and_audited(caseworker, investigated):
    version = investigated.version
    section = services.section_save(
        user=caseworker,
        case=investigated,
        kind="development",
        text="Går i skolan, trivs.",
        sources="Skolan, BVC",
        version=0,
    )
    assert (section.version, section.sources) == (1, "Skolan, BVC")
    investigated.refresh_from_db()
    assert investigated.version == version + 1
    entry = AuditEntry.objects.filter(action="investigations.section.update").get()
    assert (entry.case_id, entry.person_id) == (investigated.pk, investigated.person_id)
    again = services.section_save(
        user=caseworker, case=investigated, kind="development", text="Ny text.", version=1
    )
    assert again.version == 2 and again.sources == ""


def test_a_save_based_on_an_older_version_is_refused_and_saves_nothing(
    caseworker, colleague, investigated
):
    services.section_save(
        user=caseworker, case=investigated, kind="assessment", text="Första.", version=0
    )
    with pytest.raises(CaseConflict) as refused:
        services.section_save(
            user=colleague, case=investigated, kind="assessment", text="Andra.", version=0
        )
    assert "sparade den här delen" in str(refused.value)
    assert Section.objects.get(kind="assessment").text == "Första."


def test_sources_are_kept_only_for_the_three_areas(caseworker, investigated):
    section = services.section_save(
        user=caseworker, case=investigated, kind="proposal", text="Förslag.", sources="X", version=0
    )
    assert section.sources == ""


@pytest.mark.parametrize("text", ["a\x00b", "a\u202eb", "x" * 20_001])
def test_odd_text_is_refused_and_nothing_is_stored(caseworker, investigated, text):
    with pytest.raises(ValidationError) as refused:
        services.section_save(
            user=caseworker, case=investigated, kind="assessment", text=text, version=0
        )
    assert "text" in refused.value.message_dict
    assert not Section.objects.exists()


def test_an_unknown_part_is_refused(caseworker, investigated):
    with pytest.raises(ValidationError):
        services.section_save(user=caseworker, case=investigated, kind="x", text="a", version=0)


def test_a_caseworker_of_another_district_may_not_write(outsider, investigated):
    with pytest.raises(PermissionDenied):
        services.section_save(
            user=outsider, case=investigated, kind="plan_questions", text="a", version=0
        )


# ----- conversations -----------------------------------------------------------------------------


def test_a_conversation_held_and_one_not_held_with_its_reason(caseworker, investigated):
    held = services.conversation_record(
        user=caseworker,
        case=investigated,
        held=True,
        held_on=TODAY(),
        held_by="Sara Socialsekreterare",
        place="Skolan",
        notes="Barnet berättade om sin vardag.",
    )
    assert held.held and held.not_held_reason == ""
    not_held = services.conversation_record(
        user=caseworker, case=investigated, held=False, not_held_reason="declined"
    )
    assert (not_held.held_on, not_held.place) == (None, "")
    assert Conversation.objects.count() == 2


def test_a_held_conversation_needs_date_who_and_where(caseworker, investigated):
    with pytest.raises(ValidationError) as refused:
        services.conversation_record(
            user=caseworker, case=investigated, held=True, held_on=TODAY(), held_by="Sara"
        )
    assert "place" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.conversation_record(
            user=caseworker,
            case=investigated,
            held=True,
            held_on=TODAY() + dt.timedelta(days=1),
            held_by="Sara",
            place="Skolan",
        )
    assert "held_on" in refused.value.message_dict


def test_a_conversation_before_the_investigation_is_refused(caseworker, investigated):
    with pytest.raises(ValidationError) as refused:
        services.conversation_record(
            user=caseworker,
            case=investigated,
            held=True,
            held_on=TODAY() - dt.timedelta(days=11),
            held_by="Sara",
            place="Skolan",
        )
    assert "held_on" in refused.value.message_dict


def test_not_held_needs_a_reason(caseworker, investigated):
    with pytest.raises(ValidationError) as refused:
        services.conversation_record(user=caseworker, case=investigated, held=False)
    assert "not_held_reason" in refused.value.message_dict


# ----- kommunicering -----------------------------------------------------------------------------


def test_the_parties_are_the_guardians_and_the_reply_date_comes_from_the_rule(
    caseworker, investigated
):
    communication = _send(caseworker, investigated)
    rule = DeadlineRule.objects.get(kind=DeadlineKind.COMMUNICATION_REPLY)
    assert communication.reply_by == TODAY() + dt.timedelta(days=rule.amount)
    parties = list(communication.parties.all())
    assert [p.role for p in parties] == [PartyRole.GUARDIAN]  # the child is 12
    entry = AuditEntry.objects.get(action="investigations.communication.create")
    assert parties[0].person_id in entry.person_ids


def test_a_child_of_15_is_a_party_of_their_own_from_the_birthday(caseworker, investigated):
    child = investigated.person
    child.date_of_birth = TODAY().replace(year=TODAY().year - 15)
    child.save(update_fields=["date_of_birth"])
    assert [r for _p, r in communication.parties_of(child, TODAY())][-1] == PartyRole.CHILD
    assert PartyRole.CHILD not in [
        r for _p, r in communication.parties_of(child, TODAY() - dt.timedelta(days=1))
    ]


def test_a_reply_date_before_the_rules_period_is_refused(caseworker, investigated):
    with pytest.raises(ValidationError) as refused:
        _send(caseworker, investigated, reply_by=TODAY() + dt.timedelta(days=2))
    assert "reply_by" in refused.value.message_dict
    assert not Communication.objects.exists()


def test_a_reply_is_recorded_once(caseworker, investigated):
    party = _send(caseworker, investigated).parties.get()
    communication.communication_reply(
        user=caseworker, case=investigated, party_id=party.pk, replied_on=TODAY(), reply="Ok."
    )
    with pytest.raises(CaseConflict):
        communication.communication_reply(
            user=caseworker, case=investigated, party_id=party.pk, replied_on=TODAY()
        )


def _intervention_decision(user, case, day):
    return case_decide(
        user=user,
        case=case,
        decided_on=day,
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="contact-person"),
        reason="Stöd behövs.",
    )


def test_a_decision_on_the_reply_date_is_refused_and_the_day_after_allowed(
    caseworker, investigated
):
    # Sent 8 days ago with the 7-day rule: the reply date was yesterday, so today may decide;
    # sent 7 days ago: the reply date is today, and the parties may reply all day.
    rule = DeadlineRule.objects.get(kind=DeadlineKind.COMMUNICATION_REPLY)
    _send(caseworker, investigated, sent_on=TODAY() - dt.timedelta(days=rule.amount))
    with pytest.raises(ValidationError) as refused:
        _intervention_decision(caseworker, investigated, TODAY())
    assert "decided_on" in refused.value.message_dict
    assert not Decision.objects.filter(decision_type="intervention").exists()
    Communication.objects.update(reply_by=TODAY() - dt.timedelta(days=1))
    decision = _intervention_decision(caseworker, investigated, TODAY())
    assert decision.outcome == "grant"


def test_an_ending_waits_for_the_reply_date_as_any_decision(caseworker, investigated):
    _send(caseworker, investigated)
    with pytest.raises(ValidationError) as refused:
        _end(caseworker, investigated)
    assert "decided_on" in refused.value.message_dict
    assert not Ending.objects.exists()


def test_every_party_answered_lets_the_decision_through_before_the_date(caseworker, investigated):
    party = _send(caseworker, investigated).parties.get()
    communication.communication_reply(
        user=caseworker, case=investigated, party_id=party.pk, replied_on=TODAY()
    )
    assert _end(caseworker, investigated).reason == "no_need"


def test_an_override_with_its_reason_lets_the_decision_through_and_is_audited(
    caseworker, investigated
):
    _send(caseworker, investigated)
    communication.communication_override(
        user=caseworker, case=investigated, reason="Barnet behöver stöd genast."
    )
    entry = AuditEntry.objects.get(action="investigations.communication.override")
    assert entry.detail["reason"] == "Barnet behöver stöd genast."
    assert _intervention_decision(caseworker, investigated, TODAY()).pk


def test_an_override_without_pending_kommunicering_is_refused(caseworker, investigated):
    with pytest.raises(CaseConflict):
        communication.communication_override(
            user=caseworker, case=investigated, reason="Brådskande."
        )


# ----- the ending --------------------------------------------------------------------------------


def test_ending_without_intervention_closes_the_case_with_a_decision(caseworker, investigated):
    ending = _end(caseworker, investigated, follow_up_offered=False)
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.CLOSED
    decision = ending.decision
    assert (decision.decision_type, decision.outcome) == ("end_investigation", "")
    assert decision.delegation.code == "BU 2.2"
    assert investigated.investigation.closed_on == TODAY()
    assert investigated.investigation.deadline.done_at is not None
    entry = AuditEntry.objects.get(action="investigations.investigation.end")
    assert entry.detail["follow_up_offered"] is False


def test_an_ended_investigation_takes_no_more_content(caseworker, investigated):
    _end(caseworker, investigated)
    with pytest.raises(CaseConflict):
        services.section_save(
            user=caseworker, case=investigated, kind="assessment", text="Sent.", version=0
        )
    with pytest.raises(CaseConflict):
        _end(caseworker, investigated)


def test_the_ending_needs_a_reason_among_the_choices(caseworker, investigated):
    with pytest.raises(ValidationError) as refused:
        _end(caseworker, investigated, reason="because")
    assert "reason" in refused.value.message_dict


def test_the_ending_cannot_predate_the_investigation(caseworker, investigated):
    with pytest.raises(ValidationError) as refused:
        _end(caseworker, investigated, decided_on=TODAY() - dt.timedelta(days=11))
    assert "decided_on" in refused.value.message_dict


def test_the_content_read_is_audited_with_the_parties(caseworker, investigated):
    party = _send(caseworker, investigated).parties.get()
    content = investigation_content(user=caseworker, case=investigated)
    assert len(content.communications) == 1
    entry = AuditEntry.objects.filter(action="investigations.investigation.read").get()
    assert party.person_id in entry.person_ids


# ----- ending with interventions -----------------------------------------------------------------


def _types(*codes):
    return [InterventionType.objects.get(code=code) for code in codes]


def test_several_interventions_are_decided_at_once_and_the_investigation_closes(
    caseworker, investigated
):
    decisions = services.investigation_decide_interventions(
        user=caseworker,
        case=investigated,
        decided_on=TODAY(),
        granted=_types("contact-person"),
        refused=_types("family-treatment"),
        reason="Kontaktperson behövs; familjebehandling behövs inte.",
    )
    assert sorted((d.intervention_type.code, d.outcome) for d in decisions) == [
        ("contact-person", "grant"),
        ("family-treatment", "refuse"),
    ]
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.DECIDED
    assert investigated.investigation.closed_on == TODAY()
    entry = AuditEntry.objects.get(action="investigations.investigation.decide")
    assert entry.detail["granted"] == ["contact-person"]


def test_an_intervention_outside_the_delegation_refuses_them_all(caseworker, investigated):
    with pytest.raises(PermissionDenied):
        services.investigation_decide_interventions(
            user=caseworker,
            case=investigated,
            decided_on=TODAY(),
            granted=_types("contact-person", "family-home"),
            reason="Placering behövs.",
        )
    assert not Decision.objects.filter(decision_type="intervention").exists()
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.INVESTIGATION


def test_granted_and_refused_at_once_is_refused(caseworker, investigated):
    with pytest.raises(ValidationError) as refused:
        services.investigation_decide_interventions(
            user=caseworker,
            case=investigated,
            decided_on=TODAY(),
            granted=_types("contact-person"),
            refused=_types("contact-person"),
            reason="Oklart.",
        )
    assert "refused" in refused.value.message_dict


def test_decisions_on_interventions_wait_for_kommunicering(caseworker, investigated):
    _send(caseworker, investigated)
    with pytest.raises(ValidationError) as refused:
        services.investigation_decide_interventions(
            user=caseworker,
            case=investigated,
            decided_on=TODAY(),
            granted=_types("contact-person"),
            reason="Stöd.",
        )
    assert "decided_on" in refused.value.message_dict


def test_immediate_custody_under_lvu_never_waits_for_kommunicering(
    caseworker, manager, investigated
):
    """Immediate custody (recorded in the LVU section, skyddsnat.care) is urgent: it goes ahead
    while the parties may still reply, and the investigation goes on."""
    _send(caseworker, investigated)
    custody = care_services.custody_decide(
        user=manager,
        case=investigated,
        decided_on=TODAY(),
        section="2",
        reason="Omedelbart omhändertagande.",
    )
    assert custody.pk
    assert Investigation.objects.get(case=investigated).closed_on is None


@pytest.mark.parametrize(
    ("reply_by_offset", "allowed"), [(1, False), (0, False), (-1, True)], ids=str
)
def test_the_reply_date_boundary(caseworker, investigated, reply_by_offset, allowed):
    """Reply date tomorrow or today: the parties may still reply, so a decision today waits;
    reply date yesterday: it has passed, and the decision goes through."""
    _send(caseworker, investigated, sent_on=TODAY() - dt.timedelta(days=8))
    Communication.objects.update(reply_by=TODAY() + dt.timedelta(days=reply_by_offset))
    if allowed:
        assert _end(caseworker, investigated).pk
    else:
        with pytest.raises(ValidationError) as refused:
            _end(caseworker, investigated)
        assert "decided_on" in refused.value.message_dict
        assert not Ending.objects.exists()
