"""The children flow's rule data on the rule admin (cases/admin_site.py): from which age a child
may receive early help without the guardians' consent, and which violence in a report opens
the investigation at once; each change audited."""

from django.contrib import admin

from skyddsnat.cases.admin_site import RuleAdmin, site
from skyddsnat.children.models import ConsentRule, ImmediateInvestigationRule


@admin.register(ConsentRule, site=site)
class ConsentRuleAdmin(RuleAdmin):
    may_add_and_delete = False  # the code looks the rule up by its code
    fields = ["code", "name", "age", "citation", "note"]
    readonly_fields = ["code"]
    list_display = ["name", "age", "citation"]


@admin.register(ImmediateInvestigationRule, site=site)
class ImmediateInvestigationRuleAdmin(RuleAdmin):
    """Which violence in a report opens the investigation at once (issue 10 point 5): a
    municipality may narrow a rule to one kind of violence, add one, or switch one off."""

    fields = ["code", "name", "exposure", "kind", "active", "citation", "unverified"]
    list_display = ["name", "exposure", "kind", "active", "citation"]
