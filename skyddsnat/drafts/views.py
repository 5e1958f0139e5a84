"""htmx endpoints of the autosaved drafts. Every one names its form with `?key=…`; a form the user
may not use (or a case they may not see) answers 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from skyddsnat.drafts import selectors, services
from skyddsnat.drafts.permissions import DraftForm, draft_form_for_user
from skyddsnat.organisation.requests import AuthenticatedRequest


def _form(request: AuthenticatedRequest) -> DraftForm:
    return draft_form_for_user(request.user, request.GET.get("key", ""))


@login_required
@require_POST
def draft_save(request: AuthenticatedRequest) -> HttpResponse:
    form = _form(request)
    try:
        draft = services.draft_save(user=request.user, form=form, data=dict(request.POST.lists()))
    except ValidationError:
        return HttpResponseBadRequest()
    saved_at = timezone.localtime(draft.updated_at)
    return render(request, "drafts/_saved.html", {"saved_at": saved_at})


@login_required
@require_GET
def draft_restore(request: AuthenticatedRequest) -> HttpResponse:
    form = _form(request)
    draft = selectors.draft_restore(user=request.user, form=form)
    data = {}
    if draft is not None:
        data = {name: value for name, value in draft.data.items() if name in form.fields}
    return render(request, "drafts/_restored.html", {"form_key": form.key, "data": data})


@login_required
@require_POST
def draft_discard(request: AuthenticatedRequest) -> HttpResponse:
    form = _form(request)
    services.draft_discard(user=request.user, key=form.key)
    return render(request, "drafts/_discarded.html")
