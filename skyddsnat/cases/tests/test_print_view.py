"""The print view of a case (issue 14 point 3): what it holds, who may open it (404 for a case
not seen), one audit entry naming the print, and a protected address printed only for a reader
with a recorded need."""

import pytest
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.services import journal_add
from skyddsnat.investigations.services import section_save
from skyddsnat.investigations.tests.conftest import investigated_case
from skyddsnat.people.models import ProtectionLevel

pytestmark = pytest.mark.django_db


def print_page(client, user, case_id):
    client.force_login(user)
    return client.get(reverse("cases-case-print", args=[case_id]))


def test_the_print_holds_the_case_its_deadlines_journal_and_investigation(
    client, caseworker, make_report
):
    case = investigated_case(caseworker, make_report)
    journal_add(user=caseworker, case=case, text="Samtal med skolkuratorn <b>om</b> frånvaron.")
    section_save(
        user=caseworker,
        case=case,
        kind="assessment",
        text="Barnet behöver stöd i skolan.",
        version=0,
    )

    response = print_page(client, caseworker, case.pk)

    assert response.status_code == 200
    body = response.content.decode()
    assert case.reference in body
    assert case.person.full_name in body
    assert case.person.identity_number_display in body
    assert "Utskriven av Sara Ek" in body
    # The deadlines, the pre-assessment's decision, the report, the journal (escaped).
    assert "Förhandsbedömning" in body
    assert "Inleda utredning" in body
    assert "Skolan oroar sig för barnets frånvaro." in body
    assert "Samtal med skolkuratorn &lt;b&gt;om&lt;/b&gt; frånvaron." in body
    # The investigation's content, under its part's heading.
    assert "Bedömning" in body
    assert "Barnet behöver stöd i skolan." in body
    # The page is laid out for paper and links back.
    assert "css/print.css" in body
    assert reverse("cases-case-detail", args=[case.pk]) in body


def test_the_case_page_links_to_its_print(client, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(caseworker)

    body = client.get(reverse("cases-case-detail", args=[report.case_id])).content.decode()

    assert reverse("cases-case-print", args=[report.case_id]) in body
    assert ">Skriv ut<" in body


def test_printing_writes_one_audit_entry_naming_the_print(client, caseworker, make_report):
    case = investigated_case(caseworker, make_report)
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    print_page(client, caseworker, case.pk)

    new = AuditEntry.objects.exclude(pk__in=before)
    assert [(e.action, e.case_id, e.person_id) for e in new] == [
        ("cases.case.print", case.pk, case.person_id)
    ]
    assert new.get().user_id == caseworker.pk


@pytest.mark.parametrize("role", ["outsider", "politician", "analyst", "auditor"])
def test_a_case_not_seen_answers_404_and_prints_nothing(
    client, caseworker, make_report, role, request
):
    report = make_report(caseworker)
    child = report.child

    response = print_page(client, request.getfixturevalue(role), report.case_id)

    assert response.status_code == 404
    body = response.content.decode()
    assert child.last_name not in body
    assert report.case.reference not in body
    assert not AuditEntry.objects.filter(action="cases.case.print").exists()


def test_signed_out_the_print_sends_to_the_sign_in(client, caseworker, make_report):
    report = make_report(caseworker)

    response = client.get(reverse("cases-case-print", args=[report.case_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_protected_address_is_printed_only_for_a_reader_with_a_recorded_need(
    client, caseworker, colleague, make_report
):
    report = make_report(caseworker)
    child = report.child
    child.protection_level = ProtectionLevel.PROTECTED_REGISTRATION
    child.street_address = "Hemliga gatan 1"
    child.save()

    body = print_page(client, caseworker, report.case_id).content.decode()
    assert "Hemliga gatan" not in body
    assert "Skyddad adress" in body

    colleague.may_see_protected_addresses = True
    colleague.save()
    body = print_page(client, colleague, report.case_id).content.decode()
    assert "Hemliga gatan 1" in body


def test_an_unprotected_address_is_printed(client, caseworker, make_report):
    report = make_report(caseworker)
    child = report.child
    child.street_address = "Öppna vägen 3"
    child.save()

    body = print_page(client, caseworker, report.case_id).content.decode()

    assert "Öppna vägen 3" in body


def test_the_investigation_part_is_printed_only_for_those_who_work_on_investigations(
    caseworker, make_report
):
    from skyddsnat.cases import policy, registry
    from skyddsnat.organisation.models import Role

    case = investigated_case(caseworker, make_report)

    parts = registry.print_parts(caseworker, case)
    assert [p.template for p in parts] == ["investigations/_case_print.html"]

    caseworker.role = Role.LSS_OFFICER
    assert not policy.works_on_investigations(caseworker)
    assert registry.print_parts(caseworker, case) == []
