"""What the children-and-youth flow adds to the spine's pages (registered in `registrations.py`):
the reports and safety assessments on the case's timeline, the safety assessment of a waiting
report and early help on the case page, and the early help the unit gives on the person page."""

from collections.abc import Iterator, Mapping

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skyddsnat.cases import forms as case_forms
from skyddsnat.cases import policy
from skyddsnat.cases.guardians import guardians_of
from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.cases.registry import CasePage, TimelineItem
from skyddsnat.cases.views.common import display_name, local_moment
from skyddsnat.children.forms import (
    CaseEarlyHelpForm,
    CaseViolenceForm,
    ChildBackgroundForm,
    GuardianConsentForm,
)
from skyddsnat.children.guardians import consent_table
from skyddsnat.children.models import EarlyHelp, ReportViolence
from skyddsnat.children.selectors import early_help_for_case, early_help_for_person
from skyddsnat.children.services import pending_safety_report
from skyddsnat.organisation.models import DecisionType, User
from skyddsnat.people.models import Person

KINDS = frozenset({CaseKind.CHILDREN})

# What the case page and the API read of a children case besides the spine's records.
PREFETCH = (
    "reports__safety_assessment",
    "reports__registered_by",
    "reports__violence__recorded_by",
    "decisions__exceptional_reasons",
)


def timeline_part(case: Case) -> Iterator[TimelineItem]:
    """The reports of the case and their safety assessments (prefetched: `PREFETCH`)."""
    for report in case.reports.all():
        day, time = local_moment(report.received_at)
        reporter = str(report.get_reporter_type_display())
        if report.reporter_name:
            reporter = f"{reporter}: {report.reporter_name}"
        yield TimelineItem(
            day,
            time,
            "report",
            _("Concern report received"),
            report.description,
            display_name(report.registered_by),
            reporter,
        )
        violence = getattr(report, "violence", None)
        if violence is not None:
            day, time = local_moment(violence.recorded_at)
            yield TimelineItem(
                day,
                time,
                "report",
                _("Violence in the report"),
                ", ".join(violence.kind_labels),
                display_name(violence.recorded_by),
                _violence_summary(violence),
            )
        assessment = getattr(report, "safety_assessment", None)
        if assessment is not None:
            day, time = local_moment(assessment.assessed_at)
            yield TimelineItem(
                day,
                time,
                "assessment",
                _("Safety assessment"),
                assessment.notes,
                display_name(assessment.assessed_by),
                _("Immediate protection needed")
                if assessment.immediate_protection_needed
                else _("No immediate protection needed"),
            )
    # A decision not to investigate recorded after the 14 days, with its exceptional reasons.
    for decision in case.decisions.all():
        late = getattr(decision, "exceptional_reasons", None)
        if late is not None:
            yield TimelineItem(
                decision.decided_on,
                None,
                "decision",
                _("Exceptional reasons for the longer time"),
                late.reasons,
                display_name(decision.decided_by),
                ngettext(
                    "Decided %(days)s day after the time limit",
                    "Decided %(days)s days after the time limit",
                    late.days_late,
                )
                % {"days": late.days_late},
            )


def _violence_summary(violence: ReportViolence) -> str:
    parts = []
    if violence.child_exposed:
        parts.append(_("The child was exposed to violence"))
    if violence.child_witnessed:
        parts.append(_("The child witnessed violence"))
    if violence.investigation_opened:
        parts.append(_("Investigation opened at once"))
    return "; ".join(parts)


def case_page_part(page: CasePage) -> None:
    case, bound = page.case, page.bound
    pending_report = pending_safety_report(case) if case.is_open else None
    if pending_report is not None:
        page.forms["safety"] = bound.get("safety") or case_forms.SafetyAssessmentForm(
            initial={
                "assessed_date": page.today,
                "assessed_time": page.now.time().replace(second=0, microsecond=0),
            }
        )
    if policy.gives_early_help(page.user) and any(
        d.decision_type == DecisionType.NO_INVESTIGATION for d in case.decisions.all()
    ):
        # After a decision not to investigate: offer an intervention directly.
        page.forms["early_help"] = bound.get("early_help") or CaseEarlyHelpForm(
            initial={"started_on": page.today}
        )
    page.context["pending_report"] = pending_report
    if case.is_open and policy.works_with_cases(page.user):
        form = page.bound.get("violence") or violence_form(case)
        if form.fields["report"].choices:  # type: ignore[attr-defined]
            page.forms["violence"] = form
    # The child's details for the national register, on a page of their own: open or closed,
    # the register reads every year's placements.
    page.context["background_editable"] = policy.works_with_cases(page.user)
    early_help = early_help_for_case(user=page.user, case=case)
    page.context["early_help"] = early_help
    if early_help:
        _consent_part(page, early_help)


def _consent_part(page: CasePage, early_help: list[EarlyHelp]) -> None:
    """Each guardian's consent to the case's early help, and the form to record an answer."""
    guardians = guardians_of(page.case.person)
    page.context["consents"] = consent_table(early_help, guardians)
    ongoing = [h for h in early_help if h.ended_on is None]
    if guardians and ongoing and policy.gives_early_help(page.user):
        page.forms["consent"] = page.bound.get("consent") or consent_form(
            ongoing, guardians, initial={"answered_on": page.today}
        )


def violence_form(case: Case, *args: object, **kwargs: object) -> CaseViolenceForm:
    """The case page's form to mark a report with violence: the reports not yet marked."""
    choices = [
        (
            report.pk,
            _("Report received %(at)s")
            % {"at": date_format(timezone.localtime(report.received_at), "SHORT_DATETIME_FORMAT")},
        )
        for report in case.reports.all()
        if getattr(report, "violence", None) is None
    ]
    return CaseViolenceForm(*args, report_choices=choices, **kwargs)


def background_form(case: Case, *args: object, **kwargs: object) -> ChildBackgroundForm:
    """The case page's form of the child's details for the register, as they are now."""
    child = case.person
    kwargs.setdefault(
        "initial",
        {
            "country_of_birth": child.country_of_birth,
            "unaccompanied_minor": child.unaccompanied_minor,
        },
    )
    return ChildBackgroundForm(*args, guardians=guardians_of(child), **kwargs)


def consent_form(
    early_help: list[EarlyHelp], guardians: list[Person], *args: object, **kwargs: object
) -> GuardianConsentForm:
    return GuardianConsentForm(
        *args,
        early_help_choices=[(h.pk, h.intervention_type.name) for h in early_help],
        guardian_choices=[(g.pk, g.full_name) for g in guardians],
        **kwargs,
    )


def person_page_part(user: User, person: Person) -> Mapping[str, object]:
    return {"early_help": early_help_for_person(user=user, person=person)}
