"""Reads, scoped to the user: the partner's shared participants (through `partners.sharing`), and
a person's consents and disclosures for staff (through `cases.policy`)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases import policy
from skyddsnat.organisation.models import Agency, User
from skyddsnat.partners.models import Consent, Disclosure, DisclosureGround
from skyddsnat.partners.sharing import shared_participants
from skyddsnat.people.models import Person
from skyddsnat.programmes.models import Goal, Meeting, Participant


@dataclass(frozen=True)
class SharedGoal:
    id: int
    text: str
    agency: str
    due: dt.date

    def get_agency_display(self) -> str:
        return str(Agency(self.agency).label) if self.agency in Agency.values else self.agency


@dataclass(frozen=True)
class SharedMeeting:
    """A meeting as a partner sees it: when, and which agencies took part (not the notes)."""

    id: int
    held_on: dt.date
    agencies: list[str]

    @property
    def agency_labels(self) -> list[str]:
        return [str(Agency(a).label) if a in Agency.values else a for a in self.agencies]


@dataclass(frozen=True)
class SharedParticipant:
    """What a partner sees of one participant: the id, a first name (none for a person with
    protected identity), and the goals and meetings the consents share (empty when not shared).
    Never the case, the journal, an identity number, a last name, an address or a protection
    level; a meeting without its notes (they stay with social services)."""

    id: int
    first_name: str | None
    goals: list[SharedGoal]
    meetings: list[SharedMeeting]
    plan_shared: bool
    meetings_shared: bool


def _view(participant: Participant) -> SharedParticipant:
    person = participant.person
    plan = bool(participant.plan_shared)  # type: ignore[attr-defined]
    meetings = bool(participant.meetings_shared)  # type: ignore[attr-defined]
    return SharedParticipant(
        id=participant.pk,
        # Even a first name can point out a person with protected identity (a rare name in a
        # small school): a partner sees none, only the participant's number.
        first_name=None if person.is_protected else person.first_name,
        goals=[SharedGoal(g.pk, g.text, g.agency, g.due) for g in participant.goals.all()]
        if plan
        else [],
        meetings=[
            SharedMeeting(m.pk, m.held_on, [str(a) for a in (m.agencies or [])])
            for m in participant.meetings.all()
        ]
        if meetings
        else [],
        plan_shared=plan,
        meetings_shared=meetings,
    )


def _shared(user: User, today: dt.date | None) -> QuerySet[Participant]:
    policy.require(policy.is_partner(user))
    return (
        shared_participants(agency=user.agency, day=today or timezone.localdate())
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("due", "pk")),
            Prefetch("meetings", queryset=Meeting.objects.order_by("-held_on", "-pk")),
        )
        .order_by("pk")
    )


def partner_participants(user: User, *, today: dt.date | None = None) -> QuerySet[Participant]:
    """The participants something is shared of with the partner's agency today (not audited
    here: the page or endpoint audits the rows it shows, `partner_list_audit`)."""
    return _shared(user, today)


def partner_list_audit(user: User, participants: list[Participant]) -> list[SharedParticipant]:
    """One audit entry for the page of participants shown (also when it is empty), then what
    the partner sees of each."""
    audit_log_many(
        user=user,
        action="partners.participant.list",
        rows=[(p.person_id, p.case_id) for p in participants],
        agency=user.agency,
    )
    return [_view(p) for p in participants]


def get_partner_participant(
    user: User, participant_id: int, *, today: dt.date | None = None
) -> SharedParticipant:
    """One participant shared with the partner's agency today; otherwise 404, exactly like an id
    that does not exist (a withdrawn or expired consent included). Both looks are logged."""
    number = policy.as_id(participant_id)
    participant = _shared(user, today).filter(pk=number).first() if number else None
    if participant is None:
        person_id = (
            Participant.objects.filter(pk=number).values_list("person_id", flat=True).first()
            if number
            else None
        )
        audit_log(
            user=user,
            action="partners.participant.refused",
            person_id=person_id,
            requested=str(participant_id)[:40],
        )
        raise Http404
    audit_log(
        user=user,
        action="partners.participant.read",
        person_id=participant.person_id,
        case_id=participant.case_id,
        participant_id=participant.pk,
        agency=user.agency,
    )
    return _view(participant)


# --- Staff: a person's consents and disclosures --------------------------------------------------


def get_person_for_consents(user: User, person_id: int) -> Person:
    policy.require(policy.may_record_consents(user))
    return policy.get_person_for_user(user, person_id)


def person_consents(person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person).select_related("guardian", "recorded_by")


def person_disclosures(person: Person) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(person=person).select_related("ground", "disclosed_by")


def get_consent_for_user(user: User, consent_id: int) -> Consent:
    """The consent, if the user may record consents for its person; otherwise 404 (logged)."""
    policy.require(policy.may_record_consents(user))
    number = policy.as_id(consent_id)
    consent = (
        Consent.objects.filter(pk=number, person__in=policy.visible_persons(user)).first()
        if number
        else None
    )
    if consent is None:
        audit_log(
            user=user,
            action="partners.consent.refused",
            person_id=Consent.objects.filter(pk=number).values_list("person_id", flat=True).first()
            if number
            else None,
            requested=str(consent_id)[:40],
        )
        raise Http404
    return consent


def disclosure_grounds() -> QuerySet[DisclosureGround]:
    return DisclosureGround.objects.all()


def disclosure_ground_by_code(code: str) -> DisclosureGround:
    """The legal ground the API names by its code; an unknown code is an input error on `ground`."""
    ground = DisclosureGround.objects.filter(code=code).first()
    if ground is None:
        raise ValidationError({"ground": [_("Choose one of the legal grounds.")]})
    return ground
