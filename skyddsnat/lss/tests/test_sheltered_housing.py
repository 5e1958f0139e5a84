"""Sheltered housing (skyddat boende) through the generic places and queues (issue 10 point 5):
the kind of place and its intervention are data (lss migration 0005), and a granted decision on a
children's case waits in that queue like any LSS housing decision."""

import pytest
from django.utils import timezone

from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide
from skyddsnat.lss import services as lss_services
from skyddsnat.lss.models import Facility, QueueEntry, ResourceKind

pytestmark = pytest.mark.django_db


def test_the_kind_of_place_serves_the_sheltered_housing_intervention():
    kind = ResourceKind.objects.get(code="skyddat-boende")
    assert kind.name == "Skyddat boende"
    assert list(kind.intervention_types.values_list("code", flat=True)) == ["skyddat-boende"]
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
