"""Writes of an investigation's content: a section saved, a conversation with the child recorded,
kommunicering sent and answered (and its documented override), and the investigation ended without
intervention. Each locks the case row first (`case_lock`) and re-checks on what the lock returns;
each raises the case's version and writes its audit entry (`case_change_audited`)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases import policy, registry
from skyddsnat.cases.guardians import guardians_of
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    CaseStatus,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Investigation,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
    decision_build,
    delegation_for,
    investigation_close,
    open_investigation,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.investigations.models import (
    AREA_SECTIONS,
    Communication,
    CommunicationParty,
    Conversation,
    Ending,
    EndingReason,
    NotHeldReason,
    PartyRole,
    PartyRule,
    Section,
    SectionKind,
)
from skyddsnat.lib import validators
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import DecisionType, User
from skyddsnat.people.models import Person

CHILD_PARTY_RULE = "child-party-age"


def _require_writer(user: User, case: Case) -> None:
    """The investigation is written by the children's unit on a case the user sees."""
    if not policy.works_on_investigations(user):
        raise PermissionDenied(_("Only the children and youth unit writes investigations."))
    require_case_access(user, case)


def _open_investigation(case: Case) -> Investigation:
    """The locked case's open investigation, or a conflict (it was closed meanwhile)."""
    investigation = open_investigation(case) if case.is_open else None
    if investigation is None:
        raise CaseConflict(_("The investigation is closed; nothing was saved."))
    return investigation


def _optional_text(field: str, value: str, *, one_line: bool = False) -> str:
    value = (value or "").strip()
    if value:
        try:
            (validators.validate_line if one_line else validators.validate_text)(value)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    return value


def _not_before(field: str, day: dt.date, earliest: dt.date, message: str) -> None:
    if day < earliest:
        raise ValidationError({field: message})


# ----- sections ----------------------------------------------------------------------------------


def section_save(
    *,
    user: User,
    case: Case,
    kind: str,
    text: str,
    sources: str = "",
    version: int,
) -> Section:
    """Save one part of the investigation. `version` is the section's version the user's view was
    based on (0 for a part not yet written): a colleague's save in between is refused (409) with
    who saved it and when, and nothing is saved."""
    _require_writer(user, case)
    if kind not in SectionKind.values:
        raise ValidationError({"kind": _("Choose a part of the investigation.")})
    text = _optional_text("text", text)
    sources = _optional_text("sources", sources) if kind in AREA_SECTIONS else ""
    with transaction.atomic():
        case = case_lock(case)
        investigation = _open_investigation(case)
        section = (
            Section.objects.select_for_update()
            .select_related("updated_by")
            .filter(investigation=investigation, kind=kind)
            .first()
        )
        current = section.version if section is not None else 0
        if version != current:
            raise CaseConflict({"text": _section_stale_message(section)})
        now = timezone.now()
        if section is None:
            section = Section(investigation=investigation, kind=kind, version=0)
        section.text, section.sources = text, sources
        section.version += 1
        section.updated_at, section.updated_by = now, user
        with conflict_on_unique_violation(_section_stale_message(None)):
            section.save()
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INVESTIGATION,
            action="investigations.section.update",
            section=kind,
            version=section.version,
        )
    return section


def _section_stale_message(section: Section | None) -> str:
    if section is None:
        return _(
            "Someone else saved this part meanwhile. Nothing was saved; read it again before "
            "you go on (your text is kept as a draft)."
        )
    when = timezone.localtime(section.updated_at)
    by = section.updated_by
    return _(
        "%(who)s saved this part %(when)s, after you opened it. Nothing was saved; read it again "
        "before you go on (your text is kept as a draft)."
    ) % {"who": by.get_full_name() or by.get_username(), "when": f"{when:%Y-%m-%d %H:%M}"}


# ----- conversations with the child ---------------------------------------------------------------


def conversation_record(
    *,
    user: User,
    case: Case,
    held: bool,
    held_on: dt.date | None = None,
    held_by: str = "",
    place: str = "",
    not_held_reason: str = "",
    notes: str = "",
) -> Conversation:
    """A conversation with the child: when, who held it and where; or that it was not held, with
    the reason (BBIC documents both)."""
    _require_writer(user, case)
    notes = _optional_text("notes", notes)
    if held:
        if held_on is None:
            raise ValidationError({"held_on": _("Give the date of the conversation.")})
        validate_not_future("held_on", held_on)
        held_by = require_text("held_by", held_by, one_line=True)
        place = require_text("place", place, one_line=True)
        not_held_reason = ""
    else:
        if not_held_reason not in NotHeldReason.values:
            raise ValidationError(
                {"not_held_reason": _("Give the reason the conversation was not held.")}
            )
        if not_held_reason == NotHeldReason.OTHER and not notes:
            raise ValidationError({"notes": _("Describe the reason.")})
        held_on, held_by, place = None, "", ""
    with transaction.atomic():
        case = case_lock(case)
        investigation = _open_investigation(case)
        if held_on is not None:
            _not_before(
                "held_on",
                held_on,
                investigation.opened_on,
                _("The conversation cannot predate the investigation."),
            )
        conversation = Conversation(
            investigation=investigation,
            held=held,
            held_on=held_on,
            held_by=held_by,
            place=place,
            not_held_reason=not_held_reason,
            notes=notes,
            recorded_by=user,
            recorded_at=timezone.now(),
        )
        conversation.save(force_insert=True)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INVESTIGATION,
            action="investigations.conversation.create",
            held=held,
            not_held_reason=not_held_reason or None,
        )
    return conversation


# ----- kommunicering -----------------------------------------------------------------------------


def reply_rule() -> DeadlineRule:
    return DeadlineRule.objects.get(kind=DeadlineKind.COMMUNICATION_REPLY)


def child_party_age() -> int | None:
    rule = PartyRule.objects.filter(code=CHILD_PARTY_RULE).first()
    return rule.age if rule is not None else None


def parties_of(child: Person, day: dt.date) -> list[tuple[Person, PartyRole]]:
    """Who is a party of the child's investigation on `day`: each registered guardian, and the
    child from the age the party rule names (15 as loaded: the child speaks for themself)."""
    parties = [(guardian, PartyRole.GUARDIAN) for guardian in guardians_of(child)]
    age = child_party_age()
    if age is not None and day >= add_months(child.date_of_birth, 12 * age):
        parties.append((child, PartyRole.CHILD))
    return parties


def communication_send(
    *,
    user: User,
    case: Case,
    sent_on: dt.date,
    material: str,
    reply_by: dt.date | None = None,
) -> Communication:
    """Send the investigation's material to the parties with a date to reply by: at the earliest
    the date the reply rule gives (`DeadlineRule` "communication_reply"), later if the user sets
    it so. The parties are those `parties_of` names on the day it is sent."""
    _require_writer(user, case)
    validate_not_future("sent_on", sent_on)
    material = require_text("material", material)
    rule = reply_rule()
    earliest = rule.due_from(sent_on)
    if reply_by is None:
        reply_by = earliest
    else:
        try:
            validators.validate_planned(reply_by)
        except ValidationError as exc:
            raise ValidationError({"reply_by": exc.messages}) from None
        if reply_by < earliest:
            raise ValidationError(
                {
                    "reply_by": _("The parties have until %(date)s at least to reply.")
                    % {"date": f"{earliest:%Y-%m-%d}"}
                }
            )
    with transaction.atomic():
        case = case_lock(case)
        investigation = _open_investigation(case)
        _not_before(
            "sent_on",
            sent_on,
            investigation.opened_on,
            _("The material cannot be sent before the investigation was opened."),
        )
        parties = parties_of(case.person, sent_on)
        if not parties:
            raise ValidationError(
                {
                    "material": _(
                        "The child has no registered guardian and is not a party of their own: "
                        "add the guardians on the case first."
                    )
                }
            )
        communication = Communication(
            investigation=investigation,
            sent_on=sent_on,
            reply_by=reply_by,
            rule=rule,
            material=material,
            sent_by=user,
            recorded_at=timezone.now(),
        )
        communication.save(force_insert=True)
        CommunicationParty.objects.bulk_create(
            CommunicationParty(communication=communication, person=person, role=role)
            for person, role in parties
        )
        person_ids = [person.pk for person, _role in parties]
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.COMMUNICATION,
            action="investigations.communication.create",
            reply_by=reply_by.isoformat(),
            others=person_ids,  # the guardians: the auditor's search by person finds it
        )
    return communication


def communication_reply(
    *, user: User, case: Case, party_id: int, replied_on: dt.date, reply: str = ""
) -> CommunicationParty:
    """A party's reply to the kommunicering (once per party): the date and what they said."""
    _require_writer(user, case)
    validate_not_future("replied_on", replied_on)
    reply = _optional_text("reply", reply)
    with transaction.atomic():
        case = case_lock(case)
        investigation = _open_investigation(case)
        party = (
            CommunicationParty.objects.select_for_update()
            .select_related("communication", "person")
            .filter(communication__investigation=investigation, pk=party_id)
            .first()
        )
        if party is None:
            raise ValidationError({"party": _("The party is not one of this investigation's.")})
        if party.replied_on is not None:
            raise CaseConflict({"party": _("The reply of this party is already recorded.")})
        _not_before(
            "replied_on",
            replied_on,
            party.communication.sent_on,
            _("The reply cannot predate the kommunicering."),
        )
        party.replied_on, party.reply, party.reply_recorded_by = replied_on, reply, user
        party.save(update_fields=["replied_on", "reply", "reply_recorded_by"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.COMMUNICATION,
            action="investigations.communication.reply",
            others=[party.person_id],
        )
    return party


def _pending(communication: Communication, decided_on: dt.date) -> bool:
    """A kommunicering still holds a decision back on `decided_on`: its reply date has not
    passed (the parties may reply through that day), some party has not answered, and no
    override is recorded."""
    if communication.overridden_at is not None or decided_on > communication.reply_by:
        return False
    return any(party.replied_on is None for party in communication.parties.all())


def pending_communications(investigation: Investigation, day: dt.date) -> list[Communication]:
    return [
        c
        for c in investigation.communications.prefetch_related("parties").order_by("pk")
        if _pending(c, day)
    ]


def communication_check(case: Case, decided_on: dt.date) -> None:
    """The decision check (registered with the spine): a decision on the investigation waits for
    the kommunicering's reply date to pass or every party to answer, unless overridden."""
    investigation = open_investigation(case)
    if investigation is None:
        return
    pending = pending_communications(investigation, decided_on)
    if pending:
        raise ValidationError(
            {
                "decided_on": _(
                    "The parties have until %(date)s to reply to the kommunicering and not all "
                    "have replied: decide after that date, record the replies, or record why "
                    "the decision cannot wait."
                )
                % {"date": f"{max(c.reply_by for c in pending):%Y-%m-%d}"}
            }
        )


def communication_override(*, user: User, case: Case, reason: str) -> list[Communication]:
    """Record why the decision cannot wait for the replies (e.g. it is urgent): the pending
    kommunicering no longer holds a decision back. Audited with the reason."""
    _require_writer(user, case)
    if not policy.may_override_communication(user):
        raise PermissionDenied(_("Your role has no delegation to take this decision."))
    reason = require_text("reason", reason)
    with transaction.atomic():
        case = case_lock(case)
        investigation = _open_investigation(case)
        pending = pending_communications(investigation, timezone.localdate())
        if not pending:
            raise CaseConflict(
                {"reason": _("No kommunicering holds the decision back; nothing was recorded.")}
            )
        now = timezone.now()
        for communication in pending:
            communication.override_reason = reason
            communication.overridden_by = user
            communication.overridden_at = now
            communication.save(update_fields=["override_reason", "overridden_by", "overridden_at"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.COMMUNICATION,
            action="investigations.communication.override",
            reason=reason,
            communications=[c.pk for c in pending],
        )
    return pending


# ----- the ending --------------------------------------------------------------------------------


def investigation_end(
    *,
    user: User,
    case: Case,
    decided_on: dt.date,
    reason: str,
    reasons: str,
    follow_up_offered: bool,
) -> Ending:
    """End the investigation without intervention ("avslutas utan insats"): a decision under the
    user's delegation line with its reasons, the reason as a choice, and whether a follow-up after
    the ending was offered. The case closes, or stays "intervention ongoing" when one goes on (LVU
    immediate custody during the investigation). Waits for kommunicering like every decision."""
    _require_writer(user, case)
    if case.kind != CaseKind.CHILDREN:
        raise ValidationError({"reason": _("Decisions on this case are taken in its own flow.")})
    if reason not in EndingReason.values:
        raise ValidationError({"reason": _("Choose the reason the investigation ends.")})
    reasons = require_text("reasons", reasons)
    validate_not_future("decided_on", decided_on)
    delegation = delegation_for(user=user, decision_type=DecisionType.END_INVESTIGATION)
    with transaction.atomic():
        case = case_lock(case)
        investigation = _open_investigation(case)
        _not_before(
            "decided_on",
            decided_on,
            investigation.opened_on,
            _("The decision cannot predate the investigation."),
        )
        registry.run_decision_checks(case=case, decided_on=decided_on)
        decision: Decision = decision_build(
            case=case,
            decision_type=DecisionType.END_INVESTIGATION,
            decided_on=decided_on,
            reason=reasons,
            decided_by=user,
            delegation=delegation,
        )
        decision.save(force_insert=True)
        ending = Ending(
            investigation=investigation,
            decision=decision,
            reason=reason,
            follow_up_offered=follow_up_offered,
        )
        with conflict_on_unique_violation(_("The investigation has already ended.")):
            ending.save(force_insert=True)
        investigation_close(investigation=investigation, closed_on=decided_on)
        ongoing = case.interventions.filter(ended_on__isnull=True).exists()
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.DECISION,
            status=CaseStatus.INTERVENTION if ongoing else CaseStatus.CLOSED,
            action="investigations.investigation.end",
            reason=reason,
            follow_up_offered=follow_up_offered,
            delegation=delegation.code,
        )
    return ending
