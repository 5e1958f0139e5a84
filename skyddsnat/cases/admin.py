"""The spine's and the organisation's rule data on the rule admin (cases/admin_site.py): deadline
rules, the intervention catalogue, municipalities, districts, units and the delegation order, each
change audited with before and after. The organisation's are registered here because it sits
below the audit log and may not import it."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.admin_site import RuleAdmin, site
from skyddsnat.cases.models import DeadlineRule, InterventionType
from skyddsnat.organisation.models import Delegation, District, Municipality, Unit


class DeadlineRuleForm(forms.ModelForm):
    # An empty longest extension means none; a longest extension of nothing would say the same
    # in a second way.
    extension_max_amount = forms.IntegerField(
        label=_("longest extension"), min_value=1, max_value=32767, required=False
    )

    class Meta:
        model = DeadlineRule
        fields = [
            "kind",
            "amount",
            "unit",
            "late_receipt_cutoff",
            "extendable",
            "completed_by_hand",
            "restarts_when_done",
            "citation",
            "unverified",
            "extension_max_amount",
            "extension_max_unit",
            "extension_citation",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_amount = data.get("extension_max_amount") is not None
        if has_amount != bool(data.get("extension_max_unit")):
            self.add_error(
                "extension_max_unit",
                _("Give both the longest extension and its unit, or neither."),
            )
        if has_amount and not data.get("extendable"):
            self.add_error(
                "extension_max_amount", _("Only a time limit that may be extended has one.")
            )
        return data


@admin.register(DeadlineRule, site=site)
class DeadlineRuleAdmin(RuleAdmin):
    may_add_and_delete = False  # one per kind, which the code looks up
    form = DeadlineRuleForm
    list_display = ["kind", "amount", "unit", "extendable", "citation"]
    search_fields = ["kind", "citation"]


@admin.register(InterventionType, site=site)
class InterventionTypeAdmin(RuleAdmin):
    list_display = ["name", "code", "case_kind", "legal_basis", "is_placement"]
    list_filter = ["case_kind", "legal_basis", "is_placement", "without_needs_assessment"]
    search_fields = ["name", "code", "citation"]
    filter_horizontal = ["may_follow"]


@admin.register(Municipality, site=site)
class MunicipalityAdmin(RuleAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = [
            "municipality",
            "slug",
            "name",
            "area",
            "population",
            "valid_from",
            "valid_to",
            "successor",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error("valid_to", _("The district cannot end before it starts."))
        successor = data.get("successor")
        if successor is not None and self.instance.pk is not None:
            # A district cannot be merged into itself, directly or through its successors.
            seen, step = {self.instance.pk}, successor
            while step is not None:
                if step.pk in seen:
                    self.add_error("successor", _("A district cannot succeed itself."))
                    break
                seen.add(step.pk)
                step = step.successor
        return data


@admin.register(District, site=site)
class DistrictAdmin(RuleAdmin):
    form = DistrictForm
    list_display = ["name", "municipality", "area", "population", "valid_from", "valid_to"]
    list_filter = ["municipality", "area"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Unit, site=site)
class UnitAdmin(RuleAdmin):
    list_display = ["name", "district", "kind"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]


@admin.register(Delegation, site=site)
class DelegationAdmin(RuleAdmin):
    list_display = ["code", "decision_type", "role", "intervention_type", "citation"]
    list_filter = ["decision_type", "role"]
    search_fields = ["code", "citation"]
