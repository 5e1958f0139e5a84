"""The child's details that the national child and youth register asks for beyond the case
(docs/statistics.md): the child's and each guardian's country of birth where known, and whether
the child is an unaccompanied minor (ensamkommande barn). They are facts about the persons, not
about one case, so they are stored on `people.Person`; they are written through a children's case
the user may work on, which is what shows the child and its guardians to them."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import Case, CaseChange, CaseKind
from skyddsnat.cases.services import case_change_audited, case_lock, require_case_access
from skyddsnat.lib import countries
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Guardianship, Person

__all__ = ["child_background_read", "child_background_update"]


def _country(field: str, value: str) -> str:
    code = countries.normalise(value)
    try:
        countries.validate_country_code(code)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return code


def child_background_read(*, user: User, case: Case) -> None:
    """The page of these details shows the child and the guardians by name: audited, naming
    each of them."""
    require_case_access(user, case)
    guardians = Guardianship.objects.filter(child_id=case.person_id).values_list(
        "guardian_id", flat=True
    )
    audit_log(
        user=user,
        action="children.background.read",
        person_id=case.person_id,
        case_id=case.pk,
        others=list(guardians),
    )


def child_background_update(
    *,
    user: User,
    case: Case,
    country_of_birth: str,
    unaccompanied_minor: bool,
    guardian_countries: Mapping[int, str] | None = None,
) -> Person:
    """Record the child's country of birth (ISO 3166-1 alpha-2, empty = not known), whether the
    child came unaccompanied, and the country of birth of the child's guardians named in
    `guardian_countries` (guardian person id → code). The case and the persons are locked; one
    audit entry names the child and every guardian whose details changed, with what changed
    (the field names, not the values)."""
    require_case_access(user, case)
    if case.kind != CaseKind.CHILDREN:
        raise ValidationError(
            {"country_of_birth": _("These details are recorded on a children's case.")}
        )
    child_country = _country("country_of_birth", country_of_birth)
    given = {
        pk: _country(f"guardian_{pk}", value) for pk, value in (guardian_countries or {}).items()
    }
    with transaction.atomic():
        case = case_lock(case)
        child = Person.objects.select_for_update().get(pk=case.person_id)
        guardian_ids = set(
            Guardianship.objects.filter(child=child).values_list("guardian_id", flat=True)
        )
        if set(given) - guardian_ids:
            raise ValidationError(
                {"country_of_birth": _("Only the child's own guardians can be changed here.")}
            )
        changed: dict[str, list[str]] = {}
        fields = []
        if child.country_of_birth != child_country:
            child.country_of_birth = child_country
            fields.append("country_of_birth")
        if child.unaccompanied_minor != unaccompanied_minor:
            child.unaccompanied_minor = unaccompanied_minor
            fields.append("unaccompanied_minor")
        if fields:
            child.save(update_fields=fields)
            changed[str(child.pk)] = fields
        guardians = Person.objects.select_for_update().filter(pk__in=given).order_by("pk")
        for guardian in guardians:
            if guardian.country_of_birth != given[guardian.pk]:
                guardian.country_of_birth = given[guardian.pk]
                guardian.save(update_fields=["country_of_birth"])
                changed[str(guardian.pk)] = ["country_of_birth"]
        if changed:
            case_change_audited(
                case=case,
                user=user,
                change=CaseChange.PERSON_DETAILS,
                action="people.person.background",
                others=[int(pk) for pk in changed],
                changed=changed,
            )
    return child
