"""Swedish words for every action code the log holds, for the auditor's pages and exports.

`tests/test_labels.py` finds every action code written in the source and fails on one without a
label here, so a new kind of entry cannot reach the auditor as a bare code.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    # cases
    "cases.case.read": _("Read the case"),
    "cases.case.print": _("Printed the case"),
    "cases.case.refused": _("Was refused a case (not within access)"),
    "cases.case.list": _("Listed in My cases"),
    "cases.queue.list": _("Listed in the queue"),
    "cases.referral.create": _("Sent a decision to the one who may take it"),
    "cases.referral.decide": _("Decided what was sent for decision"),
    "cases.referral.list": _("Listed the decisions to take"),
    "children.intake.guardians": _("Saw the guardians of a child on the report form"),
    "children.intake.guardians.refused": _("Looked up a child's guardians outside their cases"),
    "people.person.match": _("Matched a child to a personal identity number"),
    "people.person.merged": _("Joined a child's records to the matched person"),
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
    "children.report.violence": _("Recorded violence in a concern report"),
    "children.early_help.create": _("Started early help"),
    "children.early_help.end": _("Ended early help"),
    "children.consent.record": _("Recorded a guardian's consent to early help"),
    "children.early_help.list": _("Listed in early help"),
    "children.early_help.read": _("Read early help"),
    # issues 10, 11 and 14: programmes, partners, outreach, welfare crime, e-services, records
    "documents.document.create": _("Took in a document on a case"),
    "documents.document.list": _("Listed a case's documents"),
    "documents.document.read": _("Downloaded a document"),
    "eservices.attachment.read": _("Downloaded an attachment sent through the e-service"),
    "eservices.citizen.matter": _("A citizen read one of their matters"),
    "eservices.citizen.matters": _("A citizen listed their matters"),
    "eservices.citizen.signin": _("A citizen signed in to the e-services"),
    "eservices.citizen.signout": _("A citizen signed out of the e-services"),
    "eservices.help_request.list": _("Listed requests for help from the e-service"),
    "eservices.help_request.handle": _("Recorded that a request for help was handled"),
    "eservices.receipt.mail": _("Sent a receipt by e-mail"),
    "letters.letter.create": _("Sent a letter"),
    "letters.letter.list": _("Listed a case's letters"),
    "letters.letter.read": _("Read a sent letter"),
    "letters.letter.served": _("Recorded the day a letter was received"),
    "letters.template.update": _("Changed a letter template"),
    "outreach.contact.create": _("Registered an outreach contact"),
    "outreach.contact.list": _("Listed outreach contacts"),
    "outreach.contact.read": _("Read an outreach contact"),
    "outreach.contact.refused": _("Was refused an outreach contact"),
    "partners.consent.create": _("Recorded a consent to share with a partner agency"),
    "partners.consent.list": _("Listed a person's consents"),
    "partners.consent.refused": _("Was refused a person's consents"),
    "partners.consent.withdraw": _("Recorded that a consent was withdrawn"),
    "partners.disclosure.create": _("Recorded a disclosure without consent"),
    "partners.disclosure.list": _("Listed a person's disclosures"),
    "partners.participant.list": _("A partner agency listed the participants shared with it"),
    "partners.participant.read": _("A partner agency read a shared participant"),
    "partners.participant.refused": _("A partner agency was refused a participant"),
    "programmes.participant.create": _("Registered a programme participant"),
    "programmes.participant.end": _("Ended a programme participation"),
    "programmes.participant.list": _("Listed programme participants"),
    "programmes.participant.read": _("Read a programme participant"),
    "welfarecrime.register.export": _("Exported the welfare-crime register"),
    "welfarecrime.register.list": _("Listed the welfare-crime register"),
    "welfarecrime.signal.assess": _("Assessed a welfare-crime signal"),
    "welfarecrime.signal.create": _("Registered a welfare-crime signal"),
    "welfarecrime.signal.read": _("Read a welfare-crime signal"),
    "welfarecrime.signal.refused": _("Was refused a welfare-crime signal"),
    # retention (gallring)
    "retention.run.propose": _("Proposed a retention run (listed the files due)"),
    "retention.run.read": _("Read a retention run's list of files"),
    "retention.run.approve": _("Approved a retention run"),
    "retention.run.cancel": _("Cancelled a retention run"),
    "retention.person.removed": _("Removed a person's file under the retention rules"),
    "retention.hold.create": _("Recorded a record that keeps a file"),
    "retention.hold.list": _("Listed the records that keep files"),
    # LSS
    "lss.application.create": _("Registered an LSS application"),
    "lss.application.list": _("Listed among LSS applications"),
    "lss.application.read": _("Read the LSS application"),
    "lss.eligibility.assess": _("Assessed the group of persons (LSS 1 §)"),
    "lss.decision.create": _("Recorded an LSS decision"),
    # Entries from before the LSS decision letters became the letters app's (letters.letter.*).
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
    "lss.implementation_delay.read": _("Read why a decision is not implemented"),
    "lss.implementation_delay.record": _("Recorded why a decision is not implemented"),
    "lss.implementation_delay.offer": _("Recorded an offer while a decision waits"),
    "lss.october_statistics.export": _("Exported the October statistics"),
    "lss.queue.join": _("Placed in the queue for a place"),
    "lss.queue.leave": _("Left the queue for a place"),
    "lss.queue.list": _("Listed in the queue for a place"),
    "lss.offer.create": _("Offered a place"),
    "lss.offer.answer": _("Recorded the answer to an offer"),
    "lss.facility.create": _("Registered a facility"),
    # the investigation's content (investigations)
    "investigations.investigation.read": _("Read the investigation"),
    "investigations.section.update": _("Saved a part of the investigation"),
    "investigations.conversation.create": _("Recorded a conversation with the child"),
    "investigations.communication.create": _("Sent the investigation to the parties"),
    "investigations.communication.reply": _("Recorded a party's reply to the kommunicering"),
    "investigations.communication.override": _("Recorded why a decision cannot wait for replies"),
    "investigations.investigation.end": _("Ended the investigation without intervention"),
    "investigations.investigation.decide": _("Ended the investigation with interventions"),
    # persons
    "people.person.read": _("Read the person"),
    "people.person.refused": _("Was refused a person (not within access)"),
    "people.person.search": _("Searched for persons"),
    "people.guardian.add": _("Added a guardian"),
    "people.person.background": _("Changed a child's or a guardian's details for the statistics"),
    "children.background.read": _("Read a child's details for the statistics"),
    "people.guardian.list": _("Saw the guardians of a child"),
    # follow-up
    "followup.budget.update": _("Changed the budget"),
    "followup.lss_council_report.read": _(
        "Read the council's report of LSS decisions not implemented"
    ),
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
    # staff sign-in
    "api.token.revoke": _("Revoked an API token"),
    "signin.sso": _("Signed in through the municipality's login"),
    "signin.sso.refused": _("Was refused sign-in through the municipality's login"),
    "signin.second_factor.verified": _("Entered the code of two-step sign-in"),
    "signin.second_factor.failed": _("Entered a wrong code of two-step sign-in"),
    "signin.second_factor.enrol_started": _("Started setting up two-step sign-in"),
    "signin.second_factor.enrolled": _("Set up two-step sign-in"),
    "signin.second_factor.enrol_failed": _("Failed to confirm two-step sign-in"),
    # the care flow (LVU as events, placements)
    "care.custody.create": _("Recorded immediate custody (LVU 6 §)"),
    "care.custody.carried_out": _("Recorded the day immediate custody was carried out"),
    "care.custody.limit_done": _("Recorded the court submission or the application for care"),
    "care.custody.extend": _("Recorded the court's extension of the application time"),
    "care.lvu_care.create": _("Recorded care under LVU"),
    "care.lvu_review.create": _("Recorded a decision on care under LVU (13 §)"),
    "care.lvu.read": _("Read the case's LVU and placements"),
    "care.placement.create": _("Recorded a placement"),
    "care.placement.move": _("Recorded a move between placements"),
    "care.placement.end": _("Ended a placement"),
    "care.placement.read": _("Read a placement"),
    "care.placement.social_worker": _("Designated the child's social worker"),
    "care.plan.create": _("Recorded a care plan or implementation plan"),
    "care.visit.create": _("Recorded a visit to or conversation with a placed child"),
    "care.placement_review.create": _("Recorded a reconsideration of a placement"),
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
