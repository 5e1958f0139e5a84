"""The investigation's part of the case's print view (registered in `registrations.py`): each
part of the investigation with its text and sources, and the ending. Conversations with the
child and kommunicering are already among the print view's events (`pages.timeline_part`).
Read without auditing: the print view writes one entry naming the print."""

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, Investigation
from skyddsnat.cases.registry import PrintPart
from skyddsnat.investigations.models import AREA_SECTIONS, SectionKind
from skyddsnat.investigations.selectors import investigation_content
from skyddsnat.organisation.models import User


def print_part(user: User, case: Case) -> PrintPart | None:
    """For the roles that read investigations (`policy.works_on_investigations`), on a case with
    one; the case was got through `get_case_for_user` by the print view."""
    if not policy.works_on_investigations(user):
        return None
    if not Investigation.objects.filter(case=case).exists():
        return None
    content = investigation_content(user=user, case=case, audit=False)
    sections = [
        {
            "title": SectionKind(kind).label,
            "section": content.sections.get(kind),
            "is_area": kind in AREA_SECTIONS,
        }
        for kind in SectionKind.values
    ]
    return PrintPart(
        template="investigations/_case_print.html",
        context={"content": content, "sections": sections},
    )
