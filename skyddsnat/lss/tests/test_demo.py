"""The generated LSS data are the rows the services would write, and they feed the reports."""

from skyddsnat.cases.models import Case, Deadline, DeadlineKind, Decision
from skyddsnat.demo.tests.conftest import run_demo_data
from skyddsnat.lss.implementation import implementation_rule, late_rows
from skyddsnat.lss.models import Application, DelayOffer, ImplementationDelay, QueueEntry
from skyddsnat.organisation.models import District


def test_the_demo_generates_lss_cases_queues_and_late_decisions(db, monkeypatch):
    monkeypatch.setenv("SKYDDSNAT_DEMO_PASSWORD", "demo-test-pw")
    run_demo_data("--seed", "7", "--years", "2", "--scale", "0.3", "--end-date", "2025-03-01")
    lss = Case.objects.filter(kind="lss")
    assert lss.count() == Application.objects.count() > 0
    districts = set(lss.values_list("district__slug", flat=True))
    assert districts == set(
        District.objects.filter(successor__isnull=True, valid_to__isnull=True).values_list(
            "slug", flat=True
        )
    )
    rule = implementation_rule()
    for decision in Decision.objects.filter(case__kind="lss", outcome="grant").select_related(
        "lss_terms__implementation_deadline"
    )[:200]:
        deadline = decision.lss_terms.implementation_deadline
        assert deadline.kind == DeadlineKind.LSS_IMPLEMENTATION
        assert deadline.due == rule.due_from(decision.decided_on)
    assert QueueEntry.objects.filter(status="waiting").exists()
    assert QueueEntry.objects.filter(status="placed").exists()
    late = late_rows(lss, on=Deadline.objects.latest("due").due)
    assert late
    # A few late decisions still waiting carry their reason and an offer declined (LSS 28 f–h §§),
    # and they are in the report's rows with those facts.
    delays = ImplementationDelay.objects.select_related("decision")
    assert 0 < delays.count() <= 3
    assert DelayOffer.objects.filter(delay__in=delays, answer="declined").count() == delays.count()
    recorded = {r.decision_id: r for r in late if r.kind == "not_implemented" and r.reason}
    assert recorded and all(r.offers and r.consequences for r in recorded.values())
