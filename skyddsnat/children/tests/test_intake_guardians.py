"""Issue 9 point 1: the intake form lists the child's known guardians, only for a child the user
may see; for any other number the answer is the one of a number nobody has."""

import pytest
from django.urls import reverse

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.guardians import guardian_add
from skyddsnat.people.models import Person, ProtectionLevel

pytestmark = pytest.mark.django_db
URL = "children-intake-guardians"


@pytest.fixture
def child_with_guardian(caseworker, make_report):
    report = make_report(caseworker)
    guardian_add(
        user=caseworker,
        case=report.case,
        personal_identity_number=new_identity_number(),
        first_name="Maria",
        last_name="Vårdnadsson",
        relation="parent",
        is_synthetic=True,
    )
    return report.child


def _lookup(client, user, number: str) -> str:
    client.force_login(user)
    response = client.get(reverse(URL), {"personal_identity_number": number})
    assert response.status_code == 200
    return response.content.decode()


def test_a_child_the_user_sees_shows_its_guardians(caseworker, child_with_guardian, client):
    page = _lookup(client, caseworker, child_with_guardian.personal_identity_number)
    assert "Maria Vårdnadsson" in page
    assert "Kända vårdnadshavare" in page
    assert AuditEntry.objects.filter(
        action="children.intake.guardians", person_id=child_with_guardian.pk
    ).exists()


def test_another_districts_child_answers_as_a_number_nobody_has(
    outsider, child_with_guardian, client
):
    seen = _lookup(client, outsider, child_with_guardian.personal_identity_number)
    nobody = _lookup(client, outsider, new_identity_number())
    invalid = _lookup(client, outsider, "not a number")
    assert seen == nobody == invalid
    assert "Maria" not in seen and child_with_guardian.last_name not in seen
    # Logged for the auditor, never told to the user.
    assert AuditEntry.objects.filter(
        action="children.intake.guardians.refused", person_id=child_with_guardian.pk
    ).exists()


def test_a_protected_child_of_another_unit_reveals_nothing(
    outsider, caseworker, make_report, client
):
    report = make_report(caseworker)
    Person.objects.filter(pk=report.child_id).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION
    )
    seen = _lookup(client, outsider, report.child.personal_identity_number)
    assert seen == _lookup(client, outsider, new_identity_number())
    assert "Skyddad" not in seen


def test_roles_without_the_report_form_get_404(politician, auditor, client):
    for user in (politician, auditor):
        client.force_login(user)
        assert client.get(reverse(URL), {"personal_identity_number": "x"}).status_code == 404


def test_the_report_form_asks_for_the_guardians_when_the_number_changes(caseworker, client):
    client.force_login(caseworker)
    page = client.get(reverse("children-report-create")).content.decode()
    assert f'hx-get="{reverse(URL)}"' in page
    assert "change from:#id_personal_identity_number" in page
