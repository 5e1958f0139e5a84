"""Regression of an attacker's probe (2026-12-03): a decision letter that names a guardian and
their address is found by the auditor's search by that guardian. The LSS decision letter is the
letters app's now: a letter to a child's guardian is logged with the guardian among its people."""

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.letters import services as letters
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
        born=timezone.localdate().replace(day=1) - dt.timedelta(days=365 * 10),
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
    letters.letter_send(
        user=officer,
        case=application.case,
        kind="decision_lss",
        recipient=f"guardian:{guardian.pk}",
        decision=decision.pk,
        sent_on=timezone.localdate(),
    )
    # The auditor's search by person (logreview.selectors) matches person_id or person_ids.
    found = AuditEntry.objects.filter(
        Q(person_id=guardian.pk) | Q(person_ids__overlaps=[guardian.pk]),
        action="letters.letter.create",
    )
    assert found.exists()
