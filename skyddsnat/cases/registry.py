"""What the flows add to the spine's pages. The spine never imports a flow: a flow registers its
contribution here from its `AppConfig.ready()` (as Django's admin registry is filled), and the
case page and the person page ask the registry.

- A **case page part** adds action forms and template context to the page of a case of its kinds
  (children: the safety assessment of a waiting report, early help after a decision not to
  investigate, the early help list).
- A **person page part** adds template context to the person page (children: the early help the
  user's unit gives the person).
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.forms import Form

from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Person


@dataclass
class CasePage:
    """The case page being built, handed to each part in turn."""

    user: User
    case: Case
    # Forms posted and refused, by action name: a part shows its own again with the errors.
    bound: Mapping[str, Form]
    today: dt.date
    now: dt.datetime
    forms: dict[str, Form] = field(default_factory=dict)
    context: dict[str, object] = field(default_factory=dict)


CasePagePart = Callable[[CasePage], None]
PersonPagePart = Callable[[User, Person], Mapping[str, object]]

_case_page_parts: list[tuple[frozenset[CaseKind], CasePagePart]] = []
_person_page_parts: list[PersonPagePart] = []


def register_case_page_part(*, kinds: frozenset[CaseKind], part: CasePagePart) -> None:
    """`part(page)` adds forms and context to the page of every case of `kinds`."""
    if all(existing is not part for _kinds, existing in _case_page_parts):
        _case_page_parts.append((kinds, part))


def register_person_page_part(part: PersonPagePart) -> None:
    """`part(user, person)` returns context for the person page."""
    if part not in _person_page_parts:
        _person_page_parts.append(part)


def fill_case_page(page: CasePage) -> None:
    for kinds, part in _case_page_parts:
        if page.case.kind in kinds:
            part(page)


def person_page_context(user: User, person: Person) -> dict[str, object]:
    context: dict[str, object] = {}
    for part in _person_page_parts:
        context.update(part(user, person))
    return context
