"""The children flow's rule data on the rule admin (cases/admin_site.py): from which age a child
may receive early help without the guardians' consent; each change audited."""

from django.contrib import admin

from skyddsnat.cases.admin_site import RuleAdmin, site
from skyddsnat.children.models import ConsentRule


@admin.register(ConsentRule, site=site)
class ConsentRuleAdmin(RuleAdmin):
    may_add_and_delete = False  # the code looks the rule up by its code
    fields = ["code", "name", "age", "citation", "note"]
    readonly_fields = ["code"]
    list_display = ["name", "age", "citation"]
