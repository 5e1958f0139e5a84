"""The consent age is rule data the administrator changes in the rule admin, audited, and the
early help form follows it."""

from django.test import Client
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.children.forms import EarlyHelpForm
from skyddsnat.children.guardians import consent_rule


def test_the_administrator_changes_the_consent_age_and_the_form_follows(admin_user):
    rule = consent_rule()
    assert rule is not None
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:children_consentrule_change", args=[rule.pk])
    new_age = rule.age - 3

    response = client.post(
        url, {"name": rule.name, "age": new_age, "citation": rule.citation, "note": rule.note}
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.age == new_age
    entry = AuditEntry.objects.get(action="admin.rule.changed")
    assert (entry.detail["model"], entry.detail["changed"]) == ("children.consentrule", ["age"])
    assert str(new_age) in str(EarlyHelpForm().fields["consent_given"].help_text)


def test_other_roles_do_not_reach_the_consent_rule(caseworker):
    rule = consent_rule()
    assert rule is not None
    client = Client()
    client.force_login(caseworker)

    response = client.get(reverse("admin:children_consentrule_change", args=[rule.pk]))

    assert response.status_code == 404
