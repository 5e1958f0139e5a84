"""Pages of letters: send one and record its receipt (actions of the case page), the PDF as sent
(an attachment, audited), and the administrator's template editor (every save a new version)."""

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action
from skyddsnat.cases.views.case_page import case_action
from skyddsnat.letters import context as letter_contexts
from skyddsnat.letters import forms, pages, selectors, services
from skyddsnat.letters.models import Letter, LetterTemplate, LetterTemplateVersion
from skyddsnat.organisation.requests import AuthenticatedRequest


@login_required
@require_POST
def letter_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    policy.require(policy.works_with_case_records(request.user))
    case = policy.get_case_for_user(request.user, case_id)
    form = forms.LetterForm(
        request.POST,
        decisions=pages.decision_choices(case),
        recipients=pages.recipient_choices(case),
    )
    return case_action(
        request,
        case.pk,
        name="letter",
        form=form,
        case=case,
        stale_check=False,
        call=lambda case, data: services.letter_send(user=request.user, case=case, **data),
        success=_("The letter was made. Print it or send it from the list of letters."),
    )


@login_required
@require_POST
def letter_served(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    policy.require(policy.works_with_case_records(request.user))
    case = policy.get_case_for_user(request.user, case_id)
    choices = pages.served_choices(list(Letter.objects.filter(case=case).defer("pdf")))
    form = forms.ServedForm(request.POST, letters=choices)

    def call(case, data):  # type: ignore[no-untyped-def]
        letter = Letter.objects.get(pk=data["letter"], case=case)
        return services.letter_served(user=request.user, letter=letter, served_on=data["served_on"])

    return case_action(
        request,
        case.pk,
        name="letter_served",
        form=form,
        case=case,
        stale_check=False,
        call=call,
        success=_("The day of receipt was recorded."),
    )


def pdf_response(pdf: bytes, letter: Letter) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"brev-{letter.case.reference}-{letter.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def letter_pdf(request: AuthenticatedRequest, letter_id: int) -> HttpResponse:
    letter = selectors.get_letter_for_user(request.user, letter_id)
    return pdf_response(selectors.letter_read(user=request.user, letter=letter), letter)


@login_required
@require_safe
def template_list(request: AuthenticatedRequest) -> HttpResponse:
    items = selectors.templates(user=request.user)
    return render(request, "letters/templates.html", {"items": items})


def _field_names(context: dict, prefix: str = "") -> list[str]:
    names: list[str] = []
    for key, value in context.items():
        if isinstance(value, dict):
            names += _field_names(value, f"{prefix}{key}.")
        else:
            names.append(f"{prefix}{key}")
    return names


def _render_editor(
    request: AuthenticatedRequest,
    template: LetterTemplate,
    form: django_forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    current = LetterTemplateVersion.objects.filter(
        template=template, number=template.version
    ).first()
    form = form or forms.TemplateForm(
        initial={
            "name": template.name,
            "body": current.body if current else "",
            "based_on": template.version,
        }
    )
    versions = LetterTemplateVersion.objects.filter(template=template).select_related("saved_by")
    context = {
        "template": template,
        "form": form,
        "versions": versions[:20],
        "url": reverse("letters-template-edit", args=[template.pk]),
        "fields": _field_names(letter_contexts.sample_context(template.kind)),
    }
    return render(request, "letters/template_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request: AuthenticatedRequest, template_id: int) -> HttpResponse:
    policy.require(policy.may_edit_letter_templates(request.user))
    template = get_object_or_404(LetterTemplate, pk=policy.as_id(template_id) or 0)
    if request.method != "POST":
        return _render_editor(request, template)
    form = forms.TemplateForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.template_save(user=request.user, template=template, **data),
        success=_("The template was saved as a new version."),
        redirect_to=reverse("letters-template-edit", args=[template.pk]),
        failed=lambda form, status: _render_editor(request, template, form, status),
    )
