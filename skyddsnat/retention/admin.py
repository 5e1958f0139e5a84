"""The retention rules on the rule admin (cases/admin_site.py): a municipality corrects a period,
an exception or a citation here, each change audited like every rule table."""

from django.contrib import admin

from skyddsnat.cases.admin_site import RuleAdmin, site
from skyddsnat.retention.models import RetentionRule


@admin.register(RetentionRule, site=site)
class RetentionRuleAdmin(RuleAdmin):
    list_display = ["name", "kind", "years", "age", "birth_days", "active"]
    # Corrected and switched off (`active`), not added or deleted: each kind is read by code.
    may_add_and_delete = False
    search_fields = ["name", "code", "citation"]
