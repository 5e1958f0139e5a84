"""What the LSS flow registers with the spine at startup (`LssConfig.ready()`): an LSS case is
worked on its application page, with the LSS rules, not on the spine's case page; and the places
and queues serve every flow: a granted decision of another kind of case (sheltered housing for a
children's case) joins the queue of each kind of place its intervention waits for."""

from django.urls import reverse

from skyddsnat.cases.models import Case, CaseKind, Decision
from skyddsnat.cases.registry import (
    register_case_page_elsewhere,
    register_decision_recorded,
    register_eservice_cases,
)
from skyddsnat.lss.models import Application
from skyddsnat.lss.services.places import queue_for_decision
from skyddsnat.organisation.models import User


def application_page(case: Case) -> str:
    return reverse("lss-application-detail", args=[case.lss_application.pk])


register_case_page_elsewhere(kind=CaseKind.LSS, url=application_page)


def queue_other_flows(user: User, decision: Decision) -> None:
    """An LSS decision is queued by the LSS flow itself (`lss.services.applications`)."""
    if decision.case.kind != CaseKind.LSS:
        queue_for_decision(user=user, decision=decision)


register_decision_recorded(queue_other_flows)


def _eservice_cases(case_ids: list[int]) -> set[int]:
    return set(
        Application.objects.filter(case_id__in=case_ids, channel="eservice").values_list(
            "case_id", flat=True
        )
    )


register_eservice_cases(_eservice_cases)
