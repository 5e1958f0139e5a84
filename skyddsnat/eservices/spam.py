"""The spam guard of the public forms, without JavaScript and without a third-party service:

- a honeypot: a field hidden from people (off screen, out of the tab order, `aria-hidden`) that
  a form-filling robot fills in; a post with it filled is refused;
- a signed moment the form was shown (`django.core.signing`, so it cannot be forged): a post
  sooner than `SKYDDSNAT_ESERVICE_MIN_SECONDS` after it (a robot) or later than
  `SKYDDSNAT_ESERVICE_FORM_HOURS` (a stale or replayed form) is refused.

Both refusals store nothing and say in plain words what to do: send the form again.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SALT = "skyddsnat.eservices.form-issued"


def issue_token(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


def check(*, token: str, honeypot: str, now: float | None = None) -> None:
    """ValidationError (not tied to a field) when the post looks like spam or the form is stale."""
    if honeypot:
        raise ValidationError(_("The form could not be sent. Send it again."), code="spam")
    try:
        issued = int(signing.loads(token or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        raise ValidationError(
            _("The form could not be sent. Send it again."), code="spam"
        ) from None
    age = (now if now is not None else time.time()) - issued
    if age < settings.SKYDDSNAT_ESERVICE_MIN_SECONDS:
        raise ValidationError(
            _("The form was sent too quickly. Check your answers and send it again."),
            code="too_fast",
        )
    if age > settings.SKYDDSNAT_ESERVICE_FORM_HOURS * 3600:
        raise ValidationError(
            _("The form has been open too long. Check your answers and send it again."),
            code="stale",
        )
