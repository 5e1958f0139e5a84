"""What an agency may see today: computed from the consents, never stored.

The rule (docs/architecture.md, *Consent and partner access*):

- A scope item ("plan", "meetings") of a person is shared with an agency on a day when the
  **person's own** consent to it is active that day, and, **while the person is under 18** that
  day, **every guardian** registered for the person (`people.Guardianship`) has an active consent
  to it too. Guardians with joint custody decide together (Föräldrabalken 6 kap. 13 §): one
  guardian's consent does not share what the other has not agreed to. A child under 18 with no
  guardian registered shares nothing (nobody's consent can be shown), nor does a person whose
  date of birth is unknown (they count as under 18).
- A consent is active on a day from `valid_from` through `valid_to`, and stops on the day it is
  withdrawn (`withdrawn_on`): sharing stops that very day.
- "Today" is the date in Europe/Stockholm (`timezone.localdate()`, TIME_ZONE).

The same query answers the partner's list, the partner's record and the staff page's summary, so
the three cannot disagree.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from skyddsnat.partners.models import Consent, GivenBy, Scope
from skyddsnat.people.models import Guardianship, Person
from skyddsnat.programmes.models import Participant

ADULT_AGE = 18

SCOPE_FIELDS = {Scope.PLAN: "shares_plan", Scope.MEETINGS: "shares_meetings"}


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February: the birthday is on 1 March in a common year
        return day.replace(year=day.year - years, month=3, day=1) - dt.timedelta(days=1)


def active_consents(*, agency: str, scope: str, day: dt.date) -> QuerySet[Consent]:
    return Consent.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        agency=agency,
        valid_from__lte=day,
        valid_to__gte=day,
        **{SCOPE_FIELDS[Scope(scope)]: True},
    )


def shared_condition(*, person_ref: str, agency: str, scope: str, day: dt.date) -> Q:
    """A condition on a queryset whose `person_ref` names the person: the scope is shared with
    the agency on `day`."""
    active = active_consents(agency=agency, scope=scope, day=day)
    own = Exists(active.filter(person=OuterRef(person_ref), given_by=GivenBy.PERSON))
    guardianships = Guardianship.objects.filter(child=OuterRef(person_ref))
    has_guardian = Exists(Guardianship.objects.filter(child=OuterRef(person_ref)))
    guardian_missing = Exists(
        guardianships.exclude(
            Exists(
                active.filter(
                    person=OuterRef("child"),
                    given_by=GivenBy.GUARDIAN,
                    guardian=OuterRef("guardian"),
                )
            )
        )
    )
    adult = Q(**{f"{person_ref}__date_of_birth__lte": years_before(day, ADULT_AGE)})
    if person_ref == "pk":
        adult = Q(date_of_birth__lte=years_before(day, ADULT_AGE))
    return own & (adult | (has_guardian & ~guardian_missing))


def shared_participants(*, agency: str, day: dt.date | None = None) -> QuerySet[Participant]:
    """Participants of whom something is shared with `agency` on `day` (today), annotated
    `plan_shared` and `meetings_shared`."""
    day = day or timezone.localdate()
    if not agency:
        return Participant.objects.none()
    plan = shared_condition(person_ref="person", agency=agency, scope=Scope.PLAN, day=day)
    meetings = shared_condition(person_ref="person", agency=agency, scope=Scope.MEETINGS, day=day)
    return (
        Participant.objects.annotate(plan_shared=plan, meetings_shared=meetings)
        .filter(Q(plan_shared=True) | Q(meetings_shared=True))
        .select_related("person")
    )


def shared_scopes(*, person: Person, agency: str, day: dt.date | None = None) -> list[str]:
    """The scope items of `person` shared with `agency` on `day` (for the staff page)."""
    day = day or timezone.localdate()
    shared = []
    for scope in Scope:
        condition = shared_condition(person_ref="pk", agency=agency, scope=scope, day=day)
        if Person.objects.filter(condition, pk=person.pk).exists():
            shared.append(scope.value)
    return shared
