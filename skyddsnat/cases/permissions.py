"""Who may see which case. Every view and endpoint gets its case through here.

A record the user may not see answers 404, exactly like one that does not exist, so that probing
ids tells an outsider nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from skyddsnat.cases.models import Case
from skyddsnat.organisation.models import Role, User
from skyddsnat.people.models import Person


def visible_cases(user: User) -> QuerySet[Case]:
    """Cases of the user's unit or assigned to them; nothing for roles without case access."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    # Every case has a unit: staff without one see only what is assigned to them.
    if user.role in (Role.CASEWORKER, Role.LSS_OFFICER):
        if user.unit_id is None:
            return Case.objects.filter(assigned_to=user)
        return Case.objects.filter(Q(unit_id=user.unit_id) | Q(assigned_to=user))
    if user.role == Role.MANAGER and user.unit_id is not None:
        return Case.objects.filter(unit_id=user.unit_id)
    return Case.objects.none()


def get_case_for_user(user: User, case_id: int) -> Case:
    try:
        return (
            visible_cases(user)
            .select_related("person", "district", "unit", "assigned_to")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_persons(user: User) -> QuerySet[Person]:
    """Persons the user meets through a case they may see (the child of the case).

    Early help given without a case does not open the child's record: anyone may type any number
    into that form, and the record may be another district's (protected) child. The unit's early
    help lists show the names the unit registered instead (`children.EarlyHelp.first_name`)."""
    return Person.objects.filter(pk__in=visible_cases(user).values("person_id"))


def get_person_for_user(user: User, person_id: int) -> Person:
    try:
        return visible_persons(user).get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_see_address(user: User, person: Person) -> bool:
    """A protected person's address only for staff with a recorded, explicit need."""
    return not person.is_protected or user.may_see_protected_addresses


def is_manager(user: User) -> bool:
    return user.is_authenticated and user.role == Role.MANAGER


def works_with_cases(user: User) -> bool:
    return user.is_authenticated and user.works_with_cases


def is_auditor(user: User) -> bool:
    return user.is_authenticated and user.role == Role.AUDITOR
