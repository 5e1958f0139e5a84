"""The rule admin (/admin/): only the administrator role gets in, every change is audited with
before and after, and odd input answers a form error."""

import pytest
from django.test import Client
from django.urls import reverse

from skyddsnat.audit.labels import ACTION_LABELS
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.admin_site import site
from skyddsnat.cases.models import DeadlineKind, DeadlineRule
from skyddsnat.lss.models import ResourceKind
from skyddsnat.organisation.models import District, Role


def _change_url(rule: DeadlineRule) -> str:
    return reverse("admin:cases_deadlinerule_change", args=[rule.pk])


def _form(rule: DeadlineRule, **changes) -> dict:
    """The change form as the admin's page posts it."""
    data = {
        "kind": rule.kind,
        "amount": rule.amount,
        "unit": rule.unit,
        "late_receipt_cutoff": rule.late_receipt_cutoff.strftime("%H:%M")
        if rule.late_receipt_cutoff
        else "",
        "citation": rule.citation,
        "unverified": rule.unverified,
        "extension_max_amount": rule.extension_max_amount or "",
        "extension_max_unit": rule.extension_max_unit,
        "extension_citation": rule.extension_citation,
    }
    for flag in ("extendable", "completed_by_hand", "restarts_when_done"):
        if getattr(rule, flag):
            data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def pre_assessment_rule(db) -> DeadlineRule:
    return DeadlineRule.objects.get(kind=DeadlineKind.PRE_ASSESSMENT)


def test_the_admin_lists_the_deadline_rules(admin_client, pre_assessment_rule):
    response = admin_client.get(reverse("admin:cases_deadlinerule_changelist"))

    assert response.status_code == 200
    assert "Skyddsnät – administration" in response.text
    assert _change_url(pre_assessment_rule) in response.text


def test_the_admin_changes_a_deadline_rule_and_the_log_has_before_and_after(
    admin_client, admin_user, pre_assessment_rule
):
    old = pre_assessment_rule.amount
    response = admin_client.post(
        _change_url(pre_assessment_rule), _form(pre_assessment_rule, amount=old - 4)
    )

    assert response.status_code == 302
    pre_assessment_rule.refresh_from_db()
    assert pre_assessment_rule.amount == old - 4
    entry = AuditEntry.objects.get(action="admin.rule.changed")
    assert entry.user_id == admin_user.pk
    assert entry.detail["model"] == "cases.deadlinerule"
    assert entry.detail["record_id"] == pre_assessment_rule.pk
    assert entry.detail["changed"] == ["amount"]
    assert entry.detail["before"]["amount"] == old
    assert entry.detail["after"]["amount"] == old - 4
    assert entry.detail["before"]["citation"] == entry.detail["after"]["citation"]


def test_adding_and_deleting_are_audited_too(admin_client):
    response = admin_client.post(
        reverse("admin:lss_resourcekind_add"),
        {"code": "respite-home", "name": "Korttidshem", "citation": "LSS 9 § 6"},
    )
    assert response.status_code == 302
    kind = ResourceKind.objects.get(code="respite-home")
    added = AuditEntry.objects.get(action="admin.rule.added")
    assert added.detail["before"] is None
    assert added.detail["after"]["name"] == "Korttidshem"

    response = admin_client.post(
        reverse("admin:lss_resourcekind_delete", args=[kind.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ResourceKind.objects.filter(code="respite-home").exists()
    deleted = AuditEntry.objects.get(action="admin.rule.deleted")
    assert deleted.detail["record_id"] == kind.pk
    assert deleted.detail["before"]["code"] == "respite-home"
    assert deleted.detail["after"] is None


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": -3},
        {"extension_max_amount": 0, "extension_max_unit": "months"},
        {"amount": "fjorton"},
        {"amount": 10**9},
        {"unit": "weeks"},
        {"late_receipt_cutoff": "25:99"},
        {"extension_max_amount": 2, "extension_max_unit": ""},
    ],
)
def test_odd_input_answers_a_form_error_and_changes_nothing(
    admin_client, pre_assessment_rule, changes
):
    before = DeadlineRule.objects.filter(pk=pre_assessment_rule.pk).values().get()
    response = admin_client.post(_change_url(pre_assessment_rule), _form(pre_assessment_rule))
    assert response.status_code == 302  # the unchanged form is valid: the odd value decides

    response = admin_client.post(
        _change_url(pre_assessment_rule), _form(pre_assessment_rule, **changes)
    )

    assert response.status_code == 200
    assert response.context["errors"]
    assert DeadlineRule.objects.filter(pk=pre_assessment_rule.pk).values().get() == before


def test_a_value_that_must_be_unique_answers_a_form_error(admin_client, pre_assessment_rule):
    other = DeadlineRule.objects.exclude(pk=pre_assessment_rule.pk).first()

    response = admin_client.post(
        _change_url(pre_assessment_rule), _form(pre_assessment_rule, kind=other.kind)
    )

    assert response.status_code == 200
    assert response.context["errors"]


def test_a_district_in_use_cannot_be_deleted_and_nothing_is_logged(admin_client):
    jarva = District.objects.get(slug="jarva")

    response = admin_client.post(reverse("admin:organisation_district_delete", args=[jarva.pk]))

    assert response.status_code == 200  # the admin's "cannot delete" page, naming what needs it
    assert District.objects.filter(pk=jarva.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()


def test_lists_and_history_accept_no_writes_and_there_are_no_bulk_actions(
    admin_client, pre_assessment_rule
):
    changelist = reverse("admin:cases_deadlinerule_changelist")
    assert admin_client.post(changelist, {"action": "delete_selected"}).status_code == 405
    history = reverse("admin:cases_deadlinerule_history", args=[pre_assessment_rule.pk])
    assert admin_client.post(history).status_code == 405
    assert admin_client.get(changelist).context["action_form"] is None


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "analyst", "auditor"])
def test_every_other_role_gets_404_like_a_missing_page(request, persona, pre_assessment_rule):
    client = Client()
    client.force_login(request.getfixturevalue(persona))

    for url in (reverse("admin:index"), _change_url(pre_assessment_rule)):
        assert client.get(url).status_code == 404
        assert client.post(url, _form(pre_assessment_rule, amount=1)).status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    pre_assessment_rule.refresh_from_db()
    assert pre_assessment_rule.amount != 1


def test_staff_and_superuser_flags_alone_open_nothing(caseworker, pre_assessment_rule):
    caseworker.is_staff = caseworker.is_superuser = True
    caseworker.save()
    client = Client()
    client.force_login(caseworker)

    assert client.get(reverse("admin:index")).status_code == 404
    assert client.get(_change_url(pre_assessment_rule)).status_code == 404


def test_the_admin_role_gets_in_without_any_staff_flag(admin_user):
    admin_user.is_staff = admin_user.is_superuser = False
    admin_user.save()
    client = Client()
    client.force_login(admin_user)

    assert admin_user.role == Role.ADMIN
    assert client.get(reverse("admin:index")).status_code == 200
    # The main menu leads there, for the administrator only.
    assert reverse("admin:index") in client.get(reverse("cases-my-cases")).text


def test_the_main_menu_shows_no_administration_to_other_roles(client, caseworker, auditor):
    for user in (caseworker, auditor):
        client.force_login(user)
        assert reverse("admin:index") not in client.get(reverse("cases-my-cases")).text


def test_someone_not_signed_in_is_sent_to_the_sign_in_page(client, pre_assessment_rule):
    response = client.get(_change_url(pre_assessment_rule))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_rule_data_is_registered():
    registered = {model._meta.label for model in site._registry}
    personal = {
        "organisation.User",
        "people.Person",
        "cases.Case",
        "cases.JournalEntry",
        "audit.AuditEntry",
        "auth.Group",
    }

    assert registered & personal == set()
    assert {
        "cases.DeadlineRule",
        "cases.InterventionType",
        "lss.InterventionRule",
        "lss.ResourceKind",
        "organisation.Delegation",
        "organisation.District",
        "organisation.Unit",
        "followup.BudgetLine",
    } <= registered


def test_every_admin_action_has_a_label():
    for action in ("admin.rule.added", "admin.rule.changed", "admin.rule.deleted"):
        assert action in ACTION_LABELS


def test_a_record_other_rows_depend_on_is_not_deleted_with_them(admin_client):
    """Deleting an intervention type would take its delegation lines with it (a cascade), rows the
    log would not name one by one: the admin lists them as protected and deletes nothing."""
    from skyddsnat.cases.models import InterventionType
    from skyddsnat.organisation.models import Delegation

    kind = InterventionType.objects.create(
        code="tillfallig", name="Tillfällig", case_kind="children"
    )
    Delegation.objects.create(
        code="BU 9.1",
        decision_type="intervention",
        role="caseworker",
        intervention_type=kind,
        citation="Delegationsordningen",
    )
    url = reverse("admin:cases_interventiontype_delete", args=[kind.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    assert "BU 9.1" in response.text
    assert InterventionType.objects.filter(pk=kind.pk).exists()
    assert Delegation.objects.filter(code="BU 9.1").exists()
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()


def test_a_budget_line_whose_percentage_does_not_match_answers_a_form_error(admin_client):
    from skyddsnat.followup.models import BudgetLine

    line = BudgetLine.objects.filter(base_sek__isnull=False).order_by("pk").first()
    url = reverse("admin:followup_budgetline_change", args=[line.pk])
    form = {
        "year": line.year_id,
        "programme": line.programme_id,
        "base_sek": line.base_sek,
        "change_sek": line.change_sek,
        "change_percent": "50",
        "note": line.note,
    }

    response = admin_client.post(url, form)

    assert response.status_code == 200
    assert response.context["errors"]
    assert BudgetLine.objects.get(pk=line.pk).change_percent == line.change_percent
