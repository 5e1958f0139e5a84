"""Forms of the follow-up pages: they validate and convert; the rules live in services.py."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import InterventionType
from skyddsnat.followup.models import Programme
from skyddsnat.followup.splits import SPLIT_CHOICES
from skyddsnat.organisation.models import District, Role

MAX_DAYS = 366 * 11


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The twelve months up to today, from the first of the month."""
    today = today or timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - 11
    return dt.date(month_index // 12, month_index % 12 + 1, 1), today


def period_errors(start: dt.date, end: dt.date) -> dict[str, Any]:
    """What is wrong with a follow-up period, by field ("start"/"end"); empty when it is fine.
    Shared by the pages' PeriodForm and the API's ReactionTimesQuery."""
    if end < start:
        return {"end": _("The end must not be before the start.")}
    if end.year > 2100:  # month arithmetic on the period must stay inside dt.date's range
        return {"end": _("Enter a year between 2000 and 2100.")}
    if (end - start).days > MAX_DAYS:
        return {"start": _("Choose at most eleven years.")}
    return {}


class PeriodForm(forms.Form):
    # The API contract names the bounds "from" and "to"; the page uses the same names.
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    # "Dela upp efter": none, sex or age band (splits.py); an unknown value is refused (400).
    split = forms.ChoiceField(label=_("Split by"), choices=SPLIT_CHOICES, required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = {
                "start": data.get("from", ""),
                "end": data.get("to", ""),
                "split": data.get("split", ""),
            }
        super().__init__(data, **kwargs)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = default_period()
        cleaned["start"] = cleaned.get("start") or start
        cleaned["end"] = cleaned.get("end") or end
        cleaned["split"] = cleaned.get("split") or None
        errors = period_errors(cleaned["start"], cleaned["end"])
        if errors:
            raise ValidationError(errors)
        return cleaned


def period_from(query: Mapping[str, Any]) -> tuple[dt.date, dt.date, PeriodForm]:
    """The period a page or export asks for (?from=&to=, default the last twelve months);
    ValidationError when it is not a valid period."""
    form = PeriodForm(query)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.cleaned_data["start"], form.cleaned_data["end"], form


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Whole city"),
    )
    base_sek = forms.IntegerField(label=_("Base (SEK)"), required=False, min_value=0)
    change_sek = forms.IntegerField(label=_("Change (SEK)"), required=False)
    change_percent = forms.DecimalField(
        label=_("Change (%)"), required=False, max_digits=7, decimal_places=3
    )
    funds = forms.ModelMultipleChoiceField(
        label=_("The change funds"),
        help_text=_(
            "The interventions the change pays for. A change without a base is compared with "
            "their cost."
        ),
        queryset=InterventionType.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StaffFigureForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in (Role.CASEWORKER, Role.LSS_OFFICER, Role.MANAGER)],
    )
    employees = forms.DecimalField(
        label=_("Employees (average)"), min_value=0, max_digits=7, decimal_places=1
    )
    leavers = forms.IntegerField(label=_("Leavers during the year"), min_value=0)
    vacancies = forms.IntegerField(label=_("Vacancies"), min_value=0)
    median_monthly_salary = forms.IntegerField(
        label=_("Median monthly salary (SEK)"), required=False, min_value=0
    )


class StaffImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
