"""One way to run an action a page posts: the form, one service call, then a redirect (or an htmx
fragment); on failure the page again with the bound form, its errors and the right status.

    @login_required
    @require_POST
    def appeal_create(request, decision_id):
        policy.require(policy.is_lss_staff(request.user))  # an area: 404 for other roles
        decision = selectors.get_decision_for_user(request.user, decision_id)  # 404 if not seen
        return form_action(
            request,
            forms.AppealForm(request.POST, prefix=f"a{decision.pk}"),
            lambda data: services.appeal_register(user=request.user, decision=decision, **data),
            case=decision.case_id,  # locked; a post from an older view of it answers 409
            success=_("The appeal was recorded."),
            redirect_to=reverse("decision-page", args=[decision.pk]),
            failed=lambda form, status: render_page(request, decision, {"appeal": form}, status),
        )

What the answer is, the same on every page:

- the form is invalid, or the service raises `ValidationError`: **400**, the errors on the fields
  they name (`field_map`, or the form's own `field_map`, renames a service's field to the form's);
- the service raises `CaseConflict` (the write lost a race: "already decided"): **409**;
- the form was rendered from an older view of the case (its posted `version`, see
  `posted_version`): **409**, nothing is written, and the form says what changed;
- the service raises `PermissionDenied` (a record the user sees, an action that is not theirs,
  e.g. no delegation line): **403**, with the reason on the form (policy: an action refused on a
  visible record is 403; a record or a whole area refused is the 404 the view raised before).

Getting the record (404) and asking `skyddsnat.cases.policy` stay in the view, before the form.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from skyddsnat.cases.forms import apply_service_errors
from skyddsnat.cases.models import Case
from skyddsnat.cases.services import CaseConflict, case_write

BAD_INPUT = 400
REFUSED = 403
CONFLICT = 409

# What a failed action answers: the page again with the bound form, at the given status.
Failed = Callable[[forms.Form, int], HttpResponse]


def is_htmx(request: HttpRequest) -> bool:
    """A request htmx made (it swaps a fragment into the page rather than following a redirect)."""
    return request.headers.get("HX-Request") == "true"


def posted_version(request: HttpRequest) -> int | None:
    """The case version a page's form was rendered with; None when the form carried none. A
    mangled value counts as an old view (-1 matches no version)."""
    value = request.POST.get("version")
    if value is None or value == "":
        return None
    return int(value) if value.isdecimal() and len(value) < 10 else -1


def form_action(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    failed: Failed,
    redirect_to: str | Callable[[Any], HttpResponse],
    success: str | None = None,
    case: Case | int | None = None,
    stale_check: bool = True,
    field_map: dict[str, str] | None = None,
) -> HttpResponse:
    """Validate `form`, run `call(form.cleaned_data)` in one transaction, answer.

    `case`: the case the action writes. It is locked for the call and, unless `stale_check` is
    off (a journal entry never conflicts), refused with 409 when the posted version is older
    than the case. A `Case` object is brought up to date in place, so `call` may close over it.

    On success: `success` as a message, then a redirect to `redirect_to` (a URL or anything
    `redirect()` takes), or, when `redirect_to` is a function, its answer for the service's
    result (an htmx fragment, or a redirect that depends on what was written).
    On failure: `failed(form, status)` with the errors on the form."""
    if not form.is_valid():
        return failed(form, BAD_INPUT)
    status = BAD_INPUT
    try:
        if case is None:
            with transaction.atomic():
                result = call(form.cleaned_data)
        else:
            expected = posted_version(request) if stale_check else None
            with case_write(case, expected_version=expected):
                result = call(form.cleaned_data)
    except ValidationError as error:
        # A stale version (`CaseChanged`) or a lost race (`CaseConflict`) says so on the form: 409.
        apply_service_errors(form, error, field_map or getattr(form, "field_map", None))
        if isinstance(error, CaseConflict):
            status = CONFLICT
    except PermissionDenied as denied:
        # Visible, but not this user's to write: 403, so a refusal never reads as an input error.
        form.add_error(None, str(denied) or _("You may not do this."))
        status = REFUSED
    else:
        if success:
            messages.success(request, success)
        return redirect_to(result) if callable(redirect_to) else redirect(redirect_to)
    return failed(form, status)


def unplaced_errors(
    request: HttpRequest, bound: Mapping[str, forms.Form], placed: set[str] | Any
) -> None:
    """Errors of a failed form that the page no longer shows (a colleague's write took its action
    away) go above the page as messages, so the user still reads why nothing was saved."""
    for name, form in bound.items():
        if name in placed:
            continue
        texts = form.non_field_errors() or [e for errors in form.errors.values() for e in errors]
        for text in texts:
            messages.error(request, str(text))
