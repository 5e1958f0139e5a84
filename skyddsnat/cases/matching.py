"""A child reported without a personal identity number (a coordination or reserve number, identity
unknown, unborn) matched later to the right person (issue 9 point 3), without losing the history.

- No person has the number yet: the provisional person is identified in place (same row, so every
  report, deadline, journal entry and audit entry stays with them).
- A person has it: the typed names must be the ones they are known by (as a guardian is linked,
  `cases.guardians`), so the number never turns into a stored name. Every record that points at
  the provisional person (cases, reports, early help, guardianships, whatever a flow adds) is moved
  to the matched one; the provisional row is kept, `merged_into` the matched one, so that the audit
  log's ids (append-only, never rewritten) still lead there. The match is audited under both ids.

Both persons and every case of the provisional one are locked for the match: two matches at once
give one result and a conflict."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.guardians import _same_name
from skyddsnat.cases.models import Case, CaseChange
from skyddsnat.cases.services import CaseConflict, case_record_change, require_case_access
from skyddsnat.lib import identity
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Guardianship, IdentityKind, Person
from skyddsnat.people.services import require_name


def _number(value: str) -> str:
    try:
        return identity.normalise(value)
    except identity.InvalidIdentityNumber:
        raise ValidationError(
            {
                "personal_identity_number": _(
                    "Enter a valid personal identity number (YYYYMMDD-NNNN)."
                )
            }
        ) from None


def _move_records(*, source: Person, target: Person) -> None:
    """Point every record of `source` at `target` (the model's reverse relations, so a flow's
    own records move too). A guardianship both already have is kept once."""
    for link in Guardianship.objects.filter(child=source):
        if Guardianship.objects.filter(child=target, guardian_id=link.guardian_id).exists():
            link.delete()
    for link in Guardianship.objects.filter(guardian=source):
        if Guardianship.objects.filter(guardian=target, child_id=link.child_id).exists():
            link.delete()
    for relation in Person._meta.related_objects:
        if relation.many_to_many or relation.related_model is None:
            continue
        field = relation.field.name
        model = relation.related_model
        if isinstance(model, str):  # pragma: no cover - resolved once the apps are loaded
            continue
        model._base_manager.filter(**{field: source}).update(**{field: target})


def person_match(
    *,
    user: User,
    case: Case,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
) -> Person:
    """Match the provisional person of the case to the person of this number; returns the person
    the case is now about."""
    require_case_access(user, case)
    number = _number(personal_identity_number)
    first_name = require_name("first_name", first_name)
    last_name = require_name("last_name", last_name)
    not_provisional = _("The person of the case is already identified.")
    if not case.person.identity_provisional:
        raise ValidationError({"personal_identity_number": not_provisional})
    with transaction.atomic():
        source_id = case.person_id
        # The cases first (every write of a case locks it first), then the two persons by id.
        cases = list(Case.objects.select_for_update().filter(person_id=source_id).order_by("pk"))
        target = Person.objects.filter(personal_identity_number=number).first()
        ids = sorted({source_id, target.pk} if target else {source_id})
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids)}
        source = locked[source_id]
        if not source.identity_provisional:
            raise CaseConflict({"personal_identity_number": not_provisional})
        kind = (
            IdentityKind.COORDINATION
            if identity.is_coordination_number(number)
            else IdentityKind.PERSONAL
        )
        if target is None or target.pk == source.pk:
            # Nobody has the number: the provisional person is identified in place.
            source.personal_identity_number = number
            source.identity_kind = kind
            source.date_of_birth = identity.birth_date(number)
            source.first_name, source.last_name = first_name, last_name
            source.save()
            matched = source
        else:
            matched = locked[target.pk]
            if not _same_name(matched, first_name, last_name):
                raise ValidationError(
                    {
                        "personal_identity_number": _(
                            "The name does not match the personal identity number. Check both."
                        )
                    }
                )
            try:
                with transaction.atomic():
                    _move_records(source=source, target=matched)
            except IntegrityError:
                raise CaseConflict(
                    {
                        "personal_identity_number": _(
                            "The records of the two persons could not be joined."
                        )
                    }
                ) from None
            source.merged_into = matched
            source.save(update_fields=["merged_into"])
        for locked_case in cases:
            case_record_change(case=locked_case, user=user, change=CaseChange.PERSON_MATCH)
        detail: dict[str, Any] = {
            "matched_from": source.pk,
            "matched_to": matched.pk,
            "merged": matched != source,
        }
        audit_log(
            user=user, action="people.person.match", person_id=matched.pk, case_id=case.pk, **detail
        )
        if matched != source:
            audit_log(
                user=user,
                action="people.person.merged",
                person_id=source.pk,
                case_id=case.pk,
                **detail,
            )
    case.refresh_from_db()
    return matched
