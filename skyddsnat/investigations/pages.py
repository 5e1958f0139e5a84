"""What the investigation flow adds to the spine's case page (registered in `registrations.py`):
a card with the investigation's state and a link to its page, and its events on the timeline."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.cases.registry import CasePage, TimelineItem
from skyddsnat.cases.views.common import display_name, local_moment

KINDS = frozenset({CaseKind.CHILDREN})

PREFETCH = (
    "investigation__conversations__recorded_by",
    "investigation__communications__parties__person",
)


def timeline_part(case: Case) -> Iterator[TimelineItem]:
    """Conversations with the child and kommunicering (prefetched: `PREFETCH`)."""
    investigation = getattr(case, "investigation", None)
    if investigation is None:
        return
    for conversation in investigation.conversations.all():
        day, time = local_moment(conversation.recorded_at)
        if conversation.held and conversation.held_on is not None:
            yield TimelineItem(
                conversation.held_on,
                None,
                "conversation",
                _("Conversation with the child"),
                conversation.notes,
                conversation.held_by,
                conversation.place,
            )
        else:
            yield TimelineItem(
                day,
                time,
                "conversation",
                _("Conversation with the child not held"),
                conversation.notes,
                display_name(conversation.recorded_by),
                str(conversation.get_not_held_reason_display()),
            )
    for communication in investigation.communications.all():
        names = ", ".join(p.person.full_name for p in communication.parties.all())
        yield TimelineItem(
            communication.sent_on,
            None,
            "communication",
            _("Kommunicering sent, reply by %(date)s")
            % {"date": f"{communication.reply_by:%Y-%m-%d}"},
            communication.material,
            note=names,
        )
        for party in communication.parties.all():
            if party.replied_on is not None:
                yield TimelineItem(
                    party.replied_on,
                    None,
                    "communication",
                    _("Reply to the kommunicering: %(name)s") % {"name": party.person.full_name},
                    party.reply,
                )


def case_page_part(page: CasePage) -> None:
    """The investigation card: link to the content, kommunicering waiting for replies."""
    case = page.case
    investigation = getattr(case, "investigation", None)
    if investigation is None or not policy.works_on_investigations(page.user):
        return
    communications = list(investigation.communications.all())
    today = timezone.localdate()
    waiting = [
        c
        for c in communications
        if c.overridden_at is None
        and today <= c.reply_by
        and any(p.replied_on is None for p in c.parties.all())
    ]
    page.context["investigation_part"] = {
        "url": reverse("investigations-page", args=[case.pk]),
        "conversations": len(investigation.conversations.all()),
        "reply_by": max((c.reply_by for c in waiting), default=None),
        "is_open": investigation.closed_on is None,
    }
