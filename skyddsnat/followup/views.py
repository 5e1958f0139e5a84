"""Follow-up pages: equal treatment, budget against outcome, staff, national statistics, and the
CSV/XLSX download of every table. Thin views: check the role, read through the selectors (which
apply the privacy rules), render; writes go through services.py."""

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.forms import apply_service_errors, picked
from skyddsnat.cases.policy import (
    is_budget_staff,
    may_export_microdata,
    may_follow_up,
    may_see_budget,
    require,
)
from skyddsnat.followup import charts, selectors, services, tables
from skyddsnat.followup.equality import WINDOW_DAYS
from skyddsnat.followup.exports import (
    Table,
    audit_download,
    download,
    download_streamed,
    refused_query,
)
from skyddsnat.followup.forms import (
    BudgetLineForm,
    PeriodForm,
    StaffFigureForm,
    StaffImportForm,
    period_from,
)
from skyddsnat.followup.limits import Limits, investigation_over_label, pre_late_label
from skyddsnat.followup.models import BudgetLine
from skyddsnat.followup.splits import SPLIT_CHOICES, parse_split
from skyddsnat.followup.suppression import MIN_CHILDREN
from skyddsnat.organisation.requests import AuthenticatedRequest

# The figures charted, each as a time series and as a district comparison.
CHARTED = [
    ("safety_median", "days"),
    ("pre_median", "days"),
    ("pre_p90", "days"),
    ("pre_late_share", "%"),
    ("intervention_median", "days"),
    ("investigation_median", "days"),
    ("investigation_over_share", "%"),
]


def _year(request: HttpRequest, default: int | None = None) -> int:
    raw = request.GET.get("year") or str(default or timezone.localdate().year)
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    return int(raw)


def _charts(overview: selectors.EqualityOverview) -> list[dict[str, object]]:
    headings = dict(tables.equality_columns())
    use_years = not overview.monthly.get("city") or len(overview.monthly["city"]) > 36
    series = overview.yearly if use_years else overview.monthly
    kinds = {g: (g if g in ("inner", "outer") else "city") for g in overview.series_groups}
    area_of = overview.area_of
    result: list[dict[str, object]] = []
    for key, unit in CHARTED:
        unit_label = _("per cent") if unit == "%" else _("days")
        labels = [period for period, _f in series.get("city", [])]
        lines = [
            charts.Series(
                name=overview.names[g],
                points=[tables.shown(f)[key] for _p, f in series[g]],
                kind=kinds[g],
                preliminary=[key in (f.get("incomplete") or {}) for _p, f in series[g]],
            )
            for g in overview.series_groups
        ]
        bars = [
            charts.Bar(
                name=overview.names[g],
                value=tables.shown(f)[key],
                kind="total" if g in kinds else area_of.get(g, "inner"),
                preliminary=key in (f.get("incomplete") or {}),
            )
            for g, f in overview.comparison
        ]
        result.append(
            {
                "heading": headings[key],
                "time": charts.line_chart(
                    title=_("%(figure)s per %(period)s")
                    % {"figure": headings[key], "period": _("year") if use_years else _("month")},
                    description=_(
                        "Lines for inner city (circles), outer city (squares, dashed) and the "
                        "whole city (triangles, dotted); the table below holds the same numbers. "
                        "A gap marked <5 is a period with fewer than five children; the shaded "
                        "periods at the end are not final yet and are left out of the lines."
                    ),
                    labels=labels,
                    series=lines,
                    unit=unit_label,
                ),
                "comparison": charts.bar_chart(
                    title=_("%(figure)s per district") % {"figure": headings[key]},
                    description=_(
                        "One bar per district (outer-city districts hatched), then inner city, "
                        "outer city and the whole city, for %(start)s – %(end)s; a value marked "
                        "* is not final yet. The table above holds the same numbers."
                    )
                    % {"start": overview.start.isoformat(), "end": overview.end.isoformat()},
                    bars=bars,
                    unit=unit_label,
                ),
            }
        )
    return result


# A follow-up page for a period: (request, first day, last day, the period form) → the page.
PeriodView = Callable[[AuthenticatedRequest, dt.date, dt.date, PeriodForm], HttpResponse]


def period_page(template: str) -> Callable[[PeriodView], Callable[..., HttpResponse]]:
    """A follow-up page over the period its query asks for (`?from=&to=`): signed in, read only,
    for those who follow up (404 for others); an odd period answers `template` with the form's
    errors (400), a good one the decorated view's page."""

    def decorate(view: PeriodView) -> Callable[..., HttpResponse]:
        @login_required
        @require_safe
        @functools.wraps(view)
        def page(request: AuthenticatedRequest) -> HttpResponse:
            require(may_follow_up(request.user))
            try:
                start, end, form = period_from(request.GET)
            except ValidationError:
                form = PeriodForm(request.GET)
                form.is_valid()
                return render(request, template, {"form": form}, status=400)
            return view(request, start, end, form)

        return page

    return decorate


def period_query(start: dt.date, end: dt.date, split: str | None = None) -> str:
    """The query string of a period (and split), for the export links of its page."""
    query = f"from={start.isoformat()}&to={end.isoformat()}"
    return f"{query}&split={split}" if split else query


def _windows_and_limits() -> dict[str, object]:
    """The follow-up windows (a statistical choice) and the legal limits (the deadline rules) the
    texts of the equality and methods pages name."""
    limits = Limits.load()
    return {
        **{name: days for name, days in WINDOW_DAYS.items() if name != "investigation_opened"},
        "opened": WINDOW_DAYS["investigation_opened"],
        **limits.labels(),
        "pre_late_label": pre_late_label(limits),
        "investigation_over_label": investigation_over_label(limits),
        # An example of a limit counted in calendar months from a day its end month lacks.
        "limit_example_start": LIMIT_EXAMPLE_START,
        "limit_example_end": limits.investigation.after(LIMIT_EXAMPLE_START),
    }


LIMIT_EXAMPLE_START = dt.date(2026, 10, 31)


@period_page("followup/equality.html")
def equality_page(
    request: AuthenticatedRequest, start: dt.date, end: dt.date, form: PeriodForm
) -> HttpResponse:
    split = form.cleaned_data["split"]
    overview = selectors.equality_overview(user=request.user, start=start, end=end, split=split)
    context = {
        "form": form,
        "splittable": True,
        "overview": overview,
        "charts": _charts(overview),
        "comparison": tables.equality_comparison(overview),
        "monthly": tables.equality_series(overview, "month"),
        "yearly": tables.equality_series(overview, "year"),
        "query": period_query(start, end, split),
        **_windows_and_limits(),
    }
    return render(request, "followup/equality.html", context)


@login_required
@require_safe
def budget_page(request: AuthenticatedRequest) -> HttpResponse:
    require(may_see_budget(request.user))
    try:
        year = _year(request, default=2021)
        split = parse_split(request.GET.get("split"))
    except ValidationError as error:
        return refused_query(error)
    rows = selectors.budget_outcome(user=request.user, year=year)
    context = {
        "year": year,
        "table": tables.budget(rows, year),
        "costs": tables.recorded_costs(
            selectors.recorded_costs(user=request.user, year=year, split=split), year, split
        ),
        "rows": rows,
        "may_edit": is_budget_staff(request.user),
        "year_query": f"year={year}",
        "costs_query": f"year={year}&split={split}" if split else f"year={year}",
        "split": split or "",
        "split_choices": SPLIT_CHOICES,
        "years": sorted({2021, year, timezone.localdate().year}),
    }
    return render(request, "followup/budget.html", context)


# The fields of a budget line its form edits as they are (the year and the funds are converted).
BUDGET_LINE_FIELDS = ("programme", "district", "base_sek", "change_sek", "change_percent", "note")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def budget_line_edit(request: AuthenticatedRequest, line_id: int | None = None) -> HttpResponse:
    require(is_budget_staff(request.user))
    line = get_object_or_404(BudgetLine, pk=line_id) if line_id else None
    initial: dict[str, object] = {"year": request.GET.get("year") or 2021}
    if line is not None:
        initial = {
            "year": line.year.year,
            **{name: getattr(line, name) for name in BUDGET_LINE_FIELDS},
            "funds": list(line.funds.all()),
        }
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.budget_line_save(
                user=request.user, line=line, **picked(data, "year", *BUDGET_LINE_FIELDS, "funds")
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The budget line is saved."))
            return redirect(f"{reverse('followup-budget')}?year={saved.year.year}")
    return render(request, "followup/budget_line_form.html", {"form": form, "line": line})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_page(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(may_follow_up(user) or is_budget_staff(user))
    entry_form = StaffFigureForm(
        request.POST if request.POST.get("form") == "figure" else None,
        initial={"year": timezone.localdate().year - 1},
    )
    import_form = StaffImportForm(
        request.POST if request.POST.get("form") == "import" else None,
        request.FILES if request.POST.get("form") == "import" else None,
    )
    may_enter = policy.may_manage_unit(user, user.unit_id) or policy.is_budget_staff(user)
    if request.method == "POST":
        require(bool(may_enter))
        try:
            if request.POST.get("form") == "figure" and entry_form.is_valid():
                unit = user.unit
                if not policy.is_manager(user) or unit is None:
                    raise PermissionDenied
                data = entry_form.cleaned_data
                services.staff_figure_save(
                    user=user,
                    unit=unit,
                    employees=Decimal(data["employees"]),
                    **picked(data, "year", "role", "leavers", "vacancies", "median_monthly_salary"),
                )
                messages.success(request, _("The staff figures are saved."))
                return redirect("followup-staff")
            if request.POST.get("form") == "import" and import_form.is_valid():
                raw = import_form.cleaned_data["file"].read()
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = raw.decode("cp1252")
                count = services.staff_import_csv(user=user, text=text)
                messages.success(request, _("%(count)d rows imported.") % {"count": count})
                return redirect("followup-staff")
        except ValidationError as error:
            target = import_form if request.POST.get("form") == "import" else entry_form
            apply_service_errors(target, error)
    caseload_rows = selectors.caseload(user=user) if may_follow_up(user) else []
    context = {
        "caseload": tables.caseload(caseload_rows),
        "staff": tables.staff(selectors.staff_figures(user=user)),
        "entry_form": entry_form if policy.is_manager(user) else None,
        "import_form": import_form if may_enter else None,
        "csv_columns": ",".join(services.CSV_COLUMNS),
    }
    # Here after a POST only when nothing was saved: the form comes back with its errors.
    status = 400 if request.method == "POST" else 200
    return render(request, "followup/staff.html", context, status=status)


@login_required
@require_safe
def methods_page(request: AuthenticatedRequest) -> HttpResponse:
    """How every follow-up figure is counted, the suppression rule and what is incomplete: the
    statistics documentation as a page of the follow-up area."""
    require(may_follow_up(request.user) or may_see_budget(request.user))
    context = {
        **_windows_and_limits(),
        "final_intervention": WINDOW_DAYS["intervention"] + 1,
        "min_children": MIN_CHILDREN,
        "below": MIN_CHILDREN - 1,
    }
    return render(request, "followup/methods.html", context)


@login_required
@require_safe
def statistics_page(request: AuthenticatedRequest) -> HttpResponse:
    require(may_export_microdata(request.user) or may_follow_up(request.user))
    try:
        lss_url = reverse("lss-october-statistics")
    except NoReverseMatch:
        lss_url = None
    year = timezone.localdate().year - 1
    context = {
        "may_download": may_export_microdata(request.user),
        "year": year,
        "today": timezone.localdate(),
        "lss_url": lss_url,
    }
    return render(request, "followup/statistics.html", context)


def build_table(request: AuthenticatedRequest, name: str) -> tuple[Table, str]:
    """The table behind an export name, read for this user (the selectors check access), and
    the period it covers as the file name says it: a year, `<from>_<to>`, or the day it holds."""
    user = request.user
    if name in ("equality", "equality-monthly", "equality-yearly"):
        start, end, form = period_from(request.GET)
        overview = selectors.equality_overview(
            user=user,
            start=start,
            end=end,
            monthly=name == "equality-monthly" or None,
            split=form.cleaned_data["split"],
        )
        period = f"{start.isoformat()}_{end.isoformat()}"
        if form.cleaned_data["split"]:
            period += f"_{form.cleaned_data['split']}"
        if name == "equality":
            return tables.equality_comparison(overview), period
        series = "month" if name.endswith("monthly") else "year"
        return tables.equality_series(overview, series), period
    if name == "budget":
        year = _year(request, default=2021)
        return tables.budget(selectors.budget_outcome(user=user, year=year), year), str(year)
    if name == "costs":
        year = _year(request, default=2021)
        split = parse_split(request.GET.get("split"))
        costs = selectors.recorded_costs(user=user, year=year, split=split)
        return tables.recorded_costs(costs, year, split), f"{year}_{split}" if split else str(year)
    today = timezone.localdate().isoformat()
    if name == "caseload":
        return tables.caseload(selectors.caseload(user=user)), today
    if name == "staff":
        return tables.staff(selectors.staff_figures(user=user)), today
    if name == "register":
        year = _year(request, default=timezone.localdate().year - 1)
        register = selectors.child_youth_register(user=user, year=year)
        return tables.register(register, year), str(year)
    if name == "ongoing":
        raw = request.GET.get("on")
        try:
            on = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise ValidationError({"on": _("Enter a valid date.")}) from None
        return tables.ongoing(selectors.ongoing_interventions(user=user, on=on), on), on.isoformat()
    raise Http404


# Files with individual rows audit each person read in their selector; the rest audit here.
MICRODATA = {"register", "ongoing"}


@login_required
@require_safe
def export(
    request: AuthenticatedRequest, name: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    try:
        table, period = build_table(request, name)
    except ValidationError as error:
        return refused_query(error)
    # The period in the name, so two years' files do not overwrite each other in Downloads.
    filename = f"{name}-{period}"
    if name in MICRODATA:  # streamed: the rows are read and audited while the file is sent
        return download_streamed(table, fmt, filename=filename)
    audit_download(request, table, fmt, action=f"followup.export.{name}")
    return download(table, fmt, filename=filename)
