"""Outreach pages: the district's contacts and the quick registration form. Outreach workers
register; the district's unit manager reads (`cases.policy.sees_outreach`); anyone else: 404."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action
from skyddsnat.organisation.models import District
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.outreach import selectors, services
from skyddsnat.outreach.forms import ContactForm


def _district(user) -> District:  # type: ignore[no-untyped-def]
    # Only called after the area's check, which requires a district.
    return District.objects.get(pk=policy.home_district_id(user) or 0)


@login_required
@require_safe
def contact_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.sees_outreach(request.user))
    page = selectors.contact_page(user=request.user, params=request.GET)
    return render(
        request,
        "outreach/contact_list.html",
        {
            "rows": page.object_list,
            "page": page,
            "district": _district(request.user),
            "may_register": policy.does_outreach(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_create(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.does_outreach(request.user))
    district = _district(request.user)

    def failed(form: forms.Form, status: int) -> HttpResponse:
        return render(
            request,
            "outreach/contact_form.html",
            {"form": form, "district": district},
            status=status,
        )

    if request.method == "POST":
        return form_action(
            request,
            ContactForm(request.POST),
            lambda data: services.contact_register(user=request.user, **data),
            failed=failed,
            success=_("The contact was registered."),
            redirect_to=reverse("outreach-contact-list"),
        )
    return failed(ContactForm(initial={"contact_on": timezone.localdate()}), 200)
