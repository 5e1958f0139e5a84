"""The organisation's rule data on the rule admin (audit/admin_site.py): municipalities, districts,
units and the delegation order. Registered here rather than in organisation/admin.py because
every change is audited, and the organisation sits below the audit log."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from skyddsnat.audit.admin_site import RuleAdmin, site
from skyddsnat.organisation.models import Delegation, District, Municipality, Unit


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
