"""The citizen's pages: sign-in and sign-out through OpenID Connect, and "Mina ärenden".

A citizen is never a staff user: these pages never call `login`, `request.user` stays
anonymous, and a signed-in member of staff is answered 403 on every one of them (a staff session
does not become a citizen, and signing a citizen out never signs staff out). Without citizen
sign-in configured, the sign-in and its callback answer 404.

Who may see a matter is decided by the citizen's own identity alone (`citizen_selectors`): a
matter that is not theirs answers the same 404 as one that does not exist.
"""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError

from skyddsnat.audit.services import audit_log
from skyddsnat.eservices import citizen_selectors, oidc
from skyddsnat.eservices.identity import CITIZEN_SESSION_KEY, current_citizen, session_data

logger = logging.getLogger(__name__)

NEXT_KEY = "skyddsnat_citizen_next"


def _staff_refused(request: HttpRequest) -> HttpResponse | None:
    """A member of staff signed in: 403, whatever the page (never a citizen too)."""
    if request.user.is_authenticated:
        return render(request, "eservices/citizen/staff_refused.html", status=403)
    return None


def _safe_next(request: HttpRequest, value: str | None) -> str:
    # Only the citizen's own pages: never back into staff's.
    if (
        value
        and value.startswith("/e-tjanst/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return reverse("eservices:citizen-matters")


@require_GET
def citizen_login(request: HttpRequest) -> HttpResponse:
    if not oidc.is_configured():
        raise Http404
    if refused := _staff_refused(request):
        return refused
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    try:
        return oidc.client().authorize_redirect(
            request, request.build_absolute_uri(reverse("eservices:citizen-callback"))
        )
    except (AuthlibBaseError, requests.RequestException, ValueError, KeyError):
        logger.exception("The citizen provider's discovery document could not be read.")
        return render(request, "eservices/citizen/signin_failed.html", status=502)


@require_GET
def citizen_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.is_configured():
        raise Http404
    if refused := _staff_refused(request):
        return refused
    provider = oidc.client()
    try:
        token = provider.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if settings.SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM not in claims:
            claims = oidc.with_userinfo(claims, provider.userinfo(token=token))
        citizen = oidc.citizen_from_claims(claims)
    except oidc.InvalidClaims as exc:
        # The provider vouched for something we cannot use: an odd subject or number.
        logger.warning("A citizen's sign-in was refused: %s", exc)
        audit_log(user=None, action="eservices.citizen.signin.refused", reason=str(exc))
        return render(request, "eservices/citizen/signin_refused.html", status=400)
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError) as exc:
        # A refused consent, a replayed or forged answer (state), an ID token that fails its
        # checks (nonce, signature, issuer, audience, expiry: joserfc's errors, which Authlib
        # does not wrap), an unreachable provider.
        logger.warning("A citizen's sign-in failed: %s", exc)
        return render(request, "eservices/citizen/signin_refused.html", status=400)
    next_url = _safe_next(request, request.session.pop(NEXT_KEY, None))
    # A new session key for the signed-in citizen: a key planted before sign-in is worthless.
    request.session.cycle_key()
    request.session[CITIZEN_SESSION_KEY] = session_data(citizen)
    audit_log(user=None, action="eservices.citizen.signin", citizen_subject=citizen.subject)
    return HttpResponseRedirect(next_url)


@require_POST
def citizen_logout(request: HttpRequest) -> HttpResponse:
    if refused := _staff_refused(request):
        return refused
    citizen = current_citizen(request)
    if request.session.get(CITIZEN_SESSION_KEY) is not None:
        request.session.flush()
        if citizen is not None:
            audit_log(
                user=None, action="eservices.citizen.signout", citizen_subject=citizen.subject
            )
        messages.info(request, _("You are signed out."))
    return HttpResponseRedirect(reverse("eservices:citizen-matters"))


@require_GET
def citizen_matters(request: HttpRequest) -> HttpResponse:
    if refused := _staff_refused(request):
        return refused
    citizen = current_citizen(request)
    if citizen is None:
        # Not signed in: what the page is and how to sign in; nothing personal.
        context = {"sign_in_available": oidc.is_configured()}
        return render(request, "eservices/citizen/matters_signed_out.html", context)
    matters = citizen_selectors.citizen_matters(citizen)
    return render(
        request, "eservices/citizen/matters.html", {"citizen": citizen, "matters": matters}
    )


@require_GET
def citizen_matter(request: HttpRequest, reference: str) -> HttpResponse:
    if refused := _staff_refused(request):
        return refused
    citizen = current_citizen(request)
    if citizen is None:
        login = reverse("eservices:citizen-login")
        return HttpResponseRedirect(f"{login}?{urlencode({'next': request.path})}")
    matter = citizen_selectors.citizen_submission(citizen, reference)
    if matter is None:
        raise Http404
    return render(request, "eservices/citizen/matter.html", {"citizen": citizen, "matter": matter})
