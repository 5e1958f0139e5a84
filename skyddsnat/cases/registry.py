"""What the flows add to the spine's pages. The spine never imports a flow: a flow registers its
contribution here from its `AppConfig.ready()` (as Django's admin registry is filled), and the
case page and the person page ask the registry.

- A **case page part** adds action forms and template context to the page of a case of its kinds
  (children: the safety assessment of a waiting report, early help after a decision not to
  investigate, the early help list).
- A **person page part** adds template context to the person page (children: the early help the
  user's unit gives the person).
- A **case detail** registration adds the flow's records to the case as the page and the API read
  it (relations to prefetch) and to the case page's timeline (children: the reports and their
  safety assessments).
- A case kind may be **worked elsewhere**: its case page sends the user to the flow's own page
  (LSS: the application page).
- A **decision check** runs in the decision service before a decision closes an investigation
  (investigations: a decision waits for the kommunicering's reply date unless overridden), so
  the page and the API refuse alike.
- A **print part** adds the flow's records to the print view of a case (investigations: the
  investigation's content), read without auditing: the print view logs one entry for the print.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.forms import Form

from skyddsnat.cases.models import Case, CaseKind, Decision, InterventionType
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


@dataclass(frozen=True)
class TimelineItem:
    """One event of the case page's timeline."""

    day: dt.date
    time: dt.time | None
    kind: str
    title: str
    body: str = ""
    by: str = ""
    note: str = ""

    @property
    def sort_key(self) -> tuple:
        # Items with only a date come after the timed events of that day (a decision follows the
        # report it decides on).
        return (self.day, self.time or dt.time.max, self.kind == "intervention")


CasePagePart = Callable[[CasePage], None]
PersonPagePart = Callable[[User, Person], Mapping[str, object]]
TimelinePart = Callable[[Case], Iterable[TimelineItem]]

_case_page_parts: list[tuple[frozenset[CaseKind], CasePagePart]] = []
_person_page_parts: list[PersonPagePart] = []
_timeline_parts: list[tuple[frozenset[CaseKind], TimelinePart]] = []
_prefetch: dict[CaseKind, list[str]] = {}
_elsewhere: dict[CaseKind, Callable[[Case], str]] = {}


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


def register_case_detail(
    *,
    kinds: frozenset[CaseKind],
    prefetch: Iterable[str] = (),
    timeline: TimelinePart | None = None,
) -> None:
    """The flow's records of a case of `kinds`: relations `case_detail` prefetches (for the page
    and the API), and `timeline(case)`, its events on the case page (read from those relations)."""
    for kind in kinds:
        known = _prefetch.setdefault(kind, [])
        known.extend(name for name in prefetch if name not in known)
    if timeline is not None and all(existing is not timeline for _k, existing in _timeline_parts):
        _timeline_parts.append((kinds, timeline))


def case_prefetch(kind: str) -> list[str]:
    return list(_prefetch.get(CaseKind(kind), []))


def timeline_items(case: Case) -> list[TimelineItem]:
    return [item for kinds, part in _timeline_parts if case.kind in kinds for item in part(case)]


def register_case_page_elsewhere(*, kind: CaseKind, url: Callable[[Case], str]) -> None:
    """A case of `kind` is worked on the flow's own page, `url(case)`, not on the case page."""
    _elsewhere[kind] = url


def case_page_elsewhere(case: Case) -> str | None:
    url = _elsewhere.get(CaseKind(case.kind))
    return url(case) if url is not None else None


# A check raises ValidationError (naming the field) when a decision may not be recorded yet.
# Called as check(case, decided_on, intervention_type): the intervention decided, or None for a
# decision without one (an investigation ended without intervention).
DecisionCheck = Callable[[Case, dt.date, InterventionType | None], None]
_decision_checks: list[DecisionCheck] = []


def register_decision_check(check: DecisionCheck) -> None:
    """`check(case, decided_on, intervention_type)` runs, with the case locked, before a decision
    closes the case's investigation; it raises ValidationError to refuse the decision."""
    if all(existing is not check for existing in _decision_checks):
        _decision_checks.append(check)


def run_decision_checks(
    *, case: Case, decided_on: dt.date, intervention_type: InterventionType | None = None
) -> None:
    for check in _decision_checks:
        check(case, decided_on, intervention_type)


# A hook runs, with the case locked and in the decision's transaction, after a decision on an
# intervention is recorded: e.g. the places-and-queues module (lss) puts a granted place in the
# queue of its kind of place (sheltered housing for a children's case). Called as
# hook(user, decision).
DecisionRecorded = Callable[[User, Decision], None]
_decision_recorded: list[DecisionRecorded] = []


def register_decision_recorded(hook: DecisionRecorded) -> None:
    """`hook(user, decision)` runs after every intervention decision of every flow."""
    if all(existing is not hook for existing in _decision_recorded):
        _decision_recorded.append(hook)


def run_decision_recorded(*, user: User, decision: Decision) -> None:
    for hook in _decision_recorded:
        hook(user, decision)


# --- Which cases came in through the public e-service (issue 11): the queue's "E-tjänst" badge.
# Each flow registers a finder over its own intake records (children: reports, LSS: applications).
_eservice_finders: list[Callable[[list[int]], set[int]]] = []


def register_eservice_cases(finder: Callable[[list[int]], set[int]]) -> None:
    """`finder(case_ids)`: those of the ids whose intake record came through the e-service."""
    _eservice_finders.append(finder)


def eservice_case_ids(case_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for finder in _eservice_finders:
        found |= finder(case_ids)
    return found


# --- The print view (issue 14 point 3) -------------------------------------------------------


@dataclass(frozen=True)
class PrintPart:
    """What a flow adds to the print view of a case: a template included in the page (its
    section headings at level 2) and its context."""

    template: str
    context: Mapping[str, object]


# Called as part(user, case) for a case the user sees (`get_case_for_user`); returns None when
# the flow has nothing to print for this user (a role outside the flow's area, say). A part
# reads without auditing: the print view writes one entry naming the print.
PrintPartFactory = Callable[[User, Case], "PrintPart | None"]
_print_parts: list[tuple[frozenset[CaseKind], PrintPartFactory]] = []


def register_print_part(*, kinds: frozenset[CaseKind], part: PrintPartFactory) -> None:
    """The flow's records on the print view of a case of `kinds` (investigations: the content
    of the investigation), after the spine's own."""
    if all(existing is not part for _k, existing in _print_parts):
        _print_parts.append((kinds, part))


def print_parts(user: User, case: Case) -> list[PrintPart]:
    found = (part(user, case) for kinds, part in _print_parts if case.kind in kinds)
    return [part for part in found if part is not None]
