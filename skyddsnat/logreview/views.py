"""The audit log pages for the auditor (logggranskare): search by person (identity number or
name) and by user, page through every hit, export them, and review flagged reads."""

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skyddsnat.audit.labels import action_label
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.lib import identity
from skyddsnat.lib.spreadsheet import csv_cell
from skyddsnat.logreview import selectors
from skyddsnat.logreview.forms import AuditReviewForm, AuditSearchForm
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.people.models import Person

# Rows in one export; a larger one is refused with a note to narrow the search.
EXPORT_MAX = 50_000


def _page_number(request: AuthenticatedRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 else 1


def _query_without_page(request: AuthenticatedRequest) -> str:
    """The filters as a query string, so that the page links and the export keep them."""
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class Describe:
    """Identity numbers and case references for a set of entries, read in two queries."""

    def __init__(self, entries: Sequence[AuditEntry]) -> None:
        person_ids: set[int] = set()
        case_ids: set[int] = set()
        for e in entries:
            person_ids.update(filter(None, [e.person_id, *(e.person_ids or [])]))
            case_ids.update(filter(None, [e.case_id, *(e.case_ids or [])]))
        self.numbers = dict(
            Person.objects.filter(pk__in=person_ids).values_list("pk", "personal_identity_number")
        )
        self.references = {
            pk: case.reference
            for pk, case in Case.objects.only("kind", "opened_at").in_bulk(case_ids).items()
        }

    def person(self, person_id: int | None) -> str:
        number = self.numbers.get(person_id) if person_id else None
        return identity.display(number) if number else ""

    def case(self, case_id: int | None) -> str:
        if not case_id:
            return ""
        # A case removed since (never in practice) keeps its id, so the entry still says which.
        return self.references.get(case_id, f"#{case_id}")

    def row(self, e: AuditEntry, *, searched: Iterable[int] = ()) -> dict:
        """One entry as the auditor reads it: a list names the searched person among its rows
        and how many persons it showed, not every one of them."""
        shown_persons = e.person_ids or []
        in_list = [pid for pid in searched if pid in shown_persons]
        if e.person_id:
            person = self.person(e.person_id)
        else:
            person = ", ".join(filter(None, (self.person(pid) for pid in in_list)))
        shown = len(shown_persons) if e.person_ids is not None and not e.person_id else 0
        return {
            "entry": e,
            "label": action_label(e.action),
            "person": person,
            "person_number": self.numbers.get(e.person_id) if e.person_id else None,
            "case": self.case(e.case_id),
            "shown_persons": shown,
            "query": str(e.detail.get("query", "")) if isinstance(e.detail, dict) else "",
        }


def _search(request: AuthenticatedRequest, form: AuditSearchForm, *, export: bool = False):
    """The entries of a valid search, or None with the error on the form."""
    data = form.cleaned_data
    try:
        return selectors.audit_search(
            user=request.user,
            personal_identity_number=data["person"],
            name=data["name"],
            username=data["user"],
            since=data["since"],
            until=data["until"],
            export=export,
        )
    except identity.InvalidIdentityNumber:
        form.add_error("person", _("Enter a valid personal identity number (YYYYMMDD-NNNN)."))
    except selectors.VagueName:
        form.add_error("name", _("The name fits too many persons: give more of it."))
    return None


def _searched_ids(form: AuditSearchForm) -> list[int]:
    """The persons searched for, to name them in the list entries that showed them."""
    data = form.cleaned_data
    ids: list[int] = []
    if data.get("person"):
        try:
            number = identity.normalise(data["person"])
        except identity.InvalidIdentityNumber:
            return []
        ids = list(
            Person.objects.filter(personal_identity_number=number).values_list("pk", flat=True)
        )
    elif data.get("name"):
        try:
            ids = selectors.persons_named(data["name"])
        except selectors.VagueName:
            return []
    return ids


@login_required
@require_safe
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.is_auditor(request.user))
    form = AuditSearchForm(request.GET or None)
    page: Page | None = None
    rows: list[dict] = []
    searched = False
    if form.is_valid() and form.has_criteria():
        entries = _search(request, form)
        if entries is not None:
            searched = True
            page = Paginator(entries, selectors.PAGE_SIZE).get_page(_page_number(request))
            listed = list(page.object_list)
            describe = Describe(listed)
            ids = _searched_ids(form)
            rows = [describe.row(e, searched=ids) for e in listed]
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "searched": searched,
            "filters": _query_without_page(request),
        },
    )


# ----- export -------------------------------------------------------------------------------------


def swedish_number(value: int) -> str:
    """Whole numbers as Swedish reads them: a space between thousands."""
    return f"{value:,}".replace(",", "\u00a0")


def audit_csv(entries: Iterable[AuditEntry], *, searched: Iterable[int] = ()) -> bytes:
    """Semicolon separated, UTF-8 with BOM (what Swedish Excel expects), local times in the
    Swedish (ISO) date format."""
    searched = list(searched)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Time"),
            _("User"),
            _("Action"),
            _("Action code"),
            _("Personal identity number"),
            _("Case"),
            _("Persons shown"),
            _("Search"),
            _("Channel"),
            _("IP address"),
        ]
    )
    chunk: list[AuditEntry] = []

    def flush() -> None:
        describe = Describe(chunk)
        for e in chunk:
            row = describe.row(e, searched=searched)
            writer.writerow(
                [
                    csv_cell(value)
                    for value in (
                        timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                        e.username,
                        row["label"],
                        e.action,
                        row["person"],
                        row["case"],
                        swedish_number(row["shown_persons"]) if row["shown_persons"] else "",
                        row["query"],
                        e.get_channel_display(),
                        e.ip_address or "",
                    )
                ]
            )
        chunk.clear()

    for entry in entries:
        chunk.append(entry)
        if len(chunk) == 2000:
            flush()
    flush()
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@login_required
@require_safe
def audit_export(request: AuthenticatedRequest) -> HttpResponse:
    """The whole search as CSV; the export is logged as such (`audit.log.export`)."""
    policy.require(policy.is_auditor(request.user))
    form = AuditSearchForm(request.GET or None)
    if not (form.is_valid() and form.has_criteria()):
        return _bad_export(form)
    entries = _search(request, form, export=True)
    if entries is None:
        return _bad_export(form)
    if entries.count() > EXPORT_MAX:
        message = _("More than %(max)s entries: narrow the search (dates, user or person).") % {
            "max": swedish_number(EXPORT_MAX)
        }
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    body = audit_csv(entries.iterator(chunk_size=2000), searched=_searched_ids(form))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="granskningslogg-{stamp}.csv"'
    return response


def _bad_export(form: AuditSearchForm) -> HttpResponse:
    messages = [str(m) for errors in form.errors.values() for m in errors] if form.is_bound else []
    text = "; ".join(messages) or _("Give at least one search criterion.")
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


# ----- log review ---------------------------------------------------------------------------------


@login_required
@require_safe
def audit_review(request: AuthenticatedRequest) -> HttpResponse:
    """Log review: reads worth a second look in a date range (the last week by default)."""
    policy.require(policy.is_auditor(request.user))
    form = AuditReviewForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    query = selectors.unusual_access_query(user=request.user, since=since, until=until)
    since, until = selectors.review_period(since, until)
    page = Paginator(query, selectors.PAGE_SIZE).get_page(_page_number(request))
    flagged = selectors.flagged(page.object_list)
    describe = Describe([f.entry for f in flagged])
    rows = []
    for flag in flagged:
        row = describe.row(flag.entry)
        number = row["person_number"]
        row["person_query"] = urlencode({"person": number}) if number else ""
        row["user_query"] = urlencode({"user": flag.entry.username})
        row["reasons"] = [reason.label for reason in flag.reasons]
        rows.append(row)
    return render(
        request,
        "audit/review.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "since": since,
            "until": until,
            "filters": _query_without_page(request),
        },
    )
