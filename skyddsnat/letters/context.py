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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skyddsnat.cases.guardians import guardians_of
from skyddsnat.cases.models import Case, CaseKind, Decision, LegalBasis, Outcome
from skyddsnat.children.models import Report, ReporterType
from skyddsnat.letters.models import DECISION_KINDS, AppealRule, LetterKind
from skyddsnat.lib import identity
from skyddsnat.lib.dates import add_months
from skyddsnat.lss.models import Application, ScopeUnit
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


def kinds_for(case: Case) -> list[str]:
    """The kinds of letter a case sends: an LSS case its decision letters under LSS; every other
    case the children's letters (SoL, LVU, the reporter's and the guardians')."""
    if case.kind == CaseKind.LSS:
        return [LetterKind.DECISION_LSS]
    return [kind for kind in LetterKind.values if kind != LetterKind.DECISION_LSS]


def _is_child(person: Person, day: dt.date) -> bool:
    try:
        born = identity.birth_date(person.number)
    except (TypeError, ValueError, IndexError):
        return False
    return day < add_months(born, 12 * 18)


def recipients(case: Case, kind: str) -> list[Recipient]:
    """Whom a letter of `kind` on `case` may go to: the case's person and the guardians for a
    decision (under LSS the guardians only while the person is a child); the guardians for a
    notice; a reporter with a duty to report for the reporter's letters (named as the report
    names them, without address). None for a kind the case does not send (`kinds_for`)."""
    if kind not in kinds_for(case):
        return []
    if kind in REPORT_KINDS_ALL:
        return [
            Recipient(f"reporter:{report.pk}", report.reporter_name, None, [], False)
            for report in Report.objects.filter(
                case=case, reporter_type=ReporterType.PROFESSIONAL
            ).order_by("received_at", "pk")
            if report.reporter_name
        ]
    people = [] if kind == LetterKind.GUARDIAN_NOTICE else [("person", case.person)]
    if kind != LetterKind.DECISION_LSS or _is_child(case.person, timezone.localdate()):
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
    if basis == LegalBasis.LSS:
        return LetterKind.DECISION_LSS
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
    if kind == LetterKind.DECISION_LSS and decision is not None:
        context["decision"].update(_lss_decision(decision))
        context["application"] = _lss_application(case)
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


# The scope as the letter says it (a Swedish document whatever the user's language).
SCOPE_WORDS = {
    ScopeUnit.HOURS_PER_WEEK: "timmar per vecka",
    ScopeUnit.HOURS_PER_MONTH: "timmar per månad",
    ScopeUnit.DAYS_PER_MONTH: "dygn per månad",
}


def _amount(value: Any) -> str:
    """A number in Swedish: 7,5 and 10 (no trailing ",0")."""
    return f"{float(value):g}".replace(".", ",")


def _lss_decision(decision: Decision) -> dict[str, Any]:
    """What an LSS decision letter says beyond any decision: granted or refused, the scope and
    the period of a grant, and who decided under which line of the delegation order."""
    terms = getattr(decision, "lss_terms", None)
    scope = ""
    if terms is not None and terms.scope_amount is not None:
        scope = f"{_amount(terms.scope_amount)} {SCOPE_WORDS.get(terms.scope_unit, '')}".strip()
    decided_by = decision.decided_by
    return {
        "granted": decision.outcome == Outcome.GRANT,
        "scope": scope,
        "valid_from": _day(terms.valid_from if terms else None),
        "valid_to": _day(terms.valid_to if terms else None),
        "delegation": decision.delegation.code if decision.delegation else "",
        "decided_by": decided_by.get_full_name() or decided_by.get_username(),
    }


def _swedish(label: Any) -> str:
    with translation.override("sv"):
        return str(label)


def _lss_application(case: Case) -> dict[str, Any]:
    """Who applied (the person, a guardian, a legal representative), as the application says."""
    application = Application.objects.filter(case=case).first()
    if application is None:
        return {"received_on": "", "applicant_name": "", "applicant_role": ""}
    return {
        "received_on": _day(application.received_on),
        "applicant_name": application.applicant_name,
        # The letter is Swedish whatever language the sender's session speaks.
        "applicant_role": _swedish(application.get_applicant_role_display()),
    }


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
    if kind == LetterKind.DECISION_LSS:
        context["decision"].update(
            {
                "citation": "9 § 3 LSS",
                "granted": True,
                "scope": "10 timmar per månad",
                "valid_from": "2026-02-01",
                "valid_to": "",
                "delegation": "LSS 1",
                "decided_by": "Namn Efternamn",
            }
        )
        context["appeal"]["citation"] = "LSS 27 §"
        context["application"] = {
            "received_on": "2026-01-02",
            "applicant_name": "Namn Efternamn",
            "applicant_role": "god man",
        }
    if kind in REPORT_KINDS_ALL:
        context["report"] = {"received_on": "2026-01-10"}
    if kind in (LetterKind.REPORT_FEEDBACK, LetterKind.GUARDIAN_NOTICE):
        context["investigation"] = {"decided": True, "opened": True, "decided_on": "2026-01-12"}
    return context
