"""Reads of an investigation's content, scoped to the user and audited: the page and the API read
it here, one audit entry per read naming the child and the parties shown."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import Http404

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, Investigation
from skyddsnat.investigations.models import (
    Communication,
    Conversation,
    Ending,
    Section,
    SectionKind,
)
from skyddsnat.organisation.models import User


@dataclass
class InvestigationContent:
    case: Case
    investigation: Investigation
    sections: dict[str, Section | None]
    conversations: list[Conversation]
    communications: list[Communication]
    ending: Ending | None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.investigation.closed_on is None and self.case.is_open


def get_investigation_case(user: User, case_id: int) -> Case:
    """The case, if the user may work on investigations and sees it; 404 for a role outside
    the area, a case they do not see, or a case without an investigation."""
    policy.require(policy.works_on_investigations(user))
    case = policy.get_case_for_user(user, case_id)
    if not Investigation.objects.filter(case=case).exists():
        raise Http404
    return case


def investigation_content(
    *, user: User, case: Case, audit: bool = True, also_shown: Iterable[int] = ()
) -> InvestigationContent:
    """Everything the investigation holds, for a case `get_investigation_case` returned.
    `also_shown`: further persons the caller shows with it (the page: today's parties)."""
    investigation = Investigation.objects.select_related("deadline").get(case=case)
    by_kind = {
        s.kind: s
        for s in Section.objects.filter(investigation=investigation).select_related("updated_by")
    }
    communications = list(
        investigation.communications.select_related("sent_by", "overridden_by", "rule")
        .prefetch_related("parties__person", "parties__reply_recorded_by")
        .order_by("sent_on", "pk")
    )
    content = InvestigationContent(
        case=case,
        investigation=investigation,
        sections={kind: by_kind.get(kind) for kind in SectionKind.values},
        conversations=list(investigation.conversations.select_related("recorded_by")),
        communications=communications,
        ending=Ending.objects.select_related("decision__decided_by", "decision__delegation")
        .filter(investigation=investigation)
        .first(),
    )
    if audit:
        parties = {p.person_id for c in communications for p in c.parties.all()}
        parties.update(also_shown)
        audit_log(
            user=user,
            action="investigations.investigation.read",
            person_id=case.person_id,
            case_id=case.pk,
            others=sorted(parties - {case.person_id}),
        )
    return content
