"""What the children-and-youth flow registers at startup (`ChildrenConfig.ready()`): its parts of
the case page (its reports on the timeline, its action forms) and of the person page, and the
report form's drafts."""

from skyddsnat.cases import policy
from skyddsnat.cases.registry import (
    register_case_detail,
    register_case_page_part,
    register_eservice_cases,
    register_person_page_part,
)
from skyddsnat.children import pages
from skyddsnat.children.forms import REPORT_KEY, ReportForm
from skyddsnat.children.models import Channel, Report
from skyddsnat.drafts.registry import register as register_draftable

register_case_detail(kinds=pages.KINDS, prefetch=pages.PREFETCH, timeline=pages.timeline_part)
register_case_page_part(kinds=pages.KINDS, part=pages.case_page_part)
register_person_page_part(pages.person_page_part)
register_draftable(
    key=REPORT_KEY,
    form_class=ReportForm,
    may_use=lambda user, _case_id: policy.works_with_cases(user),
)


def _eservice_cases(case_ids: list[int]) -> set[int]:
    return set(
        Report.objects.filter(case_id__in=case_ids, channel=Channel.ESERVICE).values_list(
            "case_id", flat=True
        )
    )


register_eservice_cases(_eservice_cases)
