"""What letters register at startup: the "Brev" card on the children's case page, and the
decision letters under each decision of the LSS application page."""

from skyddsnat.cases.registry import register_case_page_part
from skyddsnat.letters import lss_pages, pages
from skyddsnat.lss.registry import register_decision_part

register_case_page_part(kinds=pages.KINDS, part=pages.case_page_part)
register_decision_part(lss_pages.decision_part)
