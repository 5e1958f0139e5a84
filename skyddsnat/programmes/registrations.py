"""What the programmes register with the spine at startup (`ProgrammesConfig.ready()`): a
programme case is worked on its participant's page, not on the spine's case page."""

from django.urls import reverse

from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.cases.registry import register_case_page_elsewhere


def participant_page(case: Case) -> str:
    participant = case.participations.order_by("pk").first()
    if participant is None:
        return reverse("cases-my-cases")
    return reverse("programmes-participant", args=[participant.pk])


register_case_page_elsewhere(kind=CaseKind.PROGRAMME, url=participant_page)
