"""The guardians of the person of a case (issue 9 point 1): shown on the case page, the person
page, in letters and the API, and added from the case page or the report intake.

A guardian is seen through the child's case, so whoever sees the case sees the guardians' names;
a protected guardian's address and level of protection only if `policy.may_see_address` says so.
Every list of guardians shown is audited under the guardians' ids, so the auditor's search by
person finds the look."""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseChange
from skyddsnat.cases.services import (
    CaseConflict,
    case_lock,
    case_record_change,
    require_case_access,
)
from skyddsnat.organisation.models import User
from skyddsnat.people.models import GuardianRelation, Guardianship, Person
from skyddsnat.people.services import person_get_or_create


@dataclass(frozen=True)
class GuardianRow:
    """A guardian as this user may see them: `address_protected` when the address is withheld
    (then `address` is None), and `protection` (the level's name) is empty unless the address may
    be shown, so a withheld address tells nothing of the level."""

    id: int
    name: str
    relation: str
    relation_label: str
    address_protected: bool
    address: str | None
    protection: str
    person: Person


def _address(person: Person) -> str:
    parts = [person.street_address, f"{person.postal_code} {person.city}".strip()]
    return ", ".join(p for p in parts if p)


def guardians_of(child: Person) -> list[Person]:
    """A child's guardians, in the order they were registered (for forms and letters; what a
    user is shown of them goes through `guardian_rows`)."""
    return [
        link.guardian
        for link in Guardianship.objects.filter(child=child)
        .select_related("guardian")
        .order_by("pk")
    ]


def guardian_rows(
    *, user: User, child: Person, case_id: int | None = None, audit: bool = True
) -> list[GuardianRow]:
    """The guardians of a child the caller has already found visible to the user (a case or the
    person page), oldest registration first; one audit entry for the list unless `audit` is off
    (the caller logs the same read itself) or no guardian is registered."""
    links = list(Guardianship.objects.filter(child=child).select_related("guardian").order_by("pk"))
    rows = []
    for link in links:
        guardian = link.guardian
        visible = policy.may_see_address(user, guardian)
        rows.append(
            GuardianRow(
                id=guardian.pk,
                name=guardian.full_name,
                relation=link.relation,
                relation_label=str(link.get_relation_display()),
                address_protected=not visible,
                address=_address(guardian) if visible else None,
                protection=(
                    str(guardian.get_protection_level_display())
                    if visible and guardian.is_protected
                    else ""
                ),
                person=guardian,
            )
        )
    # No guardian, no guardian's data read: the read of the case or person page is logged already.
    if audit and rows:
        audit_log_many(
            user=user,
            action="people.guardian.list",
            rows=[(row.id, case_id) for row in rows],
            child_id=child.pk,
        )
    return rows


def _folded(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _same_name(person: Person, first_name: str, last_name: str) -> bool:
    """Whether the typed names are the stored ones, but for case, spacing and Unicode form."""
    return (_folded(person.first_name), _folded(person.last_name)) == (
        _folded(first_name),
        _folded(last_name),
    )


def guardianship_create(
    *,
    user: User,
    child: Person,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    relation: str,
    case: Case | None = None,
    is_synthetic: bool = False,
    known_is_fine: bool = False,
) -> Guardianship:
    """Record a guardian of a child, found or created by identity number; audited. The caller
    has checked that the user may add one (their case, or the report they register), holds the
    transaction and, for a case, its lock. A guardian already recorded is refused (409), or with
    `known_is_fine` (a new report naming a known guardian) left as it is."""
    if relation not in GuardianRelation.values:
        raise ValidationError({"relation": _("Choose the relation to the child.")})
    guardian, created = person_get_or_create(
        personal_identity_number=personal_identity_number,
        first_name=first_name,
        last_name=last_name,
        is_synthetic=is_synthetic,
    )
    if not created and not _same_name(guardian, first_name, last_name):
        # A known number links only with the name it is known by: otherwise the form would turn
        # any identity number into the stored person's name and address on the user's own case.
        raise ValidationError(
            {
                "personal_identity_number": _(
                    "The name does not match the personal identity number. Check both."
                )
            }
        )
    if guardian.pk == child.pk:
        raise ValidationError(
            {"personal_identity_number": _("A child cannot be their own guardian.")}
        )
    known = Guardianship.objects.filter(child=child, guardian=guardian).first()
    if known is not None and known_is_fine:
        return known
    if known is not None:
        raise CaseConflict(
            {"personal_identity_number": _("The person is already a guardian of the child.")}
        )
    try:
        with transaction.atomic():
            link = Guardianship.objects.create(child=child, guardian=guardian, relation=relation)
    except IntegrityError:
        # A colleague added the same guardian at the same moment.
        raise CaseConflict(
            {"personal_identity_number": _("The person is already a guardian of the child.")}
        ) from None
    audit_log(
        user=user,
        action="people.guardian.add",
        person_id=guardian.pk,
        case_id=case.pk if case else None,
        child_id=child.pk,
        relation=relation,
    )
    return link


def guardian_add(
    *,
    user: User,
    case: Case,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    relation: str,
    is_synthetic: bool = False,
) -> Guardianship:
    """Add a guardian of the case's person from the case page or the API."""
    require_case_access(user, case)
    with transaction.atomic():
        case = case_lock(case)
        link = guardianship_create(
            user=user,
            child=case.person,
            personal_identity_number=personal_identity_number,
            first_name=first_name,
            last_name=last_name,
            relation=relation,
            case=case,
            is_synthetic=is_synthetic,
        )
        case_record_change(case=case, user=user, change=CaseChange.GUARDIAN)
    return link
