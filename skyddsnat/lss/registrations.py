"""What the LSS flow registers with the spine at startup (`LssConfig.ready()`): an LSS case is
worked on its application page, with the LSS rules, not on the spine's case page."""

from django.urls import reverse

from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.cases.registry import register_case_page_elsewhere, register_granted_decision_hook
from skyddsnat.lss.services.places import queue_for_decision


def application_page(case: Case) -> str:
    return reverse("lss-application-detail", args=[case.lss_application.pk])


register_case_page_elsewhere(kind=CaseKind.LSS, url=application_page)

# A granted decision of another flow (a crime-exit participant's protected housing) waits in the
# queue of every kind of place its intervention is linked to, as an LSS grant does.
register_granted_decision_hook(queue_for_decision)
