"""The public pages under /e-tjanst/: no staff sign-in, the public base template, Swedish with
English as a second language (the visitor's choice through `set_language`; staff pages stay
Swedish). Each form posts to its own page and, once stored, redirects to its receipt (shown only
in the session that sent it)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.i18n import set_language

from skyddsnat.eservices import limits, services
from skyddsnat.eservices.forms import ConcernForm, HelpForm, LssForm, PublicForm
from skyddsnat.eservices.identity import current_citizen
from skyddsnat.eservices.models import Submission
from skyddsnat.eservices.steps import next_steps

RECEIPTS_SESSION_KEY = "skyddsnat_eservice_receipts"
LOGIN_PATH = "/e-tjanst/logga-in/"


def public_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Render the page in the language the visitor chose (cookie of `set_language`), Swedish
    by default; only for these pages (the override ends with the view)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        codes = [code for code, _name in settings.SKYDDSNAT_PUBLIC_LANGUAGES]
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            return response

    return wrapped


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(
        request,
        template,
        {**context, "languages": settings.SKYDDSNAT_PUBLIC_LANGUAGES},
        status=status,
    )


@require_safe
@public_language
def start(request: HttpRequest) -> HttpResponse:
    return _page(request, "eservices/start.html", {"citizen": current_citizen(request)})


def _remember(request: HttpRequest, submission: Submission) -> HttpResponse:
    seen = list(request.session.get(RECEIPTS_SESSION_KEY, []))[-19:]
    if submission.reference not in seen:
        seen.append(submission.reference)
    request.session[RECEIPTS_SESSION_KEY] = seen
    return redirect("eservices:receipt", reference=submission.reference)


def _form_page(
    request: HttpRequest,
    *,
    form_class: type[PublicForm],
    template: str,
    submit: Callable[[dict], services.Receipt],
    extra: dict | None = None,
) -> HttpResponse:
    context = dict(extra or {})
    if request.method != "POST":
        return _page(request, template, {**context, "form": form_class()})
    form = form_class(request.POST, request.FILES)
    if limits.over_limit(request):
        return _page(request, "eservices/too_many.html", context, status=429)
    if form.is_valid():
        try:
            receipt = submit(form.cleaned_data)
        except ValidationError as exc:
            for field, messages in getattr(exc, "error_dict", {"__all__": exc}).items():
                name = field if field in form.fields else None
                for message in ValidationError(messages).messages:
                    form.add_error(name, message)
        else:
            return _remember(request, receipt.submission)
    if any(e.code in ("spam", "too_fast", "stale") for e in form.non_field_errors().as_data()):
        form.fresh_guard()
    return _page(request, template, {**context, "form": form}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@public_language
def concern(request: HttpRequest) -> HttpResponse:
    def submit(data: dict) -> services.Receipt:
        return services.concern_submit(
            reporter_kind=data["reporter_kind"],
            reporter_name=data["reporter_name"],
            organisation=data["organisation"],
            email=data["email"],
            phone=data["phone"],
            personal_identity_number=data["personal_identity_number"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            address=data["address"],
            district=data["district"],
            description=data["description"],
            idempotency_key=data["submission_key"],
            attachment=data.get("attachment"),
        )

    return _form_page(
        request, form_class=ConcernForm, template="eservices/concern.html", submit=submit
    )


@require_http_methods(["GET", "HEAD", "POST"])
@public_language
def help_request(request: HttpRequest) -> HttpResponse:
    citizen = current_citizen(request)

    def submit(data: dict) -> services.Receipt:
        return services.help_submit(
            name=data["name"],
            about=data["about"],
            description=data["description"],
            district=data["district"],
            phone=data["phone"],
            email=data["email"],
            intervention_type=data["intervention_type"],
            idempotency_key=data["submission_key"],
            citizen=citizen,
        )

    return _form_page(request, form_class=HelpForm, template="eservices/help.html", submit=submit)


@require_http_methods(["GET", "HEAD", "POST"])
@public_language
def lss_application(request: HttpRequest) -> HttpResponse:
    citizen = current_citizen(request)
    if citizen is None:
        # Applying needs a verified identity: the page says how to sign in (a post without one
        # is refused with the same page, 401).
        status = 401 if request.method == "POST" else 200
        return _page(
            request, "eservices/lss_sign_in.html", {"login_url": LOGIN_PATH}, status=status
        )

    def submit(data: dict) -> services.Receipt:
        return services.lss_submit(
            citizen=citizen,
            applicant_role=data["applicant_role"],
            district=data["district"],
            intervention_types=list(data["interventions"]),
            description=data["description"],
            personal_identity_number=data["personal_identity_number"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            idempotency_key=data["submission_key"],
        )

    return _form_page(
        request,
        form_class=LssForm,
        template="eservices/lss.html",
        submit=submit,
        extra={"citizen": citizen},
    )


@require_safe
@public_language
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt: only in the session that sent it (a reference alone shows nothing)."""
    if reference not in request.session.get(RECEIPTS_SESSION_KEY, []):
        raise Http404
    submission = Submission.objects.filter(reference=reference).first()
    if submission is None:
        raise Http404
    return _page(
        request,
        "eservices/receipt.html",
        {"submission": submission, "steps": next_steps(submission)},
    )


# The language switch of the public pages: a POST form (no JavaScript), Swedish or English.
language = require_POST(set_language)
