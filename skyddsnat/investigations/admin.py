"""The investigation flow's rule data on the rule admin (cases/admin_site.py): from which age the
child is a party of their own in kommunicering; each change audited. The reply period is a
`DeadlineRule` row ("communication_reply"), edited with the other deadline rules."""

from django.contrib import admin

from skyddsnat.cases.admin_site import RuleAdmin, site
from skyddsnat.investigations.models import PartyRule


@admin.register(PartyRule, site=site)
class PartyRuleAdmin(RuleAdmin):
    may_add_and_delete = False  # the code looks the rule up by its code
    fields = ["code", "name", "age", "citation", "unverified"]
    readonly_fields = ["code"]
    list_display = ["name", "age", "citation"]
