"""Writes: recording a consent, withdrawing it, recording a disclosure. One transaction each,
keyword-only, validated here (pages and the API call the same functions), audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.services import CaseConflict
from skyddsnat.lib import validators
from skyddsnat.organisation.models import User
from skyddsnat.partners.models import (
    PARTNER_AGENCIES,
    Consent,
    Disclosure,
    DisclosureGround,
    GivenBy,
    Scope,
)
from skyddsnat.partners.sharing import years_before
from skyddsnat.people.models import Guardianship, Person

# A consent is given for a programme's time, not forever: at most this many years.
MAX_CONSENT_YEARS = 5


def _check_date(errors: dict, field: str, value: dt.date, check) -> None:  # type: ignore[no-untyped-def]
    try:
        check(value)
    except ValidationError as error:
        errors.setdefault(field, []).extend(error.messages)


def consent_record(
    *,
    user: User,
    person: Person,
    agency: str,
    scope: list[str],
    valid_from: dt.date,
    valid_to: dt.date,
    given_by: str,
    guardian_id: int | None = None,
) -> Consent:
    """Record a consent of `person` (or of one of their guardians) to share `scope` with
    `agency` from `valid_from` through `valid_to`. The guardian must be a registered guardian
    of the person (`people.Guardianship`); a consent may not start before the person was born
    nor run for more than five years."""
    errors: dict[str, list[str]] = {}
    if agency not in dict(PARTNER_AGENCIES):
        errors["agency"] = [_("Choose one of the partner agencies.")]
    items = set(scope or [])
    if not items or not items <= {s.value for s in Scope}:
        errors["scope"] = [_("Choose what is shared: the action plan, the meetings or both.")]
    _check_date(errors, "valid_from", valid_from, validators.validate_planned)
    _check_date(errors, "valid_to", valid_to, validators.validate_planned)
    if "valid_from" not in errors and "valid_to" not in errors:
        if valid_to < valid_from:
            errors["valid_to"] = [_("The consent cannot end before it begins.")]
        elif valid_to >= years_before(valid_from, -MAX_CONSENT_YEARS):
            errors["valid_to"] = [
                _("A consent runs for at most %(years)d years: record a new one after that.")
                % {"years": MAX_CONSENT_YEARS}
            ]
        if person.date_of_birth and valid_from < person.date_of_birth:
            errors.setdefault("valid_from", []).append(
                _("The person was born after this date: check the date.")
            )
    guardian = None
    if given_by == GivenBy.GUARDIAN:
        guardianship = (
            Guardianship.objects.filter(child=person, guardian_id=guardian_id)
            .select_related("guardian")
            .first()
            if guardian_id
            else None
        )
        if guardianship is None:
            errors["guardian_id"] = [_("Choose one of the person's registered guardians.")]
        else:
            guardian = guardianship.guardian
    elif given_by == GivenBy.PERSON:
        if guardian_id:
            errors["guardian_id"] = [_("A guardian is named only for a guardian's consent.")]
    else:
        errors["given_by"] = [_("Say who gave the consent: the person or a guardian.")]
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        given_by=given_by,
        guardian=guardian,
        agency=agency,
        shares_plan=Scope.PLAN in items,
        shares_meetings=Scope.MEETINGS in items,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=user,
    )
    audit_log(
        user=user,
        action="partners.consent.create",
        person_id=person.pk,
        others=[guardian.pk] if guardian else (),
        consent_id=consent.pk,
        agency=agency,
    )
    return consent


def consent_withdraw(*, user: User, consent: Consent, withdrawn_on: dt.date) -> Consent:
    """Record that the consent was withdrawn on `withdrawn_on` (today or earlier: a withdrawal
    told the social services is recorded as given, never ahead of time; a date in the future is
    refused). Sharing stops on that day. The row is locked and re-checked: of two withdrawals at
    once, one is recorded and the other answers 409."""
    errors: dict[str, list[str]] = {}
    _check_date(errors, "withdrawn_on", withdrawn_on, validators.validate_past)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_on is not None:
            raise CaseConflict(_("The consent has already been withdrawn."))
        locked.withdrawn_on = withdrawn_on
        locked.withdrawn_by = user
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawn_at"])
        audit_log(
            user=user,
            action="partners.consent.withdraw",
            person_id=locked.person_id,
            others=[locked.guardian_id] if locked.guardian_id else (),
            consent_id=locked.pk,
            agency=locked.agency,
        )
    return locked


def disclosure_record(
    *,
    user: User,
    person: Person,
    ground: DisclosureGround,
    recipient: str,
    content: str,
    disclosed_on: dt.date,
) -> Disclosure:
    """Record a disclosure without consent on `ground`: to the ground's agency, about a person
    within its age limit on the day (a person of unknown birth date cannot be shown to be)."""
    errors: dict[str, list[str]] = {}
    _check_date(errors, "disclosed_on", disclosed_on, validators.validate_past)
    for field, value, check in (
        ("recipient", recipient, validators.validate_line),
        ("content", content, validators.validate_text),
    ):
        if not (value or "").strip():
            errors[field] = [_("This field is required.")]
        else:
            _check_date(errors, field, value, check)  # type: ignore[arg-type]
    if ground.under_age is not None and "disclosed_on" not in errors:
        born = person.date_of_birth
        if born is None or born <= years_before(disclosed_on, ground.under_age):
            errors["ground"] = [
                _("This ground applies only to a person younger than %(age)d on the day.")
                % {"age": ground.under_age}
            ]
    if errors:
        raise ValidationError(errors)
    disclosure = Disclosure.objects.create(
        person=person,
        ground=ground,
        agency=ground.agency,
        recipient=recipient.strip(),
        content=content.strip(),
        disclosed_on=disclosed_on,
        disclosed_by=user,
    )
    audit_log(
        user=user,
        action="partners.disclosure.create",
        person_id=person.pk,
        disclosure_id=disclosure.pk,
        ground=ground.code,
        agency=ground.agency,
    )
    return disclosure
