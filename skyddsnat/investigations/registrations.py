"""What the investigation flow registers at startup (`InvestigationsConfig.ready()`): its part of
the case page and the timeline, the kommunicering check of the decision service, and the drafts
of each part of the investigation (autosaved as the journal is)."""

from skyddsnat.cases import policy
from skyddsnat.cases.registry import (
    register_case_detail,
    register_case_page_part,
    register_decision_check,
    register_print_part,
)
from skyddsnat.drafts.registry import register as register_draftable
from skyddsnat.investigations import pages, printing
from skyddsnat.investigations.communication import communication_check
from skyddsnat.investigations.forms import SectionDraftForm, section_draft_key
from skyddsnat.investigations.models import SectionKind
from skyddsnat.organisation.models import User


def may_write_investigation(user: User, case_id: int | None) -> bool:
    """The children's unit on a case they see (a case they do not see answers 404)."""
    if not policy.works_on_investigations(user) or case_id is None:
        return False
    policy.get_case_for_user(user, case_id)
    return True


register_case_detail(kinds=pages.KINDS, prefetch=pages.PREFETCH, timeline=pages.timeline_part)
register_case_page_part(kinds=pages.KINDS, part=pages.case_page_part)
register_decision_check(communication_check)
register_print_part(kinds=pages.KINDS, part=printing.print_part)
for _kind in SectionKind.values:
    register_draftable(
        key=section_draft_key(_kind), form_class=SectionDraftForm, may_use=may_write_investigation
    )
