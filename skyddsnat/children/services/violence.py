"""Violence in a report (issue 10 point 5): the kinds and whether the child was exposed to it or
witnessed it; a marking that an `ImmediateInvestigationRule` covers opens the investigation at
once, without waiting for the pre-assessment, and its four months start that day."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import Case, CaseChange, CaseStatus, DeadlineKind, Investigation
from skyddsnat.cases.services import (
    CaseConflict,
    case_lock,
    case_record_change,
    conflict_on_unique_violation,
    deadline_complete,
    deadline_start,
    delegation_for,
    investigation_build,
    require_case_access,
)
from skyddsnat.children.models import (
    ImmediateInvestigationRule,
    Report,
    ReportViolence,
    ViolenceKind,
)
from skyddsnat.children.services.rows import pre_assessment_decision_build
from skyddsnat.organisation.models import DecisionType, User

__all__ = [
    "immediate_investigation_rule",
    "investigation_open_at_once",
    "report_violence_record",
    "violence_kinds_clean",
    "violence_mark",
]


def violence_kinds_clean(kinds: Iterable[str]) -> list[str]:
    """The kinds named, each once, in the catalogue's order; at least one, none unknown."""
    given = set(kinds)
    unknown = given - set(ViolenceKind.values)
    if unknown:
        raise ValidationError({"kinds": _("Choose the kinds of violence from the list.")})
    if not given:
        raise ValidationError({"kinds": _("Choose at least one kind of violence.")})
    return [kind for kind in ViolenceKind.values if kind in given]


def immediate_investigation_rule(
    *, kinds: list[str], exposed: bool, witnessed: bool
) -> ImmediateInvestigationRule | None:
    """The first active rule (by code) that makes this marking open an investigation at once."""
    for rule in ImmediateInvestigationRule.objects.filter(active=True).order_by("code"):
        if rule.applies(kinds=kinds, exposed=exposed, witnessed=witnessed):
            return rule
    return None


def report_violence_record(
    *,
    user: User,
    report: Report,
    kinds: Iterable[str],
    child_exposed: bool,
    child_witnessed: bool,
) -> ReportViolence:
    """Mark a report of a case the user sees with violence (once per report: a second marking,
    or two at the same moment, answers 409). The investigation opens today when a rule says so."""
    require_case_access(user, report.case)
    with transaction.atomic():
        return violence_mark(
            user=user,
            report=report,
            kinds=kinds,
            child_exposed=child_exposed,
            child_witnessed=child_witnessed,
            opened_on=timezone.localdate(),
        )


def violence_mark(
    *,
    user: User,
    report: Report,
    kinds: Iterable[str],
    child_exposed: bool,
    child_witnessed: bool,
    opened_on: dt.date,
) -> ReportViolence:
    """The marking itself, in the caller's transaction; `report_register` calls it for a report
    registered with its violence (the investigation then opens on the day of receipt), whoever's
    unit receives it: the rule, not the reader, decides."""
    clean = violence_kinds_clean(kinds)
    already = _("The report is already marked with violence.")
    case = case_lock(report.case_id)
    if ReportViolence.objects.filter(report_id=report.pk).exists():
        raise CaseConflict({"kinds": already})
    rule = immediate_investigation_rule(
        kinds=clean, exposed=child_exposed, witnessed=child_witnessed
    )
    opened = False
    if rule is not None and case.status == CaseStatus.PRE_ASSESSMENT:
        opened = investigation_open_at_once(user=user, case=case, rule=rule, opened_on=opened_on)
    violence = ReportViolence(
        report=report,
        kinds=clean,
        child_exposed=child_exposed,
        child_witnessed=child_witnessed,
        rule=rule,
        investigation_opened=opened,
        recorded_by=user,
    )
    with conflict_on_unique_violation(already):
        violence.save(force_insert=True)
    if opened:
        case_record_change(
            case=case, user=user, change=CaseChange.PRE_ASSESSMENT, status=CaseStatus.INVESTIGATION
        )
    audit_log(
        user=user,
        action="children.report.violence",
        person_id=case.person_id,
        case_id=case.pk,
        report_id=report.pk,
        kinds=clean,
        child_exposed=child_exposed,
        child_witnessed=child_witnessed,
        rule=rule.code if rule is not None else None,
        investigation_opened=opened,
    )
    return violence


def investigation_open_at_once(
    *, user: User, case: Case, rule: ImmediateInvestigationRule, opened_on: dt.date
) -> bool:
    """The decision to open an investigation, taken by the rule at once: the pre-assessment is
    done by it, and the investigation's limit (4 months, rule data) counts from `opened_on`.
    Rows only, with the case locked by the caller: the caller moves the case's status and
    audits (the demo generator builds its history with it, without a user's audit entries)."""
    if Investigation.objects.filter(case_id=case.pk).exists():
        return False
    delegation = delegation_for(user=user, decision_type=DecisionType.OPEN_INVESTIGATION)
    decision = pre_assessment_decision_build(
        case=case,
        decision=DecisionType.OPEN_INVESTIGATION,
        decided_on=opened_on,
        reason=_(
            "The report concerns violence the child was exposed to or witnessed: "
            "the investigation is opened at once (%(citation)s)."
        )
        % {"citation": rule.citation},
        decided_by=user,
        delegation=delegation,
    )
    with conflict_on_unique_violation(_("The pre-assessment was decided at the same time.")):
        decision.save(force_insert=True)
    for pre in case.deadlines.filter(kind=DeadlineKind.PRE_ASSESSMENT, done_at__isnull=True):
        deadline_complete(deadline=pre, at=timezone.now())
    deadline = deadline_start(case=case, kind=DeadlineKind.INVESTIGATION, start=opened_on)
    investigation_build(case=case, opened_on=opened_on, deadline=deadline).save(force_insert=True)
    return True
