"""Kommunicering: the investigation's material sent to the parties (the guardians, and the child
from the age of the party rule) with a date to reply by from rule data, the parties' replies, the
documented override, and the check the decision service runs (registered with the spine): a
decision waits for the reply date to pass or every party to answer."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases import policy
from skyddsnat.cases.guardians import guardians_of
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    DeadlineKind,
    DeadlineRule,
    InterventionType,
    Investigation,
    LegalBasis,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    open_investigation,
    require_text,
    validate_not_future,
)
from skyddsnat.investigations.models import (
    Communication,
    CommunicationParty,
    PartyRole,
    PartyRule,
)
from skyddsnat.investigations.services import (
    not_before,
    open_investigation_of,
    optional_text,
    require_writer,
)
from skyddsnat.lib import validators
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Person

CHILD_PARTY_RULE = "child-party-age"


# ----- kommunicering -----------------------------------------------------------------------------


def reply_rule() -> DeadlineRule:
    return DeadlineRule.objects.get(kind=DeadlineKind.COMMUNICATION_REPLY)


def child_party_age() -> int | None:
    rule = PartyRule.objects.filter(code=CHILD_PARTY_RULE).first()
    return rule.age if rule is not None else None


def parties_of(child: Person, day: dt.date) -> list[tuple[Person, PartyRole]]:
    """Who is a party of the child's investigation on `day`: each registered guardian, and the
    child from the age the party rule names (15 as loaded: the child speaks for themself)."""
    parties = [(guardian, PartyRole.GUARDIAN) for guardian in guardians_of(child)]
    age = child_party_age()
    born = child.date_of_birth  # unknown (a child without a number): not a party of their own
    if age is not None and born is not None and day >= add_months(born, 12 * age):
        parties.append((child, PartyRole.CHILD))
    return parties


def communication_send(
    *,
    user: User,
    case: Case,
    sent_on: dt.date,
    material: str,
    reply_by: dt.date | None = None,
) -> Communication:
    """Send the investigation's material to the parties with a date to reply by: at the earliest
    the date the reply rule gives (`DeadlineRule` "communication_reply"), later if the user sets
    it so. The parties are those `parties_of` names on the day it is sent."""
    require_writer(user, case)
    validate_not_future("sent_on", sent_on)
    material = require_text("material", material)
    rule = reply_rule()
    earliest = rule.due_from(sent_on)
    if reply_by is None:
        reply_by = earliest
    else:
        try:
            validators.validate_planned(reply_by)
        except ValidationError as exc:
            raise ValidationError({"reply_by": exc.messages}) from None
        if reply_by < earliest:
            raise ValidationError(
                {
                    "reply_by": _("The parties have until %(date)s at least to reply.")
                    % {"date": f"{earliest:%Y-%m-%d}"}
                }
            )
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation_of(case)
        not_before(
            "sent_on",
            sent_on,
            investigation.opened_on,
            _("The material cannot be sent before the investigation was opened."),
        )
        parties = parties_of(case.person, sent_on)
        if not parties:
            raise ValidationError(
                {
                    "material": _(
                        "The child has no registered guardian and is not a party of their own: "
                        "add the guardians on the case first."
                    )
                }
            )
        communication = Communication(
            investigation=investigation,
            sent_on=sent_on,
            reply_by=reply_by,
            rule=rule,
            material=material,
            sent_by=user,
            recorded_at=timezone.now(),
        )
        communication.save(force_insert=True)
        CommunicationParty.objects.bulk_create(
            CommunicationParty(communication=communication, person=person, role=role)
            for person, role in parties
        )
        person_ids = [person.pk for person, _role in parties]
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.COMMUNICATION,
            action="investigations.communication.create",
            reply_by=reply_by.isoformat(),
            others=person_ids,  # the guardians: the auditor's search by person finds it
        )
    return communication


def communication_reply(
    *, user: User, case: Case, party_id: int, replied_on: dt.date, reply: str = ""
) -> CommunicationParty:
    """A party's reply to the kommunicering (once per party): the date and what they said."""
    require_writer(user, case)
    validate_not_future("replied_on", replied_on)
    reply = optional_text("reply", reply)
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation_of(case)
        party = (
            CommunicationParty.objects.select_for_update()
            .select_related("communication", "person")
            .filter(communication__investigation=investigation, pk=party_id)
            .first()
        )
        if party is None:
            raise ValidationError({"party": _("The party is not one of this investigation's.")})
        if party.replied_on is not None:
            raise CaseConflict({"party": _("The reply of this party is already recorded.")})
        not_before(
            "replied_on",
            replied_on,
            party.communication.sent_on,
            _("The reply cannot predate the kommunicering."),
        )
        party.replied_on, party.reply, party.reply_recorded_by = replied_on, reply, user
        party.save(update_fields=["replied_on", "reply", "reply_recorded_by"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.COMMUNICATION,
            action="investigations.communication.reply",
            others=[party.person_id],
        )
    return party


def _pending(communication: Communication, decided_on: dt.date) -> bool:
    """A kommunicering still holds a decision back on `decided_on`: its reply date has not
    passed (the parties may reply through that day), some party has not answered, and no
    override is recorded."""
    if communication.overridden_at is not None or decided_on > communication.reply_by:
        return False
    return any(party.replied_on is None for party in communication.parties.all())


def pending_communications(investigation: Investigation, day: dt.date) -> list[Communication]:
    return [
        c
        for c in investigation.communications.prefetch_related("parties").order_by("pk")
        if _pending(c, day)
    ]


def communication_check(
    case: Case, decided_on: dt.date, intervention_type: InterventionType | None = None
) -> None:
    """The decision check (registered with the spine): a decision on the investigation waits for
    the kommunicering's reply date to pass or every party to answer, unless overridden.
    Compulsory care under LVU (immediate custody, 6 §) is decided when the child's safety
    demands it and never waits (FL 25 § second paragraph: a decision that cannot be deferred)."""
    if intervention_type is not None and intervention_type.legal_basis == LegalBasis.LVU:
        return
    investigation = open_investigation(case)
    if investigation is None:
        return
    pending = pending_communications(investigation, decided_on)
    if pending:
        raise ValidationError(
            {
                "decided_on": _(
                    "The parties have until %(date)s to reply to the kommunicering and not all "
                    "have replied: decide after that date, record the replies, or record why "
                    "the decision cannot wait."
                )
                % {"date": f"{max(c.reply_by for c in pending):%Y-%m-%d}"}
            }
        )


def communication_override(*, user: User, case: Case, reason: str) -> list[Communication]:
    """Record why the decision cannot wait for the replies (e.g. it is urgent): the pending
    kommunicering no longer holds a decision back. Audited with the reason."""
    require_writer(user, case)
    if not policy.may_override_communication(user):
        raise PermissionDenied(_("Your role has no delegation to take this decision."))
    reason = require_text("reason", reason)
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation_of(case)
        pending = pending_communications(investigation, timezone.localdate())
        if not pending:
            raise CaseConflict(
                {"reason": _("No kommunicering holds the decision back; nothing was recorded.")}
            )
        now = timezone.now()
        for communication in pending:
            communication.override_reason = reason
            communication.overridden_by = user
            communication.overridden_at = now
            communication.save(update_fields=["override_reason", "overridden_by", "overridden_at"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.COMMUNICATION,
            action="investigations.communication.override",
            reason=reason,
            communications=[c.pk for c in pending],
            # The answer shows these kommunicering with each party and reply.
            others=sorted({p.person_id for c in pending for p in c.parties.all()}),
        )
    return pending
