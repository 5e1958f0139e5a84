"""The housing queue page: who waits for a place, with the forms to offer one and to record the
answer to an offer."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action, unplaced_errors
from skyddsnat.lss import forms, selectors, services
from skyddsnat.lss.models import OfferAnswer
from skyddsnat.organisation.requests import AuthenticatedRequest


def require_places(request: AuthenticatedRequest) -> None:
    """LSS staff and a children and youth unit's manager (sheltered housing): `policy`."""
    policy.require(policy.manages_places(request.user))


@login_required
@require_safe
def queue(request: AuthenticatedRequest) -> HttpResponse:
    require_places(request)
    return _render_queue(request, {})


def _render_queue(
    request: AuthenticatedRequest, bound: dict[str, django_forms.Form], status: int = 200
) -> HttpResponse:
    """The queue; `bound` carries a failed offer or answer form with its errors."""
    today = timezone.localdate()
    list_form = forms.QueueListForm(request.GET)
    chosen = list_form.filters()
    page = selectors.queue_page(
        user=request.user,
        params=request.GET,
        resource_kind=chosen["resource_kind"],
        sort=chosen["sort"],
    )
    facilities = selectors.facilities()
    choices = [f.facility for f in facilities]  # one read for every entry's offer form
    items = []
    for row in page.object_list:
        entry = row.entry
        pending = [o for o in entry.offers.all() if o.answer == OfferAnswer.PENDING]
        item: dict[str, Any] = {"row": row, "entry": entry, "offers": list(entry.offers.all())}
        if pending:
            item["pending"] = pending[0]
            item["answer_form"] = bound.get(f"answer-{pending[0].pk}") or forms.OfferAnswerForm(
                initial={"answered_on": today}, prefix=f"a{pending[0].pk}"
            )
        else:
            item["offer_form"] = bound.get(f"offer-{entry.pk}") or forms.OfferForm(
                initial={"offered_on": today},
                resource_kind_id=entry.resource_kind_id,
                facilities=choices,
                prefix=f"o{entry.pk}",
            )
        items.append(item)
    placed = {
        f"answer-{i['pending'].pk}" if "pending" in i else f"offer-{i['entry'].pk}" for i in items
    }
    # E.g. a colleague's offer now awaits its answer: the failed offer form is gone from the page.
    unplaced_errors(request, bound, placed)
    return render(
        request,
        "lss/queue.html",
        {
            "items": items,
            "facilities": facilities,
            "page": page,
            "form": list_form,
            "filtered": list_form.filtered(),
        },
        status=status,
    )


def _queue_action(
    request: AuthenticatedRequest,
    *,
    case_id: int,
    key: str,
    form: django_forms.Form,
    call: Callable[[dict], Any],
    success: str,
) -> HttpResponse:
    """An offer or answer is posted with the case's version as the queue showed it: one based on
    an older view is refused (409), so a place is not offered or taken on stale facts."""
    return form_action(
        request,
        form,
        call,
        case=case_id,
        success=success,
        redirect_to=reverse("lss-queue"),
        failed=lambda form, status: _render_queue(request, {key: form}, status),
    )


@login_required
@require_POST
def offer_create(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    require_places(request)
    entry = selectors.get_queue_entry_for_user(request.user, entry_id)
    return _queue_action(
        request,
        case_id=entry.decision.case_id,
        key=f"offer-{entry.pk}",
        form=forms.OfferForm(
            request.POST, resource_kind_id=entry.resource_kind_id, prefix=f"o{entry.pk}"
        ),
        call=lambda data: services.offer_make(user=request.user, entry=entry, **data),
        success=_("The offer was recorded."),
    )


@login_required
@require_POST
def offer_answer(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    require_places(request)
    offer = selectors.get_offer_for_user(request.user, offer_id)
    return _queue_action(
        request,
        case_id=offer.entry.decision.case_id,
        key=f"answer-{offer.pk}",
        form=forms.OfferAnswerForm(request.POST, prefix=f"a{offer.pk}"),
        call=lambda data: services.offer_answer(
            user=request.user,
            offer=offer,
            accepted=data["answer"] == "accepted",
            answered_on=data["answered_on"],
            refusal_reason=data["refusal_reason"],
        ),
        success=_("The answer was recorded."),
    )
