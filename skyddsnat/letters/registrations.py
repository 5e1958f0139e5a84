"""What letters register at startup: the "Brev" card on the children's case page."""

from skyddsnat.cases.registry import register_case_page_part
from skyddsnat.letters import pages

register_case_page_part(kinds=pages.KINDS, part=pages.case_page_part)
