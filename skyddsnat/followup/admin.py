"""Budgets on the rule admin (cases/admin_site.py): budget years, programmes, budget lines, the
employer's contribution rate of each year and which staff are a programme's cost, each change
audited. The budget pages of follow-up (the budget group's) remain the everyday way; the admin
applies the same rule to a line's base, change and percentage."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from skyddsnat.cases.admin_site import RuleAdmin, site
from skyddsnat.followup.models import (
    AgeBand,
    BudgetLine,
    BudgetYear,
    EmployerContributionRate,
    Programme,
    StaffCostMapping,
)
from skyddsnat.followup.services import allocation_resolve


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "year",
            "programme",
            "district",
            "base_sek",
            "change_sek",
            "change_percent",
            "note",
            "funds",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        try:
            allocation = allocation_resolve(
                base_sek=data.get("base_sek"),
                change_sek=data.get("change_sek"),
                change_percent=data.get("change_percent"),
            )
        except ValidationError as error:
            self.add_error(None, error)
            return data
        data.update(
            base_sek=allocation.base_sek,
            change_sek=allocation.change_sek,
            change_percent=allocation.change_percent,
        )
        return data


@admin.register(AgeBand, site=site)
class AgeBandAdmin(RuleAdmin):
    """The age bands of the splits (followup/splits.py); a change marks every case stale, so the
    reaction facts take the new bands at the next computation."""

    list_display = ["age_from", "age_to", "note"]


@admin.register(BudgetYear, site=site)
class BudgetYearAdmin(RuleAdmin):
    list_display = ["year", "decided_by"]


@admin.register(Programme, site=site)
class ProgrammeAdmin(RuleAdmin):
    list_display = ["name", "code", "costs_complete"]
    search_fields = ["name", "code"]


@admin.register(BudgetLine, site=site)
class BudgetLineAdmin(RuleAdmin):
    form = BudgetLineForm
    list_display = ["year", "programme", "district", "base_sek", "change_sek", "change_percent"]
    list_filter = ["year", "programme"]
    filter_horizontal = ["funds"]

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EmployerContributionRate, site=site)
class EmployerContributionRateAdmin(RuleAdmin):
    list_display = ["year", "percent", "verified"]


@admin.register(StaffCostMapping, site=site)
class StaffCostMappingAdmin(RuleAdmin):
    list_display = ["programme", "role", "unit_kind"]
    list_filter = ["programme"]
