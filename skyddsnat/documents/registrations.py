"""What documents register at startup: the "Dokument" card on the case page."""

from skyddsnat.cases.registry import register_case_page_part
from skyddsnat.documents import pages

register_case_page_part(kinds=pages.KINDS, part=pages.case_page_part)
