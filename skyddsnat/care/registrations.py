"""What the care flow registers at startup (`CareConfig.ready()`): its part of the case page (the
LVU section and the placements, with their forms) and its events on the timeline."""

from skyddsnat.care import pages
from skyddsnat.cases.registry import register_case_detail, register_case_page_part

register_case_detail(kinds=pages.KINDS, timeline=pages.timeline_part)
register_case_page_part(kinds=pages.KINDS, part=pages.case_page_part)
