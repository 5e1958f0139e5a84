"""Early help (insatser utan individuell behovsprövning): an intervention offered directly, with
the guardians' consent, without investigation or decision under delegation; and its end."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    InterventionType,
)
from skyddsnat.cases.policy import gives_early_help
from skyddsnat.cases.services import (
    CaseConflict,
    case_lock,
    case_record_change,
    require_case_access,
    validate_not_future,
)
from skyddsnat.children import guardians
from skyddsnat.children.models import EarlyHelp
from skyddsnat.children.services.rows import early_help_build
from skyddsnat.organisation.models import Unit, User
from skyddsnat.people.models import Person
from skyddsnat.people.services import person_get_or_create


def _early_help_unit(user: User) -> Unit:
    """The children and youth unit of a caseworker or manager; everyone else is refused."""
    if not gives_early_help(user) or user.unit is None:
        raise PermissionDenied
    return user.unit


def early_help_start(
    *,
    user: User,
    intervention_type: InterventionType,
    started_on: dt.date,
    consent_given: bool,
    consent_on: dt.date | None,
    note: str = "",
    person: Person | None = None,
    personal_identity_number: str = "",
    first_name: str = "",
    last_name: str = "",
    case: Case | None = None,
    is_synthetic: bool = False,
) -> EarlyHelp:
    """Offer an intervention directly, without investigation or decision under delegation.

    Only intervention types the committee offers without an individual needs assessment; a child
    needs the guardians' consent. From a case (e.g. after a decision not to investigate) the help
    goes to the case's child in the case's unit.
    """
    unit = _early_help_unit(user)
    if case is not None:
        require_case_access(user, case)
        if case.kind != CaseKind.CHILDREN or case.unit_id != unit.pk:
            raise PermissionDenied
        person = case.person
    if not intervention_type.without_needs_assessment or intervention_type.case_kind != (
        CaseKind.CHILDREN
    ):
        raise ValidationError(
            {
                "intervention_type": _(
                    "This intervention needs an individual needs assessment: open an "
                    "investigation and decide on it instead."
                )
            }
        )
    validate_not_future("started_on", started_on)
    if consent_on is not None:
        validate_not_future("consent_on", consent_on)
    if consent_given and consent_on is None:
        raise ValidationError({"consent_on": _("Give the date of the consent.")})
    if consent_on is not None and consent_on > started_on:
        raise ValidationError(
            {"consent_on": _("The consent must be given before the intervention starts.")}
        )
    note = note.strip()
    # Help without a case keeps the names it was registered with (see EarlyHelp.first_name).
    registered_names = {"first_name": first_name.strip(), "last_name": last_name.strip()}
    with transaction.atomic():
        if person is None:
            person, _created = person_get_or_create(
                personal_identity_number=personal_identity_number,
                first_name=first_name,
                last_name=last_name,
                is_synthetic=is_synthetic,
            )
        # Lock the child: two requests starting the same help at once run one after the other,
        # and the second finds the first's ongoing help below. The child before the case, in the
        # order report registration takes them, so the two never wait for each other.
        Person.objects.select_for_update().filter(pk=person.pk).get()
        if case is not None:
            case = case_lock(case)
        if guardians.needs_guardians_consent(person, started_on) and not consent_given:
            raise ValidationError(
                {"consent_given": _("A child's guardians must consent to the intervention.")}
            )
        if not consent_given:
            consent_on = None
        if case is not None:
            registered_names = {"first_name": "", "last_name": ""}
        elif not registered_names["first_name"]:
            # A person passed in by the caller (not typed in): its own names.
            registered_names = {"first_name": person.first_name, "last_name": person.last_name}
        ongoing = EarlyHelp.objects.filter(
            person=person, unit=unit, intervention_type=intervention_type, ended_on__isnull=True
        )
        if ongoing.exists():
            raise CaseConflict({"intervention_type": _("The child already has this intervention.")})
        help_record = early_help_build(
            person=person,
            unit=unit,
            intervention_type=intervention_type,
            case=case,
            started_on=started_on,
            consent_given=consent_given,
            consent_on=consent_on,
            note=note,
            registered_by=user,
            first_name=registered_names["first_name"],
            last_name=registered_names["last_name"],
        )
        help_record.save(force_insert=True)
        guardians.consents_record_at_start(user=user, early_help=help_record)
        if case is not None:
            case_record_change(case=case, user=user, change=CaseChange.EARLY_HELP)
        audit_log(
            user=user,
            action="children.early_help.create",
            person_id=person.pk,
            case_id=case.pk if case else None,
            early_help_id=help_record.pk,
            intervention_type=intervention_type.code,
        )
    return help_record


def early_help_end(*, user: User, early_help: EarlyHelp, ended_on: dt.date) -> EarlyHelp:
    unit = _early_help_unit(user)
    if early_help.unit_id != unit.pk:
        raise PermissionDenied
    validate_not_future("ended_on", ended_on)
    if ended_on < early_help.started_on:
        raise ValidationError({"ended_on": _("The end cannot come before the start.")})
    with transaction.atomic():
        EarlyHelp.objects.select_for_update().filter(pk=early_help.pk).get()
        early_help.refresh_from_db()
        if early_help.ended_on is not None:
            raise CaseConflict({"ended_on": _("The intervention has already ended.")})
        early_help.ended_on = ended_on
        early_help.save(update_fields=["ended_on"])
        audit_log(
            user=user,
            action="children.early_help.end",
            person_id=early_help.person_id,
            case_id=early_help.case_id,
            early_help_id=early_help.pk,
        )
    return early_help
