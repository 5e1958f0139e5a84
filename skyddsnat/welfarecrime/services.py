"""Writes of welfare-crime signals and their assessment (Lag 2008:206): one service per action,
used by the page and the API alike."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.services import CaseConflict
from skyddsnat.lib import validators
from skyddsnat.organisation.models import District, User
from skyddsnat.people.services import person_get_or_create
from skyddsnat.welfarecrime.models import Assessment, Authority, Benefit, Signal, Source


def _check(field: str, check, value) -> None:  # type: ignore[no-untyped-def]
    try:
        check(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def signal_register(
    *,
    user: User,
    received_on: dt.date,
    source: str,
    benefit: str,
    authority: str,
    description: str,
    district: District | None = None,
    personal_identity_number: str = "",
    first_name: str = "",
    last_name: str = "",
    is_synthetic: bool = False,
) -> Signal:
    """A signal in the officer's district. It usually names the person the benefit was paid to
    (identity number checked; audited under them); one without a person is allowed (a tip about
    an address, an employer)."""
    home = policy.home_district_id(user)
    if not policy.handles_welfare_crime(user) or home is None:
        raise PermissionDenied
    if district is not None and district.pk != home:
        raise ValidationError(
            {"district": _("You can only register signals in your own district.")}
        )
    _check("received_on", validators.validate_past, received_on)
    if source not in Source.values:
        raise ValidationError({"source": _("Choose a source from the list.")})
    if benefit not in Benefit.values:
        raise ValidationError({"benefit": _("Choose a benefit from the list.")})
    if authority not in Authority.values:
        raise ValidationError({"authority": _("Choose an authority from the list.")})
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe what the signal says.")})
    _check("description", validators.validate_text, description)
    person = None
    if personal_identity_number:
        person, _created = person_get_or_create(
            personal_identity_number=personal_identity_number,
            first_name=first_name,
            last_name=last_name,
            is_synthetic=is_synthetic,
        )
    elif first_name or last_name:
        raise ValidationError(
            {"personal_identity_number": _("Give the identity number of the person named.")}
        )
    with transaction.atomic():
        signal = Signal.objects.create(
            district_id=home,
            received_on=received_on,
            source=source,
            benefit=benefit,
            authority=authority,
            description=description,
            person=person,
            first_name=first_name.strip() if person else "",
            last_name=last_name.strip() if person else "",
            registered_by=user,
        )
        audit_log(
            user=user,
            action="welfarecrime.signal.create",
            person_id=signal.person_id,
            signal_id=signal.pk,
        )
    return signal


def _already_assessed() -> CaseConflict:
    return CaseConflict(_("This signal has already been assessed."))


def signal_assess(
    *,
    user: User,
    signal: Signal,
    notify: bool,
    notified_on: dt.date | None = None,
    recipient: str = "",
    reason: str = "",
) -> Assessment:
    """The one assessment of a signal: notified (date, receiving authority) or not (reason).
    The signal is locked and the assessment re-checked inside the lock; a second one (two
    officers at once, a second click) is refused with 409, and the unique row per signal holds
    even without the lock."""
    if not policy.handles_welfare_crime(user) or not policy.may_see_signal(
        user, signal.district_id
    ):
        raise PermissionDenied
    reason = (reason or "").strip()
    if notify:
        if notified_on is None:
            raise ValidationError({"notified_on": _("Give the date the notification was sent.")})
        _check("notified_on", validators.validate_past, notified_on)
        if notified_on < signal.received_on:
            raise ValidationError(
                {"notified_on": _("The notification cannot be sent before the signal came in.")}
            )
        if recipient not in Authority.values:
            raise ValidationError({"recipient": _("Choose the receiving authority from the list.")})
        if reason:
            raise ValidationError({"reason": _("A notification sent has no reason not to notify.")})
    else:
        if notified_on is not None or recipient:
            raise ValidationError(
                {"notify": _("A signal not notified has no notification date or recipient.")}
            )
        if not reason:
            raise ValidationError({"reason": _("Give the reason not to notify.")})
        _check("reason", validators.validate_text, reason)
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        if Assessment.objects.filter(signal=locked).exists():
            raise _already_assessed()
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    signal=locked,
                    notify=notify,
                    notified_on=notified_on if notify else None,
                    recipient=recipient if notify else "",
                    reason="" if notify else reason,
                    assessed_by=user,
                )
        except IntegrityError:
            raise _already_assessed() from None
        audit_log(
            user=user,
            action="welfarecrime.signal.assess",
            person_id=locked.person_id,
            signal_id=locked.pk,
            notify=notify,
        )
    return assessment
