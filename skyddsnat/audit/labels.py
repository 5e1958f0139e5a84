"""Swedish words for every action code the log holds, for the auditor's pages and exports.

`tests/test_labels.py` finds every action code written in the source and fails on one without a
label here, so a new kind of entry cannot reach the auditor as a bare code.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    # cases
    "cases.case.read": _("Read the case"),
    "cases.case.refused": _("Was refused a case (not within access)"),
    "cases.case.list": _("Listed in My cases"),
    "cases.queue.list": _("Listed in the queue"),
    "cases.case.assign": _("Assigned the case"),
    "cases.journal.create": _("Wrote a journal entry"),
    "cases.investigation.extend": _("Extended the investigation"),
    "cases.decision.create": _("Recorded a decision"),
    "cases.intervention.create": _("Started an intervention"),
    "cases.intervention.end": _("Ended an intervention"),
    "cases.deadline.done": _("Marked a time limit as done"),
    # children and youth
    "children.report.create": _("Registered a concern report"),
    "children.safety_assessment.create": _("Recorded a safety assessment"),
    "children.pre_assessment.create": _("Recorded a pre-assessment"),
    "children.early_help.create": _("Started early help"),
    "children.early_help.end": _("Ended early help"),
    "children.consent.record": _("Recorded a guardian's consent to early help"),
    "children.early_help.list": _("Listed in early help"),
    "children.early_help.read": _("Read early help"),
    # LSS
    "lss.application.create": _("Registered an LSS application"),
    "lss.application.list": _("Listed among LSS applications"),
    "lss.application.read": _("Read the LSS application"),
    "lss.eligibility.assess": _("Assessed the group of persons (LSS 1 §)"),
    "lss.decision.create": _("Recorded an LSS decision"),
    "lss.decision.letter": _("Printed a decision letter"),
    "lss.decision.refer": _("Sent a prepared decision to the one who may take it"),
    "lss.referral.list": _("Listed among decisions to take"),
    "lss.decision.to_implement": _("Listed among decisions to implement"),
    "lss.implementation.create": _("Recorded that a decision was implemented"),
    "lss.interruption.create": _("Recorded an interruption"),
    "lss.interruption.end": _("Ended an interruption"),
    "lss.appeal.create": _("Registered an appeal"),
    "lss.appeal.outcome": _("Recorded the outcome of an appeal"),
    "lss.ivo_report.read": _("Read the report to IVO"),
    "lss.october_statistics.export": _("Exported the October statistics"),
    "lss.queue.join": _("Placed in the queue for a place"),
    "lss.queue.leave": _("Left the queue for a place"),
    "lss.queue.list": _("Listed in the queue for a place"),
    "lss.offer.create": _("Offered a place"),
    "lss.offer.answer": _("Recorded the answer to an offer"),
    "lss.facility.create": _("Registered a facility"),
    # persons
    "people.person.read": _("Read the person"),
    "people.person.refused": _("Was refused a person (not within access)"),
    "people.person.search": _("Searched for persons"),
    "people.guardian.add": _("Added a guardian"),
    "people.guardian.list": _("Saw the guardians of a child"),
    # follow-up
    "followup.budget.update": _("Changed the budget"),
    "followup.staff.update": _("Changed staff figures"),
    "followup.staff.import": _("Imported staff figures"),
    # drafts, API, audit, system
    "drafts.draft.create": _("Saved a draft"),
    "drafts.draft.restore": _("Restored a draft"),
    "api.token.issue": _("Was issued an API token"),
    "api.idempotency.replay": _("Resent a request already carried out (answered as before)"),
    "audit.log.search": _("Searched the audit log"),
    "audit.log.export": _("Exported the audit log"),
    "audit.review.read": _("Reviewed unusual access"),
    "admin.rule.added": _("Added rule data in the admin"),
    "admin.rule.changed": _("Changed rule data in the admin"),
    "admin.rule.deleted": _("Deleted rule data in the admin"),
    "demo.data.generate": _("Generated demo data"),
    "demo.users.password_reset": _("Reset the demo users' passwords"),
    # scheduled jobs (skyddsnat.jobs; the job itself writes with channel "system")
    "jobs.reminders.create": _("Reminded staff of time limits (scheduled job)"),
    "jobs.lss_report.prepare": _("Prepared the quarterly LSS report (scheduled job)"),
    "jobs.lss_report.download": _("Downloaded a prepared quarterly LSS report"),
    "jobs.notice.list": _("Listed among notices"),
}

# Families of codes built from a name (followup.export.<table>).
PREFIX_LABELS: dict[str, Promise] = {
    "followup.export.": _("Exported a follow-up table"),
}


def action_label(code: str) -> str:
    """The Swedish words for an action code; an unknown code (an old or foreign entry) as it is."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    for prefix, label in PREFIX_LABELS.items():
        if code.startswith(prefix):
            return f"{label} ({code.removeprefix(prefix)})"
    return code
