from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from skyddsnat.signin import throttle


class LoginForm(AuthenticationForm):
    """Django's login form behind the sign-in throttle (django-axes, skyddsnat.signin.throttle):
    after repeated failures for a username from one client address, attempts for that pair are
    refused for a while without the password being checked."""

    throttled = False

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if self.request is not None and throttle.is_locked_out(self.request):
                self.throttled = True
                raise ValidationError(throttle.lockout_message(), code="throttled") from None
            raise


class CodeForm(forms.Form):
    """The six digits from an authenticator app (spaces allowed, as apps show them)."""

    code = forms.CharField(label=_("Code from the app"), max_length=20)

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise ValidationError(_("Enter the six digits the app shows."), code="format")
        return code

    @staticmethod
    def wrong_code_message() -> str:
        return str(_("The code is wrong or has already been used. Wait for the next one."))
