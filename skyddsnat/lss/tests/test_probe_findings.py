"""Regression of an attacker's probe (2026-12-03): a decision letter that prints a guardian's
name and address is found by the auditor's search by that guardian."""

import datetime as dt

import pytest
from django.db.models import Q

from skyddsnat.audit.models import AuditEntry
from skyddsnat.lss import documents
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.lss.tests.test_casework_corrections import _number
from skyddsnat.people.models import Guardianship, Person

pytestmark = pytest.mark.django_db


def test_a_letter_naming_a_guardian_is_found_by_the_guardians_audit_search(
    officer, make_application
):
    application = make_application(
        officer,
        codes=("lss-companion",),
        born=dt.date(2012, 4, 4),
        received_on=dt.date(2024, 1, 10),
    )
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    guardian = Person.objects.create(
        personal_identity_number=_number(dt.date(1980, 1, 1)),
        first_name="Öppen",
        last_name="Vårdnadshavare",
        date_of_birth=dt.date(1980, 1, 1),
        street_address="Solvägen 3",
        postal_code="16300",
        city="Spånga",
        is_synthetic=True,
    )
    Guardianship.objects.create(child=application.case.person, guardian=guardian)
    documents.decision_letter_pdf(decision=decision, user=officer)
    # The auditor's search by person (logreview.selectors) matches person_id or person_ids.
    found = AuditEntry.objects.filter(
        Q(person_id=guardian.pk) | Q(person_ids__overlaps=[guardian.pk]),
        action="lss.decision.letter",
    )
    assert found.exists()
