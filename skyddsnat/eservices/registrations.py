"""What the e-services add to the spine's pages (`EservicesConfig.ready()`): the attachments a
concern report came with, listed on its case page for staff who see the case."""

from skyddsnat.cases.models import CaseKind
from skyddsnat.cases.registry import CasePage, register_case_page_part
from skyddsnat.eservices.models import Attachment


def attachments_part(page: CasePage) -> None:
    rows = list(
        Attachment.objects.filter(submission__case=page.case)
        .defer("content")
        .select_related("submission")
    )
    if rows:
        page.context["eservice_attachments"] = rows


register_case_page_part(kinds=frozenset({CaseKind.CHILDREN}), part=attachments_part)
