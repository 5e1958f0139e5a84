from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from skyddsnat.lib import login_throttle


class LoginForm(AuthenticationForm):
    """Django's login form behind the sign-in throttle: after repeated failures for a username,
    attempts for it are refused for a while without the password being checked."""

    throttled = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        locked = login_throttle.locked_for(username)
        if locked is not None:
            self.throttled = True
            minutes = max(1, round(locked.total_seconds() / 60))
            raise ValidationError(
                ngettext(
                    "Too many failed attempts for this username. Try again in %(minutes)d minute.",
                    "Too many failed attempts for this username. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            login_throttle.record_failure(username)
            raise
        login_throttle.record_success(username)
        return cleaned
