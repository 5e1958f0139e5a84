"""The LSS catalogue on the rule admin (cases/admin_site.py): what LSS 9 § says of each
intervention, and the kinds of place that have queues; each change audited."""

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.admin_site import RuleAdmin, site
from skyddsnat.lss.models import EligibilityGroup, InterventionRule, ResourceKind, ScopeUnit


class InterventionRuleForm(forms.ModelForm):
    scope_unit = forms.ChoiceField(label=_("scope unit"), choices=ScopeUnit.choices, required=False)
    paragraph = forms.IntegerField(label=_("point of LSS 9 §"), min_value=1, max_value=10)

    class Meta:
        model = InterventionRule
        fields = [
            "intervention_type",
            "paragraph",
            "eligible_groups",
            "normally_region",
            "scope_unit",
            "min_age",
            "max_age",
            "ends_at_age",
            "age_citation",
            "in_october_statistics",
        ]

    def clean_eligible_groups(self) -> str:
        value = self.cleaned_data["eligible_groups"].replace(" ", "")
        groups = value.split(",")
        if not re.fullmatch(r"\d(,\d)*", value) or not set(groups) <= {
            str(g) for g in EligibilityGroup.values
        }:
            raise forms.ValidationError(_("Give the groups as digits 1–3 separated by commas."))
        return ",".join(sorted(set(groups)))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("The maximum age is below the minimum age."))
        return data


@admin.register(InterventionRule, site=site)
class InterventionRuleAdmin(RuleAdmin):
    may_add_and_delete = False  # one per point of LSS 9 §, which the code looks up
    form = InterventionRuleForm
    list_display = ["paragraph", "intervention_type", "eligible_groups", "scope_unit"]


@admin.register(ResourceKind, site=site)
class ResourceKindAdmin(RuleAdmin):
    list_display = ["name", "code", "citation"]
    search_fields = ["name", "code"]
    filter_horizontal = ["intervention_types"]
