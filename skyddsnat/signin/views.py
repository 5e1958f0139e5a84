"""The sign-in pages: the login page (with the SSO button when configured), single sign-on,
the second-factor code and its enrolment.

They concern only the visitor's own sign-in, so there is no record to refuse: the code and
enrolment pages need a signed-in session (anonymous visitors go to the login page), SSO needs
the provider configured (404 otherwise).
"""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods
from joserfc.errors import JoseError

from skyddsnat.audit.services import audit_log
from skyddsnat.organisation.models import User
from skyddsnat.signin import oidc, second_factor
from skyddsnat.signin.forms import CodeForm, LoginForm

logger = logging.getLogger(__name__)

SSO_NEXT_KEY = "skyddsnat_sso_next"


class StaffLoginView(LoginView):
    authentication_form = LoginForm
    # Not PUT, which Django's form views treat as POST: every route declares what it accepts.
    http_method_names = ["get", "head", "post", "options"]

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc.is_configured()
        return context


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 (login_required; AUTH_USER_MODEL)
    return user


# ----- single sign-on ------------------------------------------------------------------------


@require_GET
def sso_start(request: HttpRequest) -> HttpResponse:
    if not oidc.is_configured():
        raise Http404
    request.session[SSO_NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    try:
        return oidc.client().authorize_redirect(
            request, request.build_absolute_uri(reverse("signin-sso-callback"))
        )
    except (AuthlibBaseError, requests.RequestException, ValueError, KeyError):
        logger.exception("The identity provider's discovery document could not be read.")
        return _sso_failed(request)


def _sso_failed(request: HttpRequest) -> HttpResponse:
    return render(request, "signin/sso_failed.html", status=502)


@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.is_configured():
        raise Http404
    provider = oidc.client()
    try:
        token = provider.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not oidc.claim_value(claims):
            claims = oidc.with_userinfo(claims, provider.userinfo(token=token))
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError) as exc:
        # A refused consent, a replayed or forged answer, an ID token failing its checks (nonce,
        # signature, expiry: joserfc's errors, which Authlib does not wrap), a provider that
        # cannot be reached.
        logger.warning("Single sign-on failed: %s", exc)
        return render(request, "signin/sso_refused.html", {"unknown": False}, status=400)
    user = oidc.user_for_claims(claims)
    if user is None:
        audit_log(
            user=None,
            action="signin.sso.refused",
            claim=settings.SKYDDSNAT_OIDC_USER_CLAIM,
            value=oidc.claim_value(claims)[:255],
        )
        return render(request, "signin/sso_refused.html", {"unknown": True}, status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[second_factor.SSO_SESSION_KEY] = True
    audit_log(user=user, action="signin.sso", claim=settings.SKYDDSNAT_OIDC_USER_CLAIM)
    return HttpResponseRedirect(_safe_next(request, request.session.pop(SSO_NEXT_KEY, None)))


# ----- the second factor ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The code after the password, for a user with a confirmed device. A user without one is
    told to set one up (and a code posted then is refused with 400: there is nothing to check)."""
    user = _signed_in_user(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    has_device = second_factor.confirmed_device(user) is not None
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not has_device:
            pass
        elif form.is_valid() and second_factor.session_verify(
            request=request, user=user, code=form.cleaned_data["code"]
        ):
            return HttpResponseRedirect(next_url)
        elif form.is_valid():
            # A wrong code counts as a failed sign-in for the throttle, as on the token endpoint.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
            form.add_error("code", CodeForm.wrong_code_message())
    context = {"form": form, "next": next_url, "has_device": has_device}
    return render(request, "signin/verify.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Setting up the authenticator app: a POST without a code makes a new secret and shows it
    (QR code and text) in that one answer; a POST with a code confirms it."""
    user = _signed_in_user(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    context: dict = {"next": next_url, "has_device": second_factor.confirmed_device(user)}
    if context["has_device"] is not None and not second_factor.is_satisfied(request):
        # Replacing a device needs the current one first.
        return redirect(f"{reverse('signin-verify')}?next={reverse('signin-enrol')}")
    if request.method != "POST":
        return render(request, "signin/enrol.html", context)
    if "code" not in request.POST:
        device = second_factor.enrolment_start(user=user)
        audit_log(user=user, action="signin.second_factor.enrol_started")
        context.update(
            form=CodeForm(),
            qr_svg=second_factor.qr_code_svg(device),
            secret=second_factor.secret_text(device),
        )
        return render(request, "signin/enrol.html", context)
    form = CodeForm(request.POST)
    if form.is_valid() and second_factor.enrolment_confirm(
        request=request, user=user, code=form.cleaned_data["code"]
    ):
        return HttpResponseRedirect(next_url)
    context["failed"] = True
    return render(request, "signin/enrol.html", context, status=400)
