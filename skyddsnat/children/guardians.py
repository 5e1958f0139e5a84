"""The guardians' consent to early help (issue 9 point 6): recorded per guardian, and not needed
from the age the consent rule gives (`ConsentRule`, rule data with its citation).

`early_help_start` (services) asks `needs_guardians_consent` and, when the guardians consented,
records each known guardian's consent (`consents_record_at_start`); later answers (a guardian who
refuses or withdraws, one added afterwards) are recorded one by one (`guardian_consent_record`)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.guardians import guardianship_create
from skyddsnat.cases.models import CaseChange
from skyddsnat.cases.services import case_change_audited, case_lock, validate_not_future
from skyddsnat.children.models import (
    ConsentAnswer,
    ConsentRule,
    EarlyHelp,
    GuardianConsent,
    Report,
)
from skyddsnat.lib import identity
from skyddsnat.lib.dates import add_months
from skyddsnat.lib.validators import validate_born_before
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Guardianship, Person

CONSENT_RULE = "early-help-without-guardians-consent"
ADULT_AGE = 18


def _birthday(person: Person, age: int) -> dt.date:
    # The birth date the number gives, as every age rule: the same answer for a stored number
    # (perhaps another district's child) as for a new one. A child without a number (issue 9
    # point 3): the date of birth if known; not known (unborn, unknown), no birthday has passed.
    born = (
        identity.birth_date(person.personal_identity_number)
        if person.personal_identity_number
        else person.date_of_birth
    )
    if born is None:
        return dt.date.max
    return add_months(born, 12 * age)


def consent_rule() -> ConsentRule | None:
    return ConsentRule.objects.filter(code=CONSENT_RULE).first()


def needs_guardians_consent(person: Person, day: dt.date) -> bool:
    """A child needs the guardians' consent to early help, until the birthday the consent rule
    names (15 as loaded): from that day on the child may receive it without. Without the rule
    (a municipality removed it) every child needs it."""
    if day >= _birthday(person, ADULT_AGE):
        return False
    rule = consent_rule()
    return rule is None or day < _birthday(person, rule.age)


def consents_record_at_start(*, user: User, early_help: EarlyHelp) -> list[GuardianConsent]:
    """The guardians consented when the help started: one row per guardian known then, on the
    day of the consent. Runs inside `early_help_start`'s transaction."""
    if not early_help.consent_given or early_help.consent_on is None:
        return []
    guardian_ids = Guardianship.objects.filter(child_id=early_help.person_id).values_list(
        "guardian_id", flat=True
    )
    rows = [
        GuardianConsent(
            early_help=early_help,
            guardian_id=guardian_id,
            answer=ConsentAnswer.GIVEN,
            answered_on=early_help.consent_on,
            recorded_by=user,
        )
        for guardian_id in guardian_ids
    ]
    created = GuardianConsent.objects.bulk_create(rows)
    if created:
        audit_log(
            user=user,
            action="children.consent.record",
            person_id=early_help.person_id,
            case_id=early_help.case_id,
            early_help_id=early_help.pk,
            others=[row.guardian_id for row in created],
            guardian_ids=[row.guardian_id for row in created],
            answer=ConsentAnswer.GIVEN.value,
        )
    return created


def consent_table(early_help: list[EarlyHelp], guardians: list[Person]) -> list[dict]:
    """For the case page: each early help with each guardian's answer (None: not recorded)."""
    answers = {
        (c.early_help_id, c.guardian_id): c
        for c in GuardianConsent.objects.filter(early_help__in=early_help)
    }
    return [
        {
            "early_help": help_record,
            "answers": [(g, answers.get((help_record.pk, g.pk))) for g in guardians],
        }
        for help_record in early_help
    ]


def guardian_consent_record(
    *,
    user: User,
    early_help: EarlyHelp,
    guardian: Person,
    answer: str,
    answered_on: dt.date,
) -> GuardianConsent:
    """Record (or correct) one guardian's answer to early help given from a case: a guardian who
    refuses or withdraws, or one registered after the start."""
    if not policy.gives_early_help(user) or early_help.unit_id != user.unit_id:
        raise PermissionDenied
    help_case = early_help.case
    if help_case is None or not policy.may_see_case(user, help_case):
        # Help without a case does not open the child's record, nor so its guardians.
        raise PermissionDenied
    if answer not in ConsentAnswer.values:
        raise ValidationError({"answer": _("Choose whether the guardian consents.")})
    validate_not_future("answered_on", answered_on)
    validate_born_before(
        born=early_help.person.date_of_birth, event=answered_on, field="answered_on"
    )
    if not Guardianship.objects.filter(child_id=early_help.person_id, guardian=guardian).exists():
        raise ValidationError({"guardian": _("The person is not a guardian of the child.")})
    with transaction.atomic():
        case = case_lock(help_case)
        early_help = EarlyHelp.objects.select_for_update().get(pk=early_help.pk)
        consent, _created = GuardianConsent.objects.update_or_create(
            early_help=early_help,
            guardian=guardian,
            defaults={"answer": answer, "answered_on": answered_on, "recorded_by": user},
        )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.CONSENT,
            action="children.consent.record",
            early_help_id=early_help.pk,
            guardian_id=guardian.pk,
            others=[guardian.pk],
            answer=answer,
        )
    return consent


def report_guardian_add(
    *, user: User, report: Report, guardian: dict | None
) -> Guardianship | None:
    """The guardian a concern report names, added with the report (in its transaction). The one
    who registers a report may add its child's guardian even when the report goes to another
    district's unit; errors name the intake form's guardian fields."""
    if guardian is None:
        return None
    try:
        return guardianship_create(
            user=user, child=report.child, case=report.case, known_is_fine=True, **guardian
        )
    except ValidationError as error:
        renamed = {f"guardian_{field}": texts for field, texts in error.message_dict.items()}
        raise type(error)(renamed) from None
