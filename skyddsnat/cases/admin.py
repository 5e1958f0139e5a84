"""The spine's rule data on the rule admin (audit/admin_site.py): deadline rules and the
intervention catalogue, each change audited with before and after."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from skyddsnat.audit.admin_site import RuleAdmin, site
from skyddsnat.cases.models import DeadlineRule, InterventionType


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
