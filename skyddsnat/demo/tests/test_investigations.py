"""The demo's investigations have content (issue 9 point 10): plans, areas, conversations with the
child (some not held), kommunicering with replies, and endings without intervention, the most
common ending; every row agrees with the rules the services enforce."""

from django.db.models import Count

from skyddsnat.cases.models import CaseStatus, Decision
from skyddsnat.investigations.models import (
    Communication,
    Conversation,
    Ending,
    PartyRole,
    Section,
    SectionKind,
)
from skyddsnat.organisation.models import DecisionType


def test_investigations_have_plans_areas_and_conversations(tiny_demo):
    kinds = set(Section.objects.values_list("kind", flat=True))
    assert kinds == set(SectionKind.values)
    assert Conversation.objects.filter(held=True).exists()
    not_held = Conversation.objects.filter(held=False)
    assert not_held.exists()
    assert not not_held.filter(not_held_reason="").exists()
    for conversation in Conversation.objects.filter(held=True).select_related("investigation"):
        assert conversation.held_on >= conversation.investigation.opened_on


def test_kommunicering_goes_to_the_guardians_and_some_reply(tiny_demo):
    communications = Communication.objects.annotate(n=Count("parties"))
    assert communications.exists()
    assert not communications.filter(n=0).exists()
    assert Communication.objects.filter(parties__replied_on__isnull=False).exists()
    assert Communication.objects.filter(parties__role=PartyRole.GUARDIAN).exists()
    for communication in Communication.objects.select_related("investigation"):
        assert communication.reply_by == communication.rule.due_from(communication.sent_on)
        closed = communication.investigation.closed_on
        if closed is not None:
            # The decision came after the reply date (the service's check, kept by the demo).
            assert closed > communication.reply_by


def test_ending_without_intervention_is_the_most_common_ending(tiny_demo):
    endings = Ending.objects.select_related("decision", "investigation__case")
    assert endings.exists()
    decided = Decision.objects.filter(
        case__kind="children", decision_type=DecisionType.INTERVENTION
    )
    assert endings.count() > decided.filter(outcome="grant").count()
    assert endings.count() > decided.filter(outcome="refuse").count()
    for ending in endings:
        assert ending.decision.decision_type == DecisionType.END_INVESTIGATION
        assert ending.decision.decided_on == ending.investigation.closed_on
        assert ending.investigation.case.status == CaseStatus.CLOSED
