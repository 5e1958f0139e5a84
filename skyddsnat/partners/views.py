"""Pages. For partners: the landing page listing the participants shared with their agency, and
one participant's plan and meetings (404 once nothing is shared any more). For staff: a person's
consents (record, withdraw, list with their state) and disclosures without consent."""

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.actions import form_action
from skyddsnat.lib.paging import page_of
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.partners import forms, selectors, services
from skyddsnat.partners.sharing import shared_scopes
from skyddsnat.people.models import Person

# --- Partners ------------------------------------------------------------------------------------


@login_required
@require_safe
def partner_landing(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    page = page_of(selectors.partner_participants(user), request.GET)
    shown = selectors.partner_list_audit(user, list(page.object_list))
    return render(
        request,
        "partners/landing.html",
        {"participants": shown, "page": page, "agency": user.get_agency_display()},
    )


@login_required
@require_safe
def partner_participant(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    participant = selectors.get_partner_participant(request.user, participant_id)
    return render(request, "partners/participant.html", {"participant": participant})


# --- Staff: consents -----------------------------------------------------------------------------


def _guardians(person: Person) -> list[Person]:
    return [g.guardian for g in person.guardianships.select_related("guardian").order_by("pk")]


def _consents_page(
    request: AuthenticatedRequest,
    person: Person,
    *,
    form: Form | None = None,
    withdraw_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    consents = list(selectors.person_consents(person))
    guardians = _guardians(person)
    audit_log(
        user=request.user,
        action="partners.consent.list",
        person_id=person.pk,
        others=[g.pk for g in guardians],
        shown=len(consents),
    )
    sharing = [
        (label, shared_scopes(person=person, agency=value, day=today))
        for value, label in forms.PARTNER_AGENCIES
    ]
    return render(
        request,
        "partners/consents.html",
        {
            "person": person,
            "rows": [(c, c.status_on(today)) for c in consents],
            "sharing": [(label, scopes) for label, scopes in sharing if scopes],
            "form": form or forms.ConsentForm(guardians=guardians),
            "withdraw_form": forms.WithdrawForm(initial={"withdrawn_on": today}),
            # A refused withdrawal (a date ahead, already withdrawn): its errors above the list.
            "withdraw_failed": withdraw_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consents(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.get_person_for_consents(request.user, person_id)
    if request.method != "POST":
        return _consents_page(request, person)
    form = forms.ConsentForm(request.POST, guardians=_guardians(person))
    return form_action(
        request,
        form,
        lambda data: services.consent_record(user=request.user, person=person, **data),
        failed=lambda form, status: _consents_page(request, person, form=form, status=status),
        redirect_to=reverse("partners-consents", args=[person.pk]),
        success=_("The consent was recorded."),
    )


@login_required
@require_POST
def consent_withdraw(request: AuthenticatedRequest, consent_id: int) -> HttpResponse:
    consent = selectors.get_consent_for_user(request.user, consent_id)
    person = consent.person
    return form_action(
        request,
        forms.WithdrawForm(request.POST),
        lambda data: services.consent_withdraw(user=request.user, consent=consent, **data),
        failed=lambda form, status: _consents_page(
            request, person, withdraw_form=form, status=status
        ),
        redirect_to=reverse("partners-consents", args=[person.pk]),
        success=_("The withdrawal was recorded: sharing stopped on that day."),
    )


# --- Staff: disclosures without consent ----------------------------------------------------------


def _disclosures_page(
    request: AuthenticatedRequest, person: Person, *, form: Form | None = None, status: int = 200
) -> HttpResponse:
    disclosures = list(selectors.person_disclosures(person))
    audit_log(
        user=request.user,
        action="partners.disclosure.list",
        person_id=person.pk,
        shown=len(disclosures),
    )
    return render(
        request,
        "partners/disclosures.html",
        {
            "person": person,
            "disclosures": disclosures,
            "grounds": selectors.disclosure_grounds(),
            "form": form or forms.DisclosureForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def disclosures(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.get_person_for_consents(request.user, person_id)
    if request.method != "POST":
        return _disclosures_page(request, person)
    return form_action(
        request,
        forms.DisclosureForm(request.POST),
        lambda data: services.disclosure_record(user=request.user, person=person, **data),
        failed=lambda form, status: _disclosures_page(request, person, form=form, status=status),
        redirect_to=reverse("partners-disclosures", args=[person.pk]),
        success=_("The disclosure was recorded."),
    )
