"""What the LSS flow registers with the spine at startup (`LssConfig.ready()`): an LSS case is
worked on its application page, with the LSS rules, not on the spine's case page."""

from django.urls import reverse

from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.cases.registry import register_case_page_elsewhere, register_eservice_cases
from skyddsnat.lss.models import Application


def application_page(case: Case) -> str:
    return reverse("lss-application-detail", args=[case.lss_application.pk])


register_case_page_elsewhere(kind=CaseKind.LSS, url=application_page)


def _eservice_cases(case_ids: list[int]) -> set[int]:
    return set(
        Application.objects.filter(case_id__in=case_ids, channel="eservice").values_list(
            "case_id", flat=True
        )
    )


register_eservice_cases(_eservice_cases)
