"""Reads of the targeted programmes, always scoped to the user (`cases.policy`): the district's
participants for its coordinators and its children and youth unit; 404 for anything else,
exactly as for a participant that does not exist (the refused look is logged)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases import policy
from skyddsnat.cases.models import CaseKind, Decision, InterventionType
from skyddsnat.organisation.models import DecisionType, User
from skyddsnat.people.models import Guardianship
from skyddsnat.programmes.models import (
    ConsentGiver,
    Goal,
    GoalFollowUp,
    Participant,
    Programme,
)
from skyddsnat.programmes.services import MAJORITY_AGE, age_on


def visible_participants(user: User) -> QuerySet[Participant]:
    district_id = policy.programme_district_id(user)
    if district_id is None:
        return Participant.objects.none()
    return Participant.objects.filter(district_id=district_id)


def get_participant_for_user(user: User, participant_id: object) -> Participant:
    """The participant, if the user may see it; otherwise 404 (the refused look is logged)."""
    number = policy.as_id(participant_id)
    participant = (
        visible_participants(user)
        .select_related("person", "district", "case", "group")
        .filter(pk=number or 0)
        .first()
    )
    if participant is None:
        stored = Participant.objects.filter(pk=number or 0).values("person_id", "case_id").first()
        audit_log(
            user=user,
            action="cases.case.refused",
            person_id=stored["person_id"] if stored else None,
            case_id=stored["case_id"] if stored else None,
            requested=str(participant_id)[:40],
            record="participant",
        )
        raise Http404
    return participant


def get_goal(participant: Participant, goal_id: object) -> Goal:
    goal = participant.goals.filter(pk=policy.as_id(goal_id) or 0).first()
    if goal is None:
        raise Http404
    goal.participant = participant
    return goal


def participant_read(user: User, participant_id: object) -> Participant:
    """The participant with the plan (goals and their follow-ups), meetings and consents; the
    read is audited."""
    participant = get_participant_for_user(user, participant_id)
    participant = (
        Participant.objects.select_related("person", "district", "case", "group")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch(
                        "follow_ups",
                        queryset=GoalFollowUp.objects.order_by("-followed_up_on", "-pk"),
                    )
                ),
            ),
            "meetings",
            "consents__guardianship__guardian",
        )
        .get(pk=participant.pk)
    )
    audit_log(
        user=user,
        action="programmes.participant.read",
        person_id=participant.person_id,
        case_id=participant.case_id,
        participant=participant.pk,
    )
    return participant


def participants_list(
    user: User, programme: str, *, ongoing_only: bool = False
) -> list[Participant]:
    """The district's participants of one programme (the group's, for SIG and SSPF); one audit
    entry naming every person shown."""
    rows = (
        visible_participants(user)
        .filter(programme=programme)
        .select_related("person", "case")
        .annotate(goal_count=Count("goals", distinct=True))
        .order_by("ended_on", "-started_on", "pk")
    )
    if ongoing_only:
        rows = rows.filter(ended_on__isnull=True)
    result: list[Participant] = list(rows[:500])
    audit_log_many(
        user=user,
        action="programmes.participant.list",
        rows=[(p.person_id, p.case_id) for p in result],
        programme=programme,
    )
    return result


@dataclass(frozen=True)
class ProgrammeSummary:
    programme: Programme
    ongoing: int
    ended: int


def district_summary(user: User) -> list[ProgrammeSummary]:
    """Counts per programme of the user's district (no personal data, not audited)."""
    counts = visible_participants(user).aggregate(
        **{
            f"{p.value}_ongoing": Count("pk", filter=Q(programme=p.value, ended_on__isnull=True))
            for p in Programme
        },
        **{
            f"{p.value}_ended": Count("pk", filter=Q(programme=p.value, ended_on__isnull=False))
            for p in Programme
        },
    )
    return [
        ProgrammeSummary(p, counts[f"{p.value}_ongoing"], counts[f"{p.value}_ended"])
        for p in Programme
    ]


def missing_consents(participant: Participant, *, today: dt.date) -> list[str]:
    """Who has not yet consented to taking part: the person, and for a person under 18 each
    guardian (named as the page shows them)."""
    given = list(participant.consents.all())
    missing = []
    if not any(c.given_by == ConsentGiver.PERSON for c in given):
        missing.append(str(ConsentGiver.PERSON.label))
    born = participant.person.date_of_birth
    if born is not None and age_on(born, today) < MAJORITY_AGE:
        consented = {c.guardianship_id for c in given if c.guardianship_id}
        for guardianship in guardians(participant):
            if guardianship.pk not in consented:
                g = guardianship.guardian
                missing.append(f"{g.first_name} {g.last_name}")
    return missing


def guardians(participant: Participant) -> list[Guardianship]:
    return list(
        Guardianship.objects.filter(child_id=participant.person_id)
        .select_related("guardian")
        .order_by("pk")
    )


def intervention_types(user: User) -> QuerySet[InterventionType]:
    """The programme interventions the user's delegation covers."""
    return policy.decidable_intervention_types(user, CaseKind.PROGRAMME)


def programme_intervention_types() -> QuerySet[InterventionType]:
    return InterventionType.objects.filter(case_kind=CaseKind.PROGRAMME)


def decisions(participant: Participant) -> list[Decision]:
    return list(
        Decision.objects.filter(
            case_id=participant.case_id, decision_type=DecisionType.INTERVENTION
        ).select_related("intervention_type", "decided_by")
    )
