"""The audit log page for the auditor (logggranskare): search by person and by user."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from skyddsnat.audit import selectors
from skyddsnat.audit.forms import AuditReviewForm, AuditSearchForm
from skyddsnat.cases.models import Case
from skyddsnat.cases.permissions import is_auditor
from skyddsnat.cases.views import require
from skyddsnat.lib import identity
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.people.models import Person

# Readable names for the action codes; an unknown code is shown as it is.
ACTION_LABELS = {
    "cases.case.read": gettext_lazy("Read the case"),
    "cases.case.list": gettext_lazy("Listed in My cases"),
    "cases.queue.list": gettext_lazy("Listed in the queue"),
    "cases.case.assign": gettext_lazy("Assigned the case"),
    "cases.journal.create": gettext_lazy("Wrote a journal entry"),
    "cases.investigation.extend": gettext_lazy("Extended the investigation"),
    "cases.decision.create": gettext_lazy("Recorded a decision"),
    "cases.intervention.create": gettext_lazy("Started an intervention"),
    "cases.intervention.end": gettext_lazy("Ended an intervention"),
    "children.report.create": gettext_lazy("Registered a concern report"),
    "children.safety_assessment.create": gettext_lazy("Recorded a safety assessment"),
    "children.pre_assessment.create": gettext_lazy("Recorded a pre-assessment"),
    "children.early_help.create": gettext_lazy("Started early help"),
    "children.early_help.end": gettext_lazy("Ended early help"),
    "children.early_help.list": gettext_lazy("Listed in early help"),
    "children.early_help.read": gettext_lazy("Read early help"),
    "cases.deadline.done": gettext_lazy("Marked a time limit as done"),
    "drafts.draft.create": gettext_lazy("Saved a draft"),
    "drafts.draft.restore": gettext_lazy("Restored a draft"),
    "api.token.issue": gettext_lazy("Was issued an API token"),
    "people.person.search": gettext_lazy("Found in a person search"),
    "people.person.read": gettext_lazy("Read the person"),
    "audit.log.search": gettext_lazy("Searched the audit log"),
    "audit.review.read": gettext_lazy("Reviewed unusual access"),
}


@login_required
@require_safe
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    require(is_auditor(request.user))
    form = AuditSearchForm(request.GET or None)
    entries: list = []
    searched = False
    if form.is_valid() and form.has_criteria():
        data = form.cleaned_data
        try:
            entries = list(
                selectors.audit_search(
                    user=request.user,
                    personal_identity_number=data["person"],
                    username=data["user"],
                    since=data["since"],
                    until=data["until"],
                )
            )
            searched = True
        except identity.InvalidIdentityNumber:
            form.add_error("person", _("Enter a valid personal identity number (YYYYMMDD-NNNN)."))
    # The auditor sees which person an entry concerns by identity number, not the record itself.
    numbers = dict(
        Person.objects.filter(pk__in={e.person_id for e in entries if e.person_id}).values_list(
            "pk", "personal_identity_number"
        )
    )
    rows = [
        {
            "entry": e,
            "label": ACTION_LABELS.get(e.action, e.action),
            "person": identity.display(numbers[e.person_id]) if e.person_id in numbers else "",
        }
        for e in entries
    ]
    return render(request, "audit/log.html", {"form": form, "rows": rows, "searched": searched})


@login_required
@require_safe
def audit_review(request: AuthenticatedRequest) -> HttpResponse:
    """Log review: reads worth a second look in a date range (the last week by default)."""
    require(is_auditor(request.user))
    form = AuditReviewForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    flagged = selectors.unusual_access(user=request.user, since=since, until=until)
    since, until = selectors.review_period(since, until)
    person_ids = {f.entry.person_id for f in flagged if f.entry.person_id}
    numbers = dict(
        Person.objects.filter(pk__in=person_ids).values_list("pk", "personal_identity_number")
    )
    cases = Case.objects.only("kind", "opened_at").in_bulk(
        {f.entry.case_id for f in flagged if f.entry.case_id}
    )
    rows = []
    for flag in flagged:
        entry = flag.entry
        number = numbers.get(entry.person_id) if entry.person_id else None
        case = cases.get(entry.case_id) if entry.case_id else None
        rows.append(
            {
                "entry": entry,
                "label": ACTION_LABELS.get(entry.action, entry.action),
                "person": identity.display(number) if number else "",
                "person_query": urlencode({"person": number}) if number else "",
                "user_query": urlencode({"user": entry.username}),
                "case": case.reference if case else (entry.case_id or ""),
                "reasons": [reason.label for reason in flag.reasons],
            }
        )
    return render(
        request,
        "audit/review.html",
        {"form": form, "rows": rows, "since": since, "until": until},
    )
