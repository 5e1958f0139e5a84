"""The "Dokument" card on the case page (registered in `registrations.py`)."""

from django.urls import reverse

from skyddsnat.cases import policy
from skyddsnat.cases.models import CaseKind
from skyddsnat.cases.registry import CasePage
from skyddsnat.documents import forms, selectors

KINDS = frozenset({CaseKind.CHILDREN, CaseKind.LSS})


def case_page_part(page: CasePage) -> None:
    if not policy.works_with_case_records(page.user):
        return
    documents = selectors.case_documents(user=page.user, case=page.case)
    page.forms["document"] = page.bound.get("document") or forms.DocumentForm(
        initial={"received_on": page.today}
    )
    page.context["documents_part"] = {
        "rows": [
            {"document": d, "url": reverse("documents-document-download", args=[d.pk])}
            for d in documents
        ],
        "upload_url": reverse("documents-document-create", args=[page.case.pk]),
    }
