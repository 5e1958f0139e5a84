"""Writes of the targeted programmes: intake (with the person's consent to take part, and each
guardian's for a person under 18), the action plan's goals and their follow-up, meetings, the
interventions of crime exit decided in the ordinary way, and the end with its outcome.

Each write is one transaction that locks the participant's case (`cases.services.case_lock`)
and then the participant row, re-checks what it depends on (still ongoing), records the change
on the case and writes its audit entry. The database keeps the one-per rules (one ongoing
participation per person and programme, one consent per giver, one group per district).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    CaseStatus,
    Decision,
    InterventionType,
    Outcome,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
    intervention_decision_create,
    intervention_start,
    require_text,
    validate_not_future,
)
from skyddsnat.lib import identity, validators
from skyddsnat.organisation.models import Agency, District, Unit, UnitKind, User
from skyddsnat.people.models import Guardianship
from skyddsnat.people.services import person_get_or_create
from skyddsnat.programmes.models import (
    GROUP_PROGRAMMES,
    ConsentGiver,
    Goal,
    GoalFollowUp,
    GoalResult,
    Group,
    Meeting,
    Participant,
    ParticipantOutcome,
    ParticipationConsent,
    Programme,
    ProgrammeRule,
)

# The age of majority: below it, each guardian consents to taking part as well (FB 6 kap.).
MAJORITY_AGE = 18


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years on `day` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _require_writer(user: User) -> None:
    if not policy.writes_programmes(user):
        raise PermissionDenied(_("Your role does not run the programmes."))


def _require_planned(field: str, value: dt.date) -> None:
    try:
        validators.validate_planned(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def check_age(programme: str, *, born: dt.date, started_on: dt.date) -> None:
    """The programme's age limits (`ProgrammeRule`, rule data), at the start."""
    rule = ProgrammeRule.objects.filter(programme=programme).first()
    if rule is None:
        return
    age = age_on(born, started_on)
    too_young = rule.min_age is not None and age < rule.min_age
    too_old = rule.max_age is not None and age > rule.max_age
    if too_young or too_old:
        raise ValidationError(
            {
                "personal_identity_number": _(
                    "%(programme)s takes participants aged %(min)s–%(max)s (%(source)s); the "
                    "person is %(age)s on the start date."
                )
                % {
                    "programme": capfirst(Programme(programme).label),
                    "min": rule.min_age if rule.min_age is not None else 0,
                    "max": rule.max_age if rule.max_age is not None else "",
                    "source": rule.citation,
                    "age": age,
                }
            }
        )


def _case_unit(district: District) -> Unit:
    """A participant's case lies with the district's children and youth unit (the programmes
    are its work with young people; its manager answers for them)."""
    unit = Unit.objects.filter(district=district, kind=UnitKind.CHILDREN).first()
    if unit is None:
        raise ValidationError({"district": _("The district has no children and youth unit.")})
    return unit


def participant_register(
    *,
    user: User,
    programme: str,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    district: District,
    started_on: dt.date,
    motivation: str = "",
    consent_given_on: dt.date | None = None,
    is_synthetic: bool = False,
) -> Participant:
    """Intake: the person (found or created by number), a programme case in the district's
    children and youth unit, the participant in the district's group (SIG, SSPF), and the
    person's consent to take part when its date is given."""
    _require_writer(user)
    if programme not in Programme.values:
        raise ValidationError({"programme": _("Choose a programme.")})
    if district.pk != policy.programme_district_id(user):
        raise ValidationError(
            {"district": _("You can register participants only in your own district.")}
        )
    validate_not_future("started_on", started_on)
    if consent_given_on is not None:
        validate_not_future("consent_given_on", consent_given_on)
    motivation = (motivation or "").strip()
    if motivation:
        motivation = require_text("motivation", motivation)
    elif programme == Programme.CRIME_EXIT and consent_given_on is not None:
        # The page's intake (which records the consent) asks why the person wants to leave.
        raise ValidationError({"motivation": _("Write the person's motivation to leave crime.")})
    try:
        number = identity.normalise(personal_identity_number)
    except identity.InvalidIdentityNumber:
        raise ValidationError(
            {
                "personal_identity_number": _(
                    "Enter a valid personal identity number (YYYYMMDD-NNNN)."
                )
            }
        ) from None
    # Rules by the birth date the number gives, so the answer is the same for a stored number.
    born = identity.birth_date(number)
    if started_on < born:
        raise ValidationError({"started_on": _("The date is before the person was born.")})
    check_age(programme, born=born, started_on=started_on)
    unit = _case_unit(district)
    already = _("The person already takes part in this programme.")
    with transaction.atomic():
        person, _created = person_get_or_create(
            personal_identity_number=number,
            first_name=first_name,
            last_name=last_name,
            is_synthetic=is_synthetic,
        )
        if Participant.objects.filter(
            person=person, programme=programme, ended_on__isnull=True
        ).exists():
            raise CaseConflict({"personal_identity_number": already})
        group = None
        if programme in GROUP_PROGRAMMES:
            group, _new = Group.objects.get_or_create(programme=programme, district=district)
        case = Case(
            kind=CaseKind.PROGRAMME,
            person=person,
            district=district,
            unit=unit,
            status=CaseStatus.INTERVENTION,
            opened_at=timezone.make_aware(dt.datetime.combine(started_on, dt.time(9, 0))),
        )
        case.save(force_insert=True)
        participant = Participant(
            programme=programme,
            person=person,
            district=district,
            case=case,
            group=group,
            started_on=started_on,
            motivation=motivation,
            registered_by=user,
        )
        with conflict_on_unique_violation(already):
            participant.save(force_insert=True)
        if consent_given_on is not None:
            ParticipationConsent.objects.create(
                participant=participant,
                given_by=ConsentGiver.PERSON,
                given_on=consent_given_on,
                recorded_by=user,
            )
        audit_log(
            user=user,
            action="programmes.participant.create",
            person_id=person.pk,
            case_id=case.pk,
            programme=programme,
            participant=participant.pk,
        )
    return participant


def _lock(participant: Participant) -> Participant:
    """Lock the participant's case, then the participant, and re-read both."""
    case_lock(participant.case_id)
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("case", "person")
        .get(pk=participant.pk)
    )


def _require_ongoing(participant: Participant, field: str) -> None:
    if participant.ended_on is not None:
        raise CaseConflict({field: _("The participation has ended.")})


def _changed(user: User, participant: Participant, action: str, **detail: Any) -> None:
    case_change_audited(
        case=participant.case,
        user=user,
        change=CaseChange.PROGRAMME,
        action=action,
        participant=participant.pk,
        **detail,
    )


def consent_record(
    *,
    user: User,
    participant: Participant,
    given_by: str,
    given_on: dt.date,
    guardianship_id: int | None = None,
) -> ParticipationConsent:
    """The person's consent to take part, or one guardian's (a person under 18: each of their
    guardians, `people.Guardianship`)."""
    _require_writer(user)
    validate_not_future("given_on", given_on)
    if given_by not in ConsentGiver.values:
        raise ValidationError({"given_by": _("Choose who gave the consent.")})
    guardianship = None
    if given_by == ConsentGiver.GUARDIAN:
        guardianship = Guardianship.objects.filter(
            pk=policy.as_id(guardianship_id) or 0, child_id=participant.person_id
        ).first()
        if guardianship is None:
            raise ValidationError({"guardian_id": _("Choose one of the person's guardians.")})
        born = participant.person.date_of_birth
        if born is not None and age_on(born, given_on) >= MAJORITY_AGE:
            raise ValidationError(
                {"given_by": _("The person is of age: a guardian's consent is not asked.")}
            )
    already = _("This consent is already recorded.")
    with transaction.atomic():
        participant = _lock(participant)
        _require_ongoing(participant, "given_on")
        born_on = participant.person.date_of_birth
        if born_on is not None and given_on < born_on:
            raise ValidationError({"given_on": _("The date is before the person was born.")})
        exists = participant.consents.filter(given_by=given_by)
        if guardianship is not None:
            exists = exists.filter(guardianship=guardianship)
        if exists.exists():
            raise CaseConflict({"given_by": already})
        consent = ParticipationConsent(
            participant=participant,
            given_by=given_by,
            guardianship=guardianship,
            given_on=given_on,
            recorded_by=user,
        )
        with conflict_on_unique_violation(already):
            consent.save(force_insert=True)
        _changed(user, participant, "programmes.consent.create", given_by=given_by)
    return consent


def goal_add(*, user: User, participant: Participant, text: str, agency: str, due: dt.date) -> Goal:
    """A goal of the individual action plan and the agency responsible for it."""
    _require_writer(user)
    text = require_text("text", text)
    if agency not in Agency.values:
        raise ValidationError({"agency": _("Choose the responsible agency.")})
    _require_planned("due", due)
    with transaction.atomic():
        participant = _lock(participant)
        _require_ongoing(participant, "text")
        if due < participant.started_on:
            raise ValidationError({"due": _("The date is before the participation started.")})
        goal = Goal.objects.create(
            participant=participant, text=text, agency=agency, due=due, created_by=user
        )
        _changed(user, participant, "programmes.goal.create", goal=goal.pk, agency=agency)
    return goal


def goal_follow_up(
    *, user: User, goal: Goal, followed_up_on: dt.date, result: str, note: str = ""
) -> GoalFollowUp:
    """The follow-up of one goal: reached, partly or not, on a date."""
    _require_writer(user)
    validate_not_future("followed_up_on", followed_up_on)
    if result not in GoalResult.values:
        raise ValidationError({"result": _("Choose reached, partly reached or not reached.")})
    note = require_text("note", note) if (note or "").strip() else ""
    with transaction.atomic():
        participant = _lock(goal.participant)
        _require_ongoing(participant, "result")
        if followed_up_on < participant.started_on:
            raise ValidationError(
                {"followed_up_on": _("The date is before the participation started.")}
            )
        follow_up = GoalFollowUp.objects.create(
            goal=goal, followed_up_on=followed_up_on, result=result, note=note, recorded_by=user
        )
        _changed(user, participant, "programmes.goal.follow_up", goal=goal.pk, result=result)
    return follow_up


def meeting_add(
    *,
    user: User,
    participant: Participant,
    held_on: dt.date,
    agencies: Iterable[str],
    notes: str = "",
) -> Meeting:
    """A meeting held with the participant, and the agencies that took part."""
    _require_writer(user)
    validate_not_future("held_on", held_on)
    codes = list(dict.fromkeys(agencies or []))
    if not codes:
        raise ValidationError({"agencies": _("Choose the agencies that took part.")})
    if any(code not in Agency.values for code in codes):
        raise ValidationError({"agencies": _("Choose agencies from the list.")})
    notes = require_text("notes", notes) if (notes or "").strip() else ""
    with transaction.atomic():
        participant = _lock(participant)
        _require_ongoing(participant, "held_on")
        if held_on < participant.started_on:
            raise ValidationError({"held_on": _("The date is before the participation started.")})
        meeting = Meeting.objects.create(
            participant=participant,
            held_on=held_on,
            agencies=sorted(codes),
            notes=notes,
            recorded_by=user,
        )
        _changed(user, participant, "programmes.meeting.create", meeting=meeting.pk)
    return meeting


def participant_end(
    *, user: User, participant: Participant, ended_on: dt.date, outcome: str
) -> Participant:
    """End the participation with its outcome; the programme case closes. Two ends at once: the
    second finds it ended under the lock and is refused (409)."""
    _require_writer(user)
    validate_not_future("ended_on", ended_on)
    if outcome not in ParticipantOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    with transaction.atomic():
        participant = _lock(participant)
        _require_ongoing(participant, "ended_on")
        if ended_on < participant.started_on:
            raise ValidationError({"ended_on": _("The date is before the participation started.")})
        participant.ended_on = ended_on
        participant.outcome = outcome
        participant.save(update_fields=["ended_on", "outcome"])
        case_change_audited(
            case=participant.case,
            user=user,
            change=CaseChange.PROGRAMME,
            status=CaseStatus.CLOSED,
            action="programmes.participant.end",
            participant=participant.pk,
            outcome=outcome,
        )
    return participant


def participant_decide(
    *,
    user: User,
    participant: Participant,
    intervention_type: InterventionType,
    decided_on: dt.date,
    outcome: str,
    reason: str,
    started_on: dt.date | None = None,
    cost_sek: int | None = None,
) -> Decision:
    """An intervention for a participant (crime exit: support, protected housing), decided in
    the ordinary way: on the participant's case, under the user's line of the delegation order,
    once per intervention. A granted decision runs the spine's hooks: protected housing waits in
    the queue of its kind of place (the LSS flow's places and queues). A grant given a start
    day starts the intervention at once, with its cost (what the follow-up counts as the
    programme's actual cost)."""
    _require_writer(user)
    if started_on is not None and outcome != Outcome.GRANT:
        raise ValidationError({"started_on": _("Only a granted intervention can start.")})
    if cost_sek is not None and started_on is None:
        raise ValidationError({"started_on": _("Give the day the intervention starts.")})
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose grant or refuse.")})
    if intervention_type.case_kind != CaseKind.PROGRAMME:
        raise ValidationError({"intervention_type": _("This intervention does not fit the case.")})
    with transaction.atomic():
        participant = _lock(participant)
        _require_ongoing(participant, "decided_on")
        if decided_on < participant.started_on:
            raise ValidationError(
                {"decided_on": _("The date is before the participation started.")}
            )
        decision = intervention_decision_create(
            case=participant.case,
            user=user,
            intervention_type=intervention_type,
            decided_on=decided_on,
            outcome=outcome,
            reason=reason,
            already=(
                "intervention_type",
                _("This intervention has already been decided on the case."),
            ),
        )
        # A granted protected housing joins its queue through the spine's decision hook
        # (cases.registry.register_decision_recorded, filled by the places and queues in lss).
        if started_on is not None:
            intervention_start(
                user=user, decision=decision, started_on=started_on, cost_sek=cost_sek or 0
            )
        case_change_audited(
            case=participant.case,
            user=user,
            change=CaseChange.DECISION,
            action="cases.decision.create",
            outcome=outcome,
            intervention_type=intervention_type.code,
            delegation=decision.delegation.code,
            participant=participant.pk,
        )
    return decision
