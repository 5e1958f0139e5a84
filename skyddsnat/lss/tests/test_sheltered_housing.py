"""Sheltered housing (skyddat boende) through the generic places and queues (issue 10 point 5):
the kind of place and its intervention are data (lss migration 0005), and a granted decision on a
children's case waits in that queue like any LSS housing decision."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide
from skyddsnat.lss import services as lss_services
from skyddsnat.lss.models import Facility, QueueEntry, ResourceKind

pytestmark = pytest.mark.django_db


def test_the_kind_of_place_serves_the_sheltered_housing_intervention():
    kind = ResourceKind.objects.get(code="skyddat-boende")
    assert kind.name == "Skyddat boende"
    # The children's sheltered housing, and crime exit's protected housing (programmes 0004).
    assert sorted(kind.intervention_types.values_list("code", flat=True)) == [
        "avhopp-skyddat-boende",
        "skyddat-boende",
    ]
    # The kind loaded earlier as "sheltered-housing" became this one: one kind, not two.
    assert not ResourceKind.objects.filter(code="sheltered-housing").exists()


def test_a_granted_decision_on_a_childrens_case_waits_in_the_queue(
    caseworker, manager, make_report, jarva
):
    report = make_report(caseworker, violence={"kinds": ["physical"], "child_exposed": True})
    itype = InterventionType.objects.get(code="skyddat-boende")
    decision = case_decide(
        user=manager,
        case=report.case,
        decided_on=timezone.localdate(),
        outcome="grant",
        intervention_type=itype,
        reason="Barnet och modern behöver skydd.",
    )
    entry = QueueEntry.objects.get(decision=decision)
    assert entry.resource_kind.code == "skyddat-boende"
    assert entry.district == jarva
    facility = Facility.objects.create(
        resource_kind=entry.resource_kind, name="Skyddat boende Järva", district=jarva, places=2
    )
    offer = lss_services.offer_make(
        user=manager, entry=entry, facility=facility, offered_on=timezone.localdate()
    )
    lss_services.offer_answer(
        user=manager, offer=offer, accepted=True, answered_on=timezone.localdate()
    )
    entry.refresh_from_db()
    assert entry.status == "placed"


def test_a_refused_decision_does_not_queue(caseworker, manager, make_report):
    report = make_report(caseworker, violence={"kinds": ["physical"], "child_exposed": True})
    decision = case_decide(
        user=manager,
        case=report.case,
        decided_on=timezone.localdate(),
        outcome="refuse",
        intervention_type=InterventionType.objects.get(code="skyddat-boende"),
        reason="Behovet tillgodoses på annat sätt.",
    )
    assert not QueueEntry.objects.filter(decision=decision).exists()


def _granted_place(caseworker, manager, make_report):
    report = make_report(
        caseworker,
        first_name="Ylva",
        last_name="Skyddström",
        violence={"kinds": ["physical"], "child_exposed": True},
    )
    from skyddsnat.people.models import Person, ProtectionLevel

    Person.objects.filter(pk=report.child_id).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION, street_address="Hemliga gränd 7"
    )
    decision = case_decide(
        user=manager,
        case=report.case,
        decided_on=timezone.localdate(),
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="skyddat-boende"),
        reason="Skydd behövs.",
    )
    return QueueEntry.objects.get(decision=decision)


def test_the_childrens_manager_works_the_queue_and_offers_a_place(
    client, caseworker, manager, make_report, jarva
):
    entry = _granted_place(caseworker, manager, make_report)
    facility = Facility.objects.create(
        resource_kind=entry.resource_kind, name="Skyddat boende Järva", district=jarva, places=2
    )
    client.force_login(manager)
    body = client.get(reverse("lss-queue")).content.decode()
    assert "Skyddström" in body and "Skyddat boende" in body
    assert "Hemliga gränd" not in body
    entry.decision.case.refresh_from_db()
    response = client.post(
        reverse("lss-offer-create", args=[entry.pk]),
        {
            f"o{entry.pk}-facility": facility.pk,
            f"o{entry.pk}-offered_on": timezone.localdate().isoformat(),
            "version": entry.decision.case.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert entry.offers.count() == 1
    api = APIClient()
    api.force_authenticate(manager)
    rows = api.get("/api/v1/lss/queue/", {"resource_kind": "skyddat-boende"}).json()
    assert [r["entry_id"] for r in rows] == [entry.pk]


def test_lss_staff_never_see_where_a_protected_child_waits_for_sheltered_housing(
    client, caseworker, manager, make_report
):
    # Whereabouts: the LSS unit of the same district works the places too, but not this case.
    from skyddsnat.lss.tests.conftest import make_lss_user

    entry = _granted_place(caseworker, manager, make_report)
    officer = make_lss_user("lss.jarva.x", "lss_officer", "jarva")
    client.force_login(officer)
    body = client.get(reverse("lss-queue")).content.decode()
    assert "Skyddström" not in body
    assert entry.decision.case.reference not in body
    response = client.post(reverse("lss-offer-create", args=[entry.pk]), {})
    assert response.status_code == 404


def test_a_caseworker_of_a_childrens_unit_has_no_queue_page(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("lss-queue")).status_code == 404
