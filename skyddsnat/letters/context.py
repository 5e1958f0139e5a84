"""What a letter template may print: plain data built from the records, per kind of letter.

Only dicts, lists, strings and booleans (`letters.engine` explains why). The recipient's address
is included only for a recipient without protected identity; a protected recipient's letter goes
through Skatteverket's forwarding service, and no other person's address (the child's, another
guardian's) is in the context at all: no letter shows a protected address whatever its template
says.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skyddsnat.cases.guardians import guardians_of
from skyddsnat.cases.models import Case, Decision, LegalBasis
from skyddsnat.children.models import Report, ReporterType
from skyddsnat.letters.models import DECISION_KINDS, AppealRule, LetterKind
from skyddsnat.organisation.models import DecisionType
from skyddsnat.people.models import Person

FORWARDED = "Via Skatteverkets förmedling"


@dataclass(frozen=True)
class Recipient:
    key: str
    name: str
    person: Person | None
    address: list[str]
    protected: bool


def _person_recipient(key: str, person: Person) -> Recipient:
    if person.is_protected:
        address = [FORWARDED]
    else:
        address = [
            line
            for line in (person.street_address, f"{person.postal_code} {person.city}".strip())
            if line
        ]
    return Recipient(key, person.full_name, person, address, person.is_protected)


def recipients(case: Case, kind: str) -> list[Recipient]:
    """Whom a letter of `kind` on `case` may go to: the case's person and the guardians for a
    decision; the guardians for a notice; a reporter with a duty to report for the reporter's
    letters (named as the report names them, without address)."""
    if kind in REPORT_KINDS_ALL:
        return [
            Recipient(f"reporter:{report.pk}", report.reporter_name, None, [], False)
            for report in Report.objects.filter(
                case=case, reporter_type=ReporterType.PROFESSIONAL
            ).order_by("received_at", "pk")
            if report.reporter_name
        ]
    people = [] if kind == LetterKind.GUARDIAN_NOTICE else [("person", case.person)]
    people += [(f"guardian:{g.pk}", g) for g in guardians_of(case.person)]
    return [_person_recipient(key, person) for key, person in people]


REPORT_KINDS_ALL = frozenset({LetterKind.REPORT_RECEIVED, LetterKind.REPORT_FEEDBACK})


def recipient_by_key(case: Case, kind: str, key: str) -> Recipient:
    for recipient in recipients(case, kind):
        if recipient.key == key:
            return recipient
    raise ValidationError({"recipient": _("Choose a recipient of this letter.")})


def decision_kind(decision: Decision) -> LetterKind:
    basis = decision.intervention_type.legal_basis if decision.intervention_type else None
    return LetterKind.DECISION_LVU if basis == LegalBasis.LVU else LetterKind.DECISION_SOL


def appeal_of(decision: Decision) -> dict[str, Any] | None:
    """The appeal instructions' data, or None for a decision that cannot be appealed: only a
    decision on an intervention is (not one to open or not open an investigation, to extend or
    end it), as the `AppealRule` of its act says."""
    if decision.decision_type != DecisionType.INTERVENTION or decision.intervention_type is None:
        return None
    rule = AppealRule.objects.filter(legal_basis=decision.intervention_type.legal_basis).first()
    if rule is None or not rule.appealable:
        return None
    if decision.intervention_type.without_needs_assessment and not (
        rule.without_needs_assessment_appealable
    ):
        return None
    return {
        "weeks": rule.weeks,
        "weeks_text": WEEKS.get(rule.weeks, str(rule.weeks)),
        "citation": rule.citation,
        "court": "förvaltningsrätten",
    }


WEEKS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex"}


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def letter_context(
    *,
    case: Case,
    kind: str,
    recipient: Recipient,
    sent_on: dt.date,
    decision: Decision | None = None,
) -> dict[str, Any]:
    """The context of one letter, from the records (the parts its kind needs)."""
    person = case.person
    context: dict[str, Any] = {
        "sent_on": _day(sent_on),
        "unit": {"name": case.unit.name},
        "case": {"reference": case.reference},
        "recipient": {
            "name": recipient.name,
            "address": list(recipient.address),
            "protected": recipient.protected,
        },
        "person": {"name": person.full_name, "identity": person.identity_number_display},
    }
    if kind in DECISION_KINDS:
        if decision is None:
            raise ValidationError({"decision": _("Choose the decision the letter is about.")})
        context["decision"] = {
            "date": _day(decision.decided_on),
            "title": _decision_title(decision),
            "outcome": decision.outcome_status,
            "intervention": decision.intervention_type.name if decision.intervention_type else "",
            "citation": decision.intervention_type.citation if decision.intervention_type else "",
            "reason": decision.reason,
        }
        context["appeal"] = appeal_of(decision)
    if kind in REPORT_KINDS_ALL:
        report_id = int(recipient.key.split(":", 1)[1])
        report = Report.objects.get(pk=report_id, case=case)
        context["report"] = {"received_on": _day(report.received_at.date())}
    if kind in (LetterKind.REPORT_FEEDBACK, LetterKind.GUARDIAN_NOTICE):
        pre = (
            case.decisions.filter(
                decision_type__in=[DecisionType.OPEN_INVESTIGATION, DecisionType.NO_INVESTIGATION]
            )
            .order_by("decided_on", "pk")
            .first()
        )
        context["investigation"] = {
            "decided": pre is not None,
            "opened": pre is not None and pre.decision_type == DecisionType.OPEN_INVESTIGATION,
            "decided_on": _day(pre.decided_on if pre else None),
        }
    return context


def _decision_title(decision: Decision) -> str:
    """What was decided, as the letter says it: "Kontaktfamilj: beviljad", or the decision's
    own name when it decides no intervention ("inte inleda en utredning")."""
    if decision.intervention_type is not None:
        status = decision.outcome_status.lower()
        return (
            f"{decision.intervention_type.name}: {status}"
            if status
            else decision.intervention_type.name
        )
    return str(decision.get_decision_type_display())


def sample_context(kind: str) -> dict[str, Any]:
    """A context of `kind` with every value a real one has: templates are checked against it."""
    context: dict[str, Any] = {
        "sent_on": "2026-01-15",
        "unit": {"name": "Barn och unga"},
        "case": {"reference": "BU-2026-000001"},
        "recipient": {
            "name": "Namn Efternamn",
            "address": ["Gatan 1", "123 45 Orten"],
            "protected": False,
        },
        "person": {"name": "Namn Efternamn", "identity": "20100101-0000"},
    }
    if kind in DECISION_KINDS:
        context["decision"] = {
            "date": "2026-01-14",
            "title": "Beslut",
            "outcome": "Beviljad",
            "intervention": "Insats",
            "citation": "4 kap. 1 § SoL",
            "reason": "Skäl",
        }
        context["appeal"] = {
            "weeks": 3,
            "weeks_text": "tre",
            "citation": "FL 44 §",
            "court": "förvaltningsrätten",
        }
    if kind in REPORT_KINDS_ALL:
        context["report"] = {"received_on": "2026-01-10"}
    if kind in (LetterKind.REPORT_FEEDBACK, LetterKind.GUARDIAN_NOTICE):
        context["investigation"] = {"decided": True, "opened": True, "decided_on": "2026-01-12"}
    return context
