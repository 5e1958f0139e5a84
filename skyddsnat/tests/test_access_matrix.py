"""The access matrix (issue 2 point 7): every URL pattern, every role.

Longer than our ~500 lines on purpose: the matrix is ONE table of every URL and persona, so that
a new URL missing from it fails here, not in a review.

The test walks every pattern of the URL configuration (pages, htmx fragments, API, LSS, follow-up,
and Django's admin if it is ever mounted), builds a concrete address with the ids of one real
Järva case, and requests it as each persona. What each persona may get is decided in ONE table,
`ACCESS`, below. A URL name missing from the table fails the test, so a new view cannot ship
without an access decision.

For each URL and persona:
- GET: a persona in `Access.get` must get 200; everyone else is refused: anonymous pages redirect
  to the login page, anonymous API calls get 401, staff get 403 or 404 (405 counts as a refusal
  too: a view without GET shows nothing).
- POST `{}`: a persona not in `Access.post` (by default the same as `get`) must not get a 2xx
  answer, and no row may be created or the case changed. `Access.post` also says who may write
  with a VALID body: test_access_matrix_writes.py tries each write route's valid body (its table
  `WRITES`) as every persona.
- Leaks: a response to a persona who may not see the Järva case never contains the child's
  identity number (in any written form) or name; the child has a protected address, which no
  response to anyone without `may_see_protected_addresses` contains.
- Audit: a GET that shows a person's identity number or name to someone allowed to see it has
  written an audit entry about that person for that user.
- Probing: for every address with an id, a record the persona may not see answers exactly (status
  and body) like an id that does not exist.

Personas: the conftest ones, plus an LSS officer and LSS manager of Järva and an LSS officer of
Södermalm. One URL may stand for several addresses (`VARIANTS`, e.g. each export file); each then
has its own entry "<url name> <label>" in `ACCESS`.

To add a URL: add its name to `ACCESS`. If its pattern has a new keyword (`<int:thing_id>`), add
a maker for it to `KWARGS` that returns the id of a real object belonging to the Järva case.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.care import services as care_services
from skyddsnat.cases.guardians import guardian_add
from skyddsnat.cases.models import Case, InterventionType
from skyddsnat.cases.services import (
    case_decide,
    extension_request,
    intervention_start,
    journal_add,
)
from skyddsnat.children.services import (
    early_help_start,
    pre_assessment_decide,
    report_register,
    safety_assessment_record,
)
from skyddsnat.eservices.services import help_submit
from skyddsnat.jobs.models import Notice, NoticeKind, Occasion, PreparedReport, Reminder
from skyddsnat.jobs.reports import prepare_lss_reports
from skyddsnat.lib import identity
from skyddsnat.organisation.models import District, Role, Unit, User
from skyddsnat.people.models import Person, ProtectionLevel

# ----- the personas ------------------------------------------------------------------------------

PERSONAS = (
    "anonymous",
    "caseworker",
    "manager",
    "outsider",
    "politician",
    "analyst",
    "auditor",
    "admin_user",
    # Besides the conftest personas: an LSS case officer and the LSS unit manager of Järva, and
    # an LSS case officer of Södermalm who should see nothing of Järva's LSS case.
    "lss_officer",
    "lss_manager",
    "lss_outsider",
    # The archivist, who approves removals under the retention rules and sees no case.
    "archivist",
    # The programme coordinator of Järva (SIG, SSPF, crime exit: skyddsnat.programmes).
    "coordinator",
    # Partner agencies (issue 10 point 2): a police officer and a school's staff member, who see
    # only what an active consent shares with their agency (the Järva child shares with both).
    "police",
    "school",
    # Outreach and welfare crime (issue 10 points 6 and 7): a worker and an officer of Järva.
    "outreach_worker",
    "welfare_officer",
)
EVERYONE = frozenset(PERSONAS)
STAFF = EVERYONE - {"anonymous"}
# Those who see the Järva children's case: its unit's caseworker (assigned to it) and manager.
JARVA = frozenset({"caseworker", "manager"})
# Those who see the Järva LSS case.
JARVA_LSS = frozenset({"lss_officer", "lss_manager"})
# Staff who work with cases, in any district and unit (they may use case pages, see their own).
CASE_STAFF = frozenset(
    {"caseworker", "manager", "outsider", "lss_officer", "lss_manager", "lss_outsider"}
)
LSS_STAFF = JARVA_LSS | {"lss_outsider"}
# Staff of a children and youth unit (any district): they give early help without a case.
CHILDREN_STAFF = frozenset({"caseworker", "manager", "outsider"})
# Aggregated follow-up: politicians, analysts and (for their district next to the city) managers.
FOLLOW_UP = frozenset({"politician", "analyst", "manager", "lss_manager"})
NOBODY: frozenset[str] = frozenset()
ARCHIVIST = frozenset({"archivist"})
# The programmes: Järva's participant is read by its coordinator and the children and youth unit
# (whose case it is); its coordinator and manager write. Every children and youth unit's staff
# sees its own district's programme pages.
PROGRAMMES_JARVA = frozenset({"coordinator", "caseworker", "manager"})
PROGRAMME_WRITERS = frozenset({"coordinator", "manager"})
PROGRAMME_STAFF = PROGRAMMES_JARVA | {"outsider"}
PARTNERS = frozenset({"police", "school"})
# The district's outreach contacts and welfare-crime register: its workers and unit managers.
JARVA_MANAGERS = frozenset({"manager", "lss_manager"})
OUTREACH = JARVA_MANAGERS | {"outreach_worker"}
WELFARE_CRIME = JARVA_MANAGERS | {"welfare_officer"}


# ----- THE TABLE ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    get: frozenset[str]  # personas that GET 200
    post: frozenset[str] | None = None  # personas whose POST may succeed (None: same as `get`)
    # Personas to whom this URL shows the child's identity number by design (the auditor's log).
    shows_identity_number_to: frozenset[str] = NOBODY
    query: str = ""  # appended to the GET address, e.g. a search term ({year}: this year)

    @property
    def may_post(self) -> frozenset[str]:
        return self.get if self.post is None else self.post


def post_only(personas: frozenset[str]) -> Access:
    """An endpoint without GET: nobody gets 200 on GET; `personas` may POST."""
    return Access(get=NOBODY, post=personas)


ACCESS: dict[str, Access] = {
    # The public e-services (issue 11): no staff sign-in; everyone may read the forms and send
    # them (an LSS application needs a signed-in citizen, given by the writes' body builder).
    "eservices:start": Access(get=EVERYONE, post=NOBODY),
    "eservices:concern": Access(get=EVERYONE, post=EVERYONE),
    "eservices:help": Access(get=EVERYONE, post=EVERYONE),
    "eservices:lss": Access(get=EVERYONE, post=EVERYONE),
    "eservices:receipt": Access(get=NOBODY, post=NOBODY),
    "eservices:language": post_only(EVERYONE),
    "api-public-concern-reports": post_only(EVERYONE),
    "api-public-lss-applications": post_only(EVERYONE),
    # Staff: the requests for help sent to a children and youth unit, for its reception.
    "eservices:help-requests": Access(get=CHILDREN_STAFF),
    # The Järva unit's request for help: its reception marks it handled.
    "eservices:help-request-handle": post_only(JARVA),
    "api-help-requests": Access(get=CHILDREN_STAFF, post=NOBODY),
    "api-help-request-handled": post_only(JARVA),
    # An attachment of a concern report on the Järva case: those who see the case.
    "eservices:attachment": Access(get=JARVA),
    # Authentication
    "login": Access(get=EVERYONE),
    "logout": post_only(EVERYONE),
    # The load balancer's health checks: no sign-in, nothing personal, GET only.
    "healthz": Access(get=EVERYONE, post=NOBODY),
    "readyz": Access(get=EVERYONE, post=NOBODY),
    # The accessibility statement (lag 2018:1937): public, nothing personal, GET only.
    "accessibility-statement": Access(get=EVERYONE, post=NOBODY),
    # Case pages (cases app)
    # The start page after login: every member of staff lands here (empty for roles without cases).
    "cases-my-cases": Access(get=STAFF),
    "cases-case-detail": Access(get=JARVA),
    # The print view of the case (issue 14 point 3): as the case page, GET only.
    "cases-case-print": Access(get=JARVA, post=NOBODY),
    # The delegation order gives extensions to the manager: the caseworker of the case is refused.
    "cases-extension-create": post_only(frozenset({"manager"})),
    "cases-decision-create": post_only(JARVA),
    "cases-intervention-create": post_only(JARVA),
    "cases-journal-create": post_only(JARVA),
    "cases-deadline-done": post_only(JARVA),
    "cases-guardian-create": post_only(JARVA),
    "cases-queue": Access(get=frozenset({"manager", "lss_manager"})),
    "cases-queue-assign": post_only(frozenset({"manager"})),
    # Children and youth pages
    "children-report-create": Access(get=CASE_STAFF),
    "children-safety-assessment-create": post_only(JARVA),
    "children-pre-assessment-create": post_only(JARVA),
    # Violence marked on a report of the case (issue 10 point 5): the case's unit.
    "children-case-violence-create": post_only(JARVA),
    "children-case-background-update": Access(get=JARVA),
    # Early help: the children and youth units' caseworkers and managers (each their own unit's);
    # the case form only on a visible case.
    "children-early-help-create": Access(get=CHILDREN_STAFF),
    "children-early-help-list": Access(get=CHILDREN_STAFF),
    "children-case-early-help-create": post_only(JARVA),
    "children-early-help-end": post_only(JARVA),
    # A guardian's answer to early help from the case: the case's unit (children and youth).
    "children-case-consent-create": post_only(JARVA),
    # Autosaved drafts: each user's own only; `?key=` names the form (a journal's needs its case).
    "drafts-save": post_only(CASE_STAFF),
    "drafts-restore": Access(get=CASE_STAFF, query="key=children.report"),
    "drafts-discard": post_only(CASE_STAFF),
    # The investigation page (investigations app): the case's children and youth unit.
    "investigations-page": Access(get=JARVA),
    "investigations-section-save": post_only(JARVA),
    "investigations-conversation-create": post_only(JARVA),
    "investigations-communication-create": post_only(JARVA),
    "investigations-reply-create": post_only(JARVA),
    "investigations-override-create": post_only(JARVA),
    "investigations-ending-create": post_only(JARVA),
    "investigations-interventions-create": post_only(JARVA),
    # People
    "people-person-search": Access(get=CASE_STAFF, query="q=Tindra"),
    "people-person-detail": Access(get=JARVA),
    # Audit log
    "audit-log": Access(
        get=frozenset({"auditor"}),
        shows_identity_number_to=frozenset({"auditor"}),
        query="user=socsek.jarva",
    ),
    "audit-export": Access(
        get=frozenset({"auditor"}),
        shows_identity_number_to=frozenset({"auditor"}),
        query="user=socsek.jarva",
    ),
    "audit-review": Access(
        get=frozenset({"auditor"}), shows_identity_number_to=frozenset({"auditor"})
    ),
    # JSON API
    "api-token": post_only(EVERYONE),
    # API tokens listed and revoked: one's own (the administrator: everyone's; a token one may
    # not see answers 404). DELETE only on a token: GET and POST answer 405.
    "api-token-list": Access(get=STAFF),
    "api-token-detail": Access(get=NOBODY, post=STAFF),
    "api-report-create": post_only(CASE_STAFF),
    "api-case-detail": Access(get=JARVA),
    "api-case-safety-assessment": post_only(JARVA),
    "api-case-pre-assessment": post_only(JARVA),
    "api-case-report-violence": post_only(JARVA),
    "api-case-extension": post_only(frozenset({"manager"})),
    "api-case-decision": post_only(JARVA),
    "api-case-interventions": post_only(JARVA),
    "api-case-journal": post_only(JARVA),
    "api-case-deadline-done": post_only(JARVA),
    "api-my-deadlines": Access(get=STAFF),
    # GET: the unit's own list (empty for everyone else); POST needs a children and youth unit.
    "api-early-help": Access(get=STAFF, post=CHILDREN_STAFF),
    "api-early-help-end": post_only(JARVA),
    "api-person-search": Access(get=STAFF, query="q=Tindra"),
    "api-audit-search": Access(
        get=frozenset({"auditor"}),
        shows_identity_number_to=frozenset({"auditor"}),
        query="user=socsek.jarva",
    ),
    "api-audit-review": Access(get=frozenset({"auditor"})),  # ids only, no identity numbers
    "api-schema": Access(get=STAFF),  # the schema holds no personal data
    "api-not-found": Access(get=NOBODY, post=NOBODY),
    # The investigation's content (investigations app): the case's children and youth unit.
    "api-investigation": Access(get=JARVA),
    "api-investigation-section": post_only(JARVA),
    "api-investigation-conversations": post_only(JARVA),
    "api-investigation-communications": post_only(JARVA),
    "api-investigation-replies": post_only(JARVA),
    "api-investigation-override": post_only(JARVA),
    "api-investigation-end": post_only(JARVA),
    "api-investigation-interventions": post_only(JARVA),
    "api-followup-reaction-times": Access(get=FOLLOW_UP, query="split=sex"),
    "api-followup-budget": Access(get=FOLLOW_UP, query="year=2021"),
    # Outreach and welfare crime: the worker writes, the district's managers read; aggregates in
    # the follow-up for the follow-up roles (issue 10 points 6-8).
    "outreach-contact-list": Access(get=OUTREACH),
    "outreach-contact-create": Access(get=frozenset({"outreach_worker"})),
    "api-outreach-contacts": post_only(frozenset({"outreach_worker"})),
    "welfarecrime-register": Access(get=WELFARE_CRIME),
    "welfarecrime-register-export": Access(get=WELFARE_CRIME),
    "welfarecrime-signal-create": Access(get=frozenset({"welfare_officer"})),
    "welfarecrime-signal-detail": Access(get=WELFARE_CRIME),
    "welfarecrime-signal-assess": post_only(frozenset({"welfare_officer"})),
    "api-welfare-crime-signals": post_only(frozenset({"welfare_officer"})),
    "api-welfare-crime-assessment": post_only(frozenset({"welfare_officer"})),
    "followup-outreach": Access(get=FOLLOW_UP, query="split=sex"),
    "followup-welfare-crime": Access(get=FOLLOW_UP, query="split=age_band"),
    "api-followup-outreach": Access(get=FOLLOW_UP, query="split=age_band"),
    "api-followup-welfare-crime": Access(get=FOLLOW_UP, query="year={year}&split=sex"),
    # LSS API: the LSS unit's officers and manager only
    "api-lss-applications": Access(get=LSS_STAFF),
    "api-lss-application-detail": Access(get=JARVA_LSS),
    "api-lss-eligibility": post_only(JARVA_LSS),
    "api-lss-decision": post_only(JARVA_LSS),
    "api-lss-implementation": post_only(JARVA_LSS),
    "api-lss-appeals": post_only(JARVA_LSS),
    "api-lss-interruptions": post_only(JARVA_LSS),
    # A late decision's reason, offers and closure (read and PUT; offers POST): the case's staff.
    "api-lss-delay": Access(get=JARVA_LSS),
    "api-lss-delay-offers": post_only(JARVA_LSS),
    "api-lss-to-implement": Access(get=LSS_STAFF),
    # The places serve every flow: a children's unit manager works its sheltered housing there.
    "api-lss-queue": Access(get=LSS_STAFF | {"manager"}),
    # LSS pages: the LSS unit's officers and manager only
    "lss-application-list": Access(get=LSS_STAFF),
    "lss-application-create": Access(get=LSS_STAFF),
    "lss-application-detail": Access(get=JARVA_LSS),
    "lss-eligibility-assess": post_only(JARVA_LSS),
    "lss-decision-create": post_only(JARVA_LSS),
    # "Send to the manager": the officer whose delegation does not cover the decision (the
    # manager, who may decide, is answered 400 with a valid body: see the writes matrix).
    "lss-decision-refer": post_only(JARVA_LSS),
    "lss-referrals": Access(get=LSS_STAFF),
    "lss-implementation-create": post_only(JARVA_LSS),
    # The LSS decision letters (the letters app's actions of the application page); the PDF
    # as sent is `letters-letter-pdf`'s.
    "lss-letter-create": post_only(JARVA_LSS),
    "lss-letter-served": post_only(JARVA_LSS),
    "lss-appeal-create": post_only(JARVA_LSS),
    "lss-appeal-outcome": post_only(JARVA_LSS),
    "lss-interruption-create": post_only(JARVA_LSS),
    "lss-interruption-end": post_only(JARVA_LSS),
    "lss-my-decisions": Access(get=LSS_STAFF),
    "lss-queue": Access(get=LSS_STAFF | {"manager"}),
    "lss-offer-create": post_only(JARVA_LSS),
    "lss-offer-answer": post_only(JARVA_LSS),
    "lss-ivo-report": Access(get=LSS_STAFF),
    "lss-implementation-delay": Access(get=JARVA_LSS),
    "lss-implementation-delay-offer": post_only(JARVA_LSS),
    # The council's version of the report: counts only, for those who follow up.
    "lss-council-report": Access(get=FOLLOW_UP),
    "lss-october-statistics": Access(get=LSS_STAFF),
    # LSS figures in the follow-up area: aggregates, suppressed for politicians and analysts.
    "lss-followup": Access(get=FOLLOW_UP, query="split=sex"),
    "lss-followup-export decisions.csv": Access(get=FOLLOW_UP, query="split=sex"),
    "lss-followup-export lead_times.xlsx": Access(get=FOLLOW_UP, query="split=age_band"),
    "lss-followup-export queue.csv": Access(get=FOLLOW_UP, query="split=sex"),
    # Follow-up: aggregates only
    "followup-equality": Access(get=FOLLOW_UP, query="split=sex"),
    "followup-budget": Access(get=FOLLOW_UP, query="split=age_band"),
    "followup-budget-line-create": Access(get=NOBODY),  # the budget group only
    "followup-budget-line-edit": Access(get=NOBODY),
    # Unit managers enter their own unit's staff figures (the budget group too, not a persona here).
    "followup-staff": Access(get=FOLLOW_UP, post=frozenset({"manager", "lss_manager"})),
    "followup-statistics": Access(get=FOLLOW_UP),
    "followup-methods": Access(get=FOLLOW_UP),
    # Exports, one address per file (see VARIANTS); individual rows only to analysts, pseudonymised.
    "followup-export equality.csv": Access(get=FOLLOW_UP, query="split=sex"),
    "followup-export budget.csv": Access(get=FOLLOW_UP),
    "followup-export budget.xlsx": Access(get=FOLLOW_UP),
    "followup-export costs.csv": Access(get=FOLLOW_UP, query="split=age_band"),
    "followup-export caseload.csv": Access(get=FOLLOW_UP),
    "followup-export staff.csv": Access(get=FOLLOW_UP),
    "followup-export register.csv": Access(get=frozenset({"analyst"}), query="year={year}"),
    "followup-export ongoing.csv": Access(get=frozenset({"analyst"})),
    # Violence and sheltered housing per district (issue 10 point 5): aggregates, "<5".
    "followup-violence": Access(get=FOLLOW_UP, query="split=sex"),
    # The programmes' participants, outcomes and cost per district (issue 10 point 8).
    "followup-programmes": Access(get=FOLLOW_UP, query="split=sex"),
    "api-followup-programmes": Access(get=FOLLOW_UP, query="year={year}&split=age_band"),
    "followup-violence-export csv": Access(get=FOLLOW_UP, query="split=age_band"),
    "followup-violence-export xlsx": Access(get=FOLLOW_UP, query="split=sex"),
    # Decisions sent to the one who may take them (issue 9 point 7). "Begär förlängning" and
    # "Skicka till …" are the case's unit's (the manager, who may decide, is answered 400 with a
    # valid body: see the writes matrix); "Beslut att fatta" is the manager's, of their own unit.
    "cases-extension-request-create": post_only(JARVA),
    "cases-referral-create": post_only(JARVA),
    "cases-referrals": Access(get=frozenset({"manager", "lss_manager"})),
    "cases-referral-decide": post_only(frozenset({"manager"})),
    "api-case-extension-request": post_only(JARVA),
    "api-case-referrals": post_only(JARVA),
    "api-referrals": Access(get=frozenset({"manager", "lss_manager"})),
    "api-referral-decide": post_only(frozenset({"manager"})),
    "api-case-guardians": post_only(JARVA),
    # Matching a child reported without a number: the case's unit (the Järva child has a number:
    # a valid body is answered 400, see the writes matrix).
    "cases-person-match": post_only(JARVA),
    "api-case-person-match": post_only(JARVA),
    # The report form's lookup of a child's known guardians: who registers reports (not LSS staff).
    "children-intake-guardians": Access(get=CHILDREN_STAFF, post=NOBODY),
    # The care flow (LVU as events, placements): the case's unit; LVU decisions (custody, care,
    # the six-monthly decisions) only under the delegation order (the manager records them).
    "care-custody-create": post_only(frozenset({"manager"})),
    "care-custody-carried-out": post_only(JARVA),
    "care-custody-court": post_only(JARVA),
    "care-custody-application": post_only(JARVA),
    "care-custody-extension": post_only(JARVA),
    "care-care-create": post_only(frozenset({"manager"})),
    "care-review-create": post_only(frozenset({"manager"})),
    "care-placement-create": post_only(JARVA),
    "care-placement-move": post_only(JARVA),
    "care-placement-end": post_only(JARVA),
    "care-placement-plan": post_only(JARVA),
    "care-placement-visit": post_only(JARVA),
    "care-placement-review": post_only(JARVA),
    "care-placement-worker": post_only(JARVA),
    "api-lvu": Access(get=JARVA),
    "api-lvu-custody": post_only(frozenset({"manager"})),
    "api-lvu-custody-carried-out": post_only(JARVA),
    "api-lvu-custody-court": post_only(JARVA),
    "api-lvu-custody-application": post_only(JARVA),
    "api-lvu-custody-extension": post_only(JARVA),
    "api-lvu-care": post_only(frozenset({"manager"})),
    "api-lvu-reviews": post_only(frozenset({"manager"})),
    "api-placements": post_only(JARVA),
    "api-placement-detail": Access(get=JARVA),
    "api-placement-move": post_only(JARVA),
    "api-placement-end": post_only(JARVA),
    "api-placement-plans": post_only(JARVA),
    "api-placement-visits": post_only(JARVA),
    "api-placement-reviews": post_only(JARVA),
    "api-placement-social-worker": post_only(JARVA),
    # The programmes (SIG, SSPF, crime exit): pages and API.
    "programmes-home": Access(get=PROGRAMME_STAFF),
    "programmes-participants": Access(get=PROGRAMME_STAFF),
    "programmes-intake": post_only(PROGRAMME_WRITERS),
    "programmes-participant": Access(get=PROGRAMMES_JARVA),
    "programmes-goal-add": post_only(PROGRAMME_WRITERS),
    "programmes-goal-follow-up": post_only(PROGRAMME_WRITERS),
    "programmes-meeting-add": post_only(PROGRAMME_WRITERS),
    "programmes-consent-add": post_only(PROGRAMME_WRITERS),
    "programmes-decide": post_only(PROGRAMME_WRITERS),
    "programmes-end": post_only(PROGRAMME_WRITERS),
    "api-programme-participants": post_only(PROGRAMME_WRITERS),
    "api-participant-detail": Access(get=PROGRAMMES_JARVA),
    "api-participant-goals": post_only(PROGRAMME_WRITERS),
    "api-participant-goal-follow-ups": post_only(PROGRAMME_WRITERS),
    "api-participant-meetings": post_only(PROGRAMME_WRITERS),
    "api-participant-consents": post_only(PROGRAMME_WRITERS),
    "api-participant-decisions": post_only(PROGRAMME_WRITERS),
    "api-participant-end": post_only(PROGRAMME_WRITERS),
    # Notices from the scheduled jobs: one's own; the prepared LSS report: its unit's managers;
    # the page of jobs: the administrator.
    "jobs-notices": Access(get=STAFF),
    "jobs-notice-read": post_only(frozenset({"caseworker"})),
    "jobs-notice-read-all": post_only(STAFF),
    "jobs-lss-report": Access(get=frozenset({"lss_manager"})),
    "jobs-job-list": Access(get=frozenset({"admin_user"})),
    # Retention (gallring): the archivist's proposals, their lists and decisions, the records
    # that keep a file; the rules also for the administrator, who corrects them.
    "retention-runs": Access(get=ARCHIVIST),
    "retention-propose": post_only(ARCHIVIST),
    "retention-run": Access(get=ARCHIVIST),
    "retention-decide": post_only(ARCHIVIST),
    "retention-rules": Access(get=ARCHIVIST | {"admin_user"}, post=NOBODY),
    "retention-holds": Access(get=ARCHIVIST),
    "api-retention-runs": Access(get=ARCHIVIST),
    "api-retention-run": Access(get=ARCHIVIST, post=NOBODY),
    "api-retention-items": Access(get=ARCHIVIST, post=NOBODY),
    "api-retention-decision": post_only(ARCHIVIST),
    "api-retention-rules": Access(get=ARCHIVIST | {"admin_user"}, post=NOBODY),
    "api-retention-holds": post_only(ARCHIVIST),
    # The citizen's pages (eservices): never for staff (403 to every member of staff, whose
    # session never becomes a citizen's). "Mina ärenden" shows a visitor how to sign in and
    # nothing personal; a matter's page sends them to sign in; sign-in answers 404 here (not
    # configured in the tests; test_citizen_* sign in through the real provider).
    "eservices:citizen-login": Access(get=NOBODY, post=NOBODY),
    "eservices:citizen-callback": Access(get=NOBODY, post=NOBODY),
    "eservices:citizen-logout": Access(get=NOBODY, post=NOBODY),
    "eservices:citizen-matters": Access(get=frozenset({"anonymous"})),
    "eservices:citizen-matter": Access(get=NOBODY, post=NOBODY),
    # Records (issue 14): letters and documents of the case, for its unit; the letter templates
    # are rule data, the administrator's.
    "letters-letter-create": post_only(JARVA),
    "letters-letter-served": post_only(JARVA),
    "letters-letter-pdf": Access(get=JARVA, post=NOBODY),
    "letters-template-list": Access(get=frozenset({"admin_user"}), post=NOBODY),
    "letters-template-edit": Access(get=frozenset({"admin_user"})),
    "documents-document-create": post_only(JARVA),
    "documents-document-download": Access(get=JARVA, post=NOBODY),
    "api-case-letters": Access(get=JARVA),
    "api-letter-pdf": Access(get=JARVA, post=NOBODY),
    "api-letter-served": post_only(JARVA),
    "api-case-documents": Access(get=JARVA),
    "api-document-download": Access(get=JARVA, post=NOBODY),
}

# Consents, disclosures and partner access (skyddsnat.partners, issue 10 points 1 and 2): the
# person's consents and disclosures for the staff who see the person; the shared participants
# for the partner agencies the Järva child's consents share with (police and school).
ACCESS.update(
    {
        "partners-landing": Access(get=PARTNERS),
        "partners-participant": Access(get=PARTNERS),
        "partners-consents": Access(get=JARVA),
        "partners-consent-withdraw": post_only(JARVA),
        "partners-disclosures": Access(get=JARVA),
        "api-person-consents": Access(get=JARVA),
        "api-consent-withdraw": post_only(JARVA),
        "api-person-disclosures": Access(get=JARVA),
        "api-partner-participants": Access(get=PARTNERS),
        "api-partner-participant": Access(get=PARTNERS),
    }
)


def _rule_admin_access() -> dict[str, Access]:
    """The rule admin (/admin/, cases/admin_site.py): every page for the administrator and
    nobody else (404, like a missing page); lists, history and the index take no writes. One entry
    per page of every model the site registers, so a model registered later is walked too."""
    from skyddsnat.cases.admin_site import site

    admin_only = frozenset({"admin_user"})
    read = Access(get=admin_only, post=NOBODY)
    access = {"admin:index": read, "admin:jsi18n": read, "admin:app_list": read}
    for model, model_admin in site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        access[f"{prefix}_changelist"] = read
        access[f"{prefix}_history"] = read
        access[f"{prefix}_change"] = Access(get=admin_only)
        if model_admin.may_add_and_delete:
            access[f"{prefix}_add"] = Access(get=admin_only)
            access[f"{prefix}_delete"] = Access(get=admin_only)
    return access


ACCESS.update(_rule_admin_access())

# Staff sign-in (skyddsnat.signin): single sign-on is not configured in the tests' settings, so
# its addresses do not exist (404) for anyone; the code and enrolment pages are every signed-in
# user's own; the API-key pages are one's own, everyone's only for the administrator.
ACCESS.update(
    {
        "signin-sso": Access(get=NOBODY, post=NOBODY),
        "signin-sso-callback": Access(get=NOBODY, post=NOBODY),
        "signin-verify": Access(get=STAFF),
        "signin-enrol": Access(get=STAFF),
        "api-token-page": Access(get=STAFF),
        "api-token-page-all": Access(get=frozenset({"admin_user"})),
        "api-token-page-revoke": post_only(STAFF),
    }
)


# URLs whose keywords pick one of several things: each variant is checked, with its own entry in
# ACCESS named "<url name> <label>".
VARIANTS: dict[str, dict[str, dict[str, str]]] = {
    "followup-export": {
        f"{name}.{fmt}": {"name": name, "fmt": fmt}
        for name, fmt in [
            ("equality", "csv"),
            ("budget", "csv"),
            ("budget", "xlsx"),
            ("costs", "csv"),
            ("caseload", "csv"),
            ("staff", "csv"),
            ("register", "csv"),
            ("ongoing", "csv"),
        ]
    },
    "followup-violence-export": {fmt: {"fmt": fmt} for fmt in ("csv", "xlsx")},
    "lss-followup-export": {
        f"{table}.{fmt}": {"table": table, "fmt": fmt}
        for table, fmt in [("decisions", "csv"), ("lead_times", "xlsx"), ("queue", "csv")]
    },
}

# Anonymous answers that differ from the rule (302 to login for pages, 401 for the API).
ANONYMOUS_STATUS: dict[str, set[int]] = {
    "api-not-found": {404},  # any unknown /api/ address answers 404, logged in or not
    "api-token": {405},  # open to everyone by design; GET is simply not offered
    "signin-sso": {404},  # single sign-on not configured: the address does not exist
    "signin-sso-callback": {404},
    # The public e-services' receipt is shown only in the session that sent it: 404 otherwise.
    "eservices:receipt": {404},
    # The citizen's sign-in, not configured in the tests; a matter's page sends to it.
    "eservices:citizen-login": {404},
    "eservices:citizen-callback": {404},
    "eservices:citizen-matter": {302},
}


# ----- the Järva cases every URL is filled with -------------------------------------------------

CHILD_FIRST, CHILD_LAST = "Tindra", "Hjortmyr"
GUARDIAN_FIRST = "Gunvor"
PROTECTED_STREET = "Skyddade vägen 13"
LSS_FIRST, LSS_LAST = "Kim", "Vallmark"


@dataclass
class World:
    case: Case  # the children's case
    objects: dict[str, Any] = field(default_factory=dict)


# How to fill each URL keyword: a function of the world returning the value. Looked up as
# "<url name>:<keyword>", then "<app prefix>:<keyword>" (the URL name up to its first dash, after
# any "api-"), then
# "<keyword>". Add new ones here; ids must be of real objects of the Järva cases.
KWARGS: dict[str, Callable[[World], Any]] = {
    # A receipt's reference (shown only to the session that sent it).
    "eservices:receipt:reference": lambda w: "E-TEST-0000",
    "eservices:attachment:attachment_id": lambda w: _eservice_attachment(w),
    "case_id": lambda w: w.case.pk,
    "person_id": lambda w: w.case.person_id,
    "report_id": lambda w: w.objects["report"].pk,
    "decision_id": lambda w: w.objects["decision"].pk,
    "intervention_id": lambda w: w.objects["intervention"].pk,
    "entry_id": lambda w: w.objects["journal_entry"].pk,
    "journal_entry_id": lambda w: w.objects["journal_entry"].pk,
    "early_help_id": lambda w: w.objects["early_help"].pk,
    "help_request_id": lambda w: w.objects["help_request"].pk,
    "deadline_id": lambda w: w.case.deadlines.order_by("pk").first().pk,
    "district": lambda w: w.case.district.slug,
    "district_slug": lambda w: w.case.district.slug,
    "slug": lambda w: w.case.district.slug,
    "path": lambda w: "no-such-address/",
    # LSS: the Järva LSS case
    "lss:application_id": lambda w: w.objects["lss_application"].pk,
    "lss:request_id": lambda w: w.objects["lss_request"].pk,
    "lss:decision_id": lambda w: w.objects["lss_decision"].pk,
    "lss:intervention_id": lambda w: w.objects["lss_intervention"].pk,
    "lss:interruption_id": lambda w: w.objects["lss_interruption"].pk,
    "lss:appeal_id": lambda w: w.objects["lss_appeal"].pk,
    "lss:entry_id": lambda w: w.objects["lss_queue_entry"].pk,
    "lss:offer_id": lambda w: w.objects["lss_offer"].pk,
    "lss:letter_id": lambda w: w.objects["lss_letter"].pk,
    # Follow-up
    "followup:line_id": lambda w: w.objects["budget_line"].pk,
    # Welfare crime: a Järva signal, not yet assessed
    "signal_id": lambda w: w.objects["signal"].pk,
    # Investigations: a part of the investigation by its kind
    "investigations-section-save:kind": lambda w: "assessment",
    "api-investigation-section:kind": lambda w: "assessment",
    # API tokens: a token of a member of staff who is none of the personas.
    "token_id": lambda w: _api_token(w).pk,
    # A request for an extension of the Järva case, waiting in the manager's queue.
    "referral_id": lambda w: w.objects["referral"].pk,
    # The care flow: the Järva case's custody, its care under LVU and the child's placement.
    "custody_id": lambda w: w.objects["custody"].pk,
    "care:intervention_id": lambda w: w.objects["lvu_care"].pk,
    "lvu:intervention_id": lambda w: w.objects["lvu_care"].pk,
    "placement_id": lambda w: w.objects["placement"].pk,
    # The programmes: a SIG participant of Järva (not the child of the case) and a goal.
    "programmes:slug": lambda w: "sig",
    "programme:slug": lambda w: "sig",
    "participant_id": lambda w: w.objects["participant"].pk,
    "goal_id": lambda w: w.objects["participant_goal"].pk,
    # Partners: the Järva child as a SIG participant, and its consent to share with the police.
    "partners:participant_id": lambda w: w.objects["partner_participant"].pk,
    "partner:participant_id": lambda w: w.objects["partner_participant"].pk,
    "partners:consent_id": lambda w: w.objects["partner_consent"].pk,
    "consent:consent_id": lambda w: w.objects["partner_consent"].pk,
    # A citizen's matter by its receipt's reference (none is the staff personas' to see).
    "eservices:citizen-matter:reference": lambda w: "E-2026-00001",
    # Records: a decision letter and a document of the Järva case; a letter template.
    "letter_id": lambda w: w.objects["letter"].pk,
    "document_id": lambda w: w.objects["document"].pk,
    "template_id": lambda w: _letter_template_id(),
}


def _api_token(world: World) -> Any:
    if "api_token" not in world.objects:
        from skyddsnat.api.services import token_issue

        owner, _ = User.objects.get_or_create(
            username="nyckel.agare", defaults={"role": Role.CASEWORKER}
        )
        world.objects["api_token"] = token_issue(user=owner).token
    return world.objects["api_token"]


def _caseworkers_notice(w: World) -> int:
    """A reminder notice of the Järva case's first time limit, the caseworker's."""
    reminder, _ = Reminder.objects.get_or_create(
        deadline=w.case.deadlines.order_by("pk").first(), occasion=Occasion.DUE_TOMORROW
    )
    notice, _ = Notice.objects.get_or_create(
        user=User.objects.get(username="socsek.jarva"),
        reminder=reminder,
        defaults={"kind": NoticeKind.DEADLINE_TOMORROW},
    )
    return notice.pk


def _prepared_report(w: World) -> int:
    """The quarterly LSS report of Järva's LSS unit, as the job prepares it."""
    prepare_lss_reports(today=dt.date(2024, 7, 2))
    return PreparedReport.objects.get(unit__district__slug="jarva", unit__kind="lss").pk


def _retention_run(w: World) -> int:
    """A retention proposal that was cancelled (so a new one may be made alongside)."""
    from skyddsnat.retention.models import RetentionRun, RunStatus

    if "retention_run" not in w.objects:
        w.objects["retention_run"] = RetentionRun.objects.create(
            as_of=dt.date(2026, 1, 1), status=RunStatus.CANCELLED
        )
    return w.objects["retention_run"].pk


KWARGS["retention:run_id"] = _retention_run
KWARGS["jobs:notice_id"] = _caseworkers_notice
KWARGS["jobs:report_id"] = _prepared_report


def _rule_admin_kwargs() -> dict[str, Callable[[World], Any]]:
    """The admin's record pages open the model's first record (rule data, not the Järva case)."""
    from skyddsnat.cases.admin_site import site

    makers: dict[str, Callable[[World], Any]] = {"admin:app_list:app_label": lambda w: "cases"}
    for model in site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for page in ("history", "change", "delete"):
            makers[f"{prefix}_{page}:object_id"] = lambda w, model=model: (
                model._default_manager.order_by("pk").first().pk
            )
    return makers


KWARGS.update(_rule_admin_kwargs())


def _eservice_attachment(world: "World") -> int:
    """An attachment (a PNG) sent through the e-service with a report on the Järva case."""
    from skyddsnat.eservices.models import Attachment, Submission

    submission, _created = Submission.objects.get_or_create(
        reference="E-MATR-IX00",
        defaults={"kind": "concern", "received_at": timezone.now(), "case": world.case},
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    row, _created = Attachment.objects.get_or_create(
        submission=submission,
        defaults={"content_type": "image/png", "size": len(png), "content": png},
    )
    return row.pk


def _letter_template_id() -> int:
    from skyddsnat.letters.models import LetterTemplate

    return LetterTemplate.objects.get(kind="decision_sol").pk


# A PDF as small as a PDF gets: what the documents' type check accepts.
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _records(case: Case, caseworker: User) -> dict[str, Any]:
    """A decision letter to the (protected) child and a document on the Järva case."""
    import io

    from skyddsnat.documents.services import document_upload
    from skyddsnat.letters.services import letter_send

    decision = case.decisions.get(intervention_type__code="contact-person")
    letter = letter_send(
        user=caseworker,
        case=case,
        kind="decision_sol",
        recipient="person",
        decision=decision.pk,
        sent_on=timezone.localdate(),
    )
    document = document_upload(
        user=caseworker,
        case=case,
        upload=io.BytesIO(TINY_PDF),
        filename="brev.pdf",
        declared_type="application/pdf",
        kind="incoming_letter",
        title="Brev från skolan",
        received_on=timezone.localdate(),
    )
    return {"letter": letter, "document": document}


def kwarg_maker(route_name: str, key: str) -> Callable[[World], Any] | None:
    prefix = route_name.removeprefix("api-").split("-", 1)[0]
    for candidate in (f"{route_name}:{key}", f"{prefix}:{key}", key):
        if candidate in KWARGS:
            return KWARGS[candidate]
    return None


def _lss_user(username: str, role: str, district_slug: str = "jarva") -> User:
    from conftest import make_user

    user = make_user(username, role, district_slug)
    user.unit = Unit.objects.get(district__slug=district_slug, kind="lss")
    user.save(update_fields=["unit"])
    return user


@pytest.fixture
def lss_officer(db) -> User:
    return _lss_user("bistand.jarva", Role.LSS_OFFICER)


@pytest.fixture
def lss_manager(db) -> User:
    return _lss_user("lsschef.jarva", Role.MANAGER)


@pytest.fixture
def police(db) -> User:
    from conftest import make_user

    return make_user("polis.jarva", Role.PARTNER, agency="police")


@pytest.fixture
def school(db) -> User:
    from conftest import make_user

    return make_user("skola.jarva", Role.PARTNER, agency="school")


def _partner_records(case: Case, caseworker: User) -> dict[str, Any]:
    """The Järva child in a SIG group with a goal and a meeting, and consents (the child's and
    the guardian's, who is the only one) to share both with the police and with the school."""
    from skyddsnat.partners import services as partner_services
    from skyddsnat.programmes.models import Goal, Meeting, Participant

    today = timezone.localdate()
    participant = Participant.objects.create(
        programme="sig",
        person_id=case.person_id,
        district=case.district,
        case=case,
        started_on=today - dt.timedelta(days=20),
        registered_by=caseworker,
    )
    Goal.objects.create(
        participant=participant,
        text="Går i skolan varje dag",
        agency="school",
        due=today + dt.timedelta(days=60),
        created_by=caseworker,
    )
    Meeting.objects.create(
        participant=participant,
        held_on=today - dt.timedelta(days=5),
        agencies=["police", "school"],
        notes=f"{CHILD_FIRST} {CHILD_LAST} bor på {PROTECTED_STREET}.",
        recorded_by=caseworker,
    )
    person = case.person
    guardians = [g.guardian for g in person.guardianships.all()]
    consents = []
    for agency in ("police", "school"):
        for guardian in [None, *guardians]:
            consents.append(
                partner_services.consent_record(
                    user=caseworker,
                    person=person,
                    agency=agency,
                    scope=["plan", "meetings"],
                    valid_from=today - dt.timedelta(days=10),
                    valid_to=today + dt.timedelta(days=200),
                    given_by="guardian" if guardian else "person",
                    guardian_id=guardian.pk if guardian else None,
                )
            )
    return {"partner_participant": participant, "partner_consent": consents[0]}


@pytest.fixture
def lss_outsider(db) -> User:
    return _lss_user("bistand.sodermalm", Role.LSS_OFFICER, "sodermalm")


def _district_user(username: str, role: str) -> User:
    """A Järva outreach worker or welfare-crime officer (made once: the world uses them too)."""
    from conftest import make_user

    return User.objects.filter(username=username).first() or make_user(username, role, "jarva")


@pytest.fixture
def outreach_worker(db) -> User:
    return _district_user("faltare.jarva", Role.OUTREACH)


@pytest.fixture
def welfare_officer(db) -> User:
    return _district_user("kontrollant.jarva", Role.WELFARE_CRIME)


def _signals_records() -> dict[str, Any]:
    """An anonymous outreach contact and a welfare-crime signal (unassessed) in Järva."""
    from skyddsnat.outreach.services import contact_register
    from skyddsnat.welfarecrime.services import signal_register

    contact = contact_register(
        user=_district_user("faltare.jarva", Role.OUTREACH),
        contact_on=timezone.localdate(),
        place_kind="street",
        age_band="16_17",
        topics=["sugar_dating"],
        anonymous=True,
    )
    signal = signal_register(
        user=_district_user("kontrollant.jarva", Role.WELFARE_CRIME),
        received_on=timezone.localdate(),
        source="tip",
        benefit="housing_allowance",
        authority="forsakringskassan",
        description="Tips om felaktigt bostadsbidrag.",
    )
    return {"outreach_contact": contact, "signal": signal}


def _children_case(caseworker, outsider, sodermalm, jarva) -> tuple[Case, dict[str, Any]]:
    from conftest import new_identity_number

    received = timezone.now() - dt.timedelta(days=3)
    report = report_register(
        user=caseworker,
        personal_identity_number=new_identity_number(),
        first_name=CHILD_FIRST,
        last_name=CHILD_LAST,
        district=jarva,
        received_at=received,
        reporter_type="professional",
        description="Skolan oroar sig.",
        is_synthetic=True,
    )
    case = report.case
    Person.objects.filter(pk=case.person_id).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION,
        street_address=PROTECTED_STREET,
        postal_code="16300",
        city="Stockholm",
    )
    safety_assessment_record(
        user=caseworker,
        report=report,
        assessed_at=received + dt.timedelta(hours=1),
        immediate_protection_needed=False,
    )
    pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=timezone.localdate() - dt.timedelta(days=2),
        decision="open_investigation",
        reason="Oro.",
    )
    case.refresh_from_db()
    # Asked for before the decision closed the investigation: it waits in the manager's queue.
    referral = extension_request(user=caseworker, case=case, reason="Väntar på utlåtande.")
    case.refresh_from_db()
    decision = case_decide(
        user=caseworker,
        case=case,
        decided_on=timezone.localdate(),
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="contact-person"),
        reason="Stöd behövs.",
    )
    intervention = intervention_start(
        user=caseworker, decision=decision, started_on=timezone.localdate()
    )
    entry = journal_add(user=caseworker, case=case, text="Samtal med skolan.")
    # A guardian who lives at the child's protected address: shown by name on the case, never
    # with the address to anyone who may not see it (the leak check looks for the street).
    link = guardian_add(
        user=caseworker,
        case=case,
        personal_identity_number=new_identity_number(dt.date(1984, 2, 3)),
        first_name=GUARDIAN_FIRST,
        last_name=CHILD_LAST,
        relation="parent",
        is_synthetic=True,
    )
    Person.objects.filter(pk=link.guardian_id).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION,
        street_address=PROTECTED_STREET,
        postal_code="16300",
        city="Stockholm",
    )
    case.refresh_from_db()
    early_help = early_help_start(
        user=caseworker,
        case=case,
        intervention_type=InterventionType.objects.get(code="parent-support"),
        started_on=timezone.localdate(),
        consent_given=True,
        consent_on=timezone.localdate(),
        note="Föräldrarna vill ha stöd.",
    )
    # The outsider has a case of their own, so their pages are not empty.
    report_register(
        user=outsider,
        personal_identity_number=new_identity_number(),
        first_name="Otto",
        last_name="Södersson",
        district=sodermalm,
        received_at=received,
        reporter_type="private",
        description="Granne oroar sig.",
        is_synthetic=True,
    )
    case.refresh_from_db()
    receipt = help_submit(
        name="Hanna Hjälpsökande",
        about="my_child",
        description="Vi vill ha råd.",
        district=case.district,
        phone="070-000 00 00",
    )
    return case, {
        "help_request": receipt.submission.help_request,
        "report": report,
        "decision": decision,
        "intervention": intervention,
        "journal_entry": entry,
        "early_help": early_help,
        "guardian": link.guardian,
        "referral": referral,
    }


def _lss_case(officer, lss_manager, jarva) -> dict[str, Any]:
    from conftest import new_identity_number
    from skyddsnat.lss import services as lss
    from skyddsnat.lss.models import QueueEntry, ResourceKind

    number = new_identity_number(dt.date(1990, 3, 4))

    def apply(user, code, received_on):
        application = lss.application_register(
            user=user,
            personal_identity_number=number,
            first_name=LSS_FIRST,
            last_name=LSS_LAST,
            district=jarva,
            received_on=received_on,
            applicant_role="person",
            intervention_types=[InterventionType.objects.get(code=code)],
            is_synthetic=True,
        )
        lss.eligibility_assess(
            user=user,
            application=application,
            group=1,
            assessed_on=received_on + dt.timedelta(days=2),
            reasoning="Utredd.",
        )
        return application

    application = apply(officer, "lss-companion", dt.date(2024, 1, 10))
    request = application.requests.get()
    decision = lss.decision_record(
        user=officer,
        request=request,
        decided_on=dt.date(2024, 1, 31),
        outcome="grant",
        reason="Behov finns.",
        scope_amount=10,
        scope_unit="hours_month",
    )
    # Recorded while it waited (LSS 28 f–h §§), then implemented: the delay's page and API read it.
    lss.implementation_delay_record(
        user=officer, decision=decision, reason="no_staff", consequences="Väntar på ledsagare."
    )
    intervention = lss.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 3, 1), provider_kind="own"
    )
    interruption = lss.interruption_start(
        user=officer,
        intervention=intervention,
        starts_on=dt.date(2024, 4, 1),
        reason="Ledsagare saknas.",
    )
    appeal = lss.appeal_register(user=officer, decision=decision, received_on=dt.date(2024, 2, 5))
    from skyddsnat.letters.services import letter_send

    letter = letter_send(
        user=officer,
        case=application.case,
        kind="decision_lss",
        recipient="person",
        decision=decision.pk,
        sent_on=dt.date(2024, 2, 1),
    )
    housing = apply(lss_manager, "lss-housing-adults", dt.date(2024, 1, 15))
    housing_decision = lss.decision_record(
        user=lss_manager,
        request=housing.requests.get(),
        decided_on=dt.date(2024, 2, 1),
        outcome="grant",
        reason="Behov finns.",
    )
    entry = QueueEntry.objects.get(decision=housing_decision)
    facility = lss.facility_create(
        user=lss_manager,
        resource_kind=ResourceKind.objects.get(code="lss-housing-adults"),
        name="Gruppbostaden Tensta",
        places=1,
        district=jarva,
    )
    offer = lss.offer_make(
        user=lss_manager, entry=entry, facility=facility, offered_on=dt.date(2024, 5, 1)
    )
    return {
        "lss_application": application,
        "lss_request": request,
        "lss_decision": decision,
        "lss_intervention": intervention,
        "lss_interruption": interruption,
        "lss_appeal": appeal,
        "lss_letter": letter,
        "lss_queue_entry": entry,
        "lss_offer": offer,
        "lss_person": application.case.person,
    }


def _care_records(case: Case, manager: User) -> dict[str, Any]:
    """The Järva child in the care flow: immediate custody carried out, care under 2 § LVU after
    it, and the child placed in a family home under it."""
    care = care_services
    today = timezone.localdate()
    custody = care.custody_decide(
        user=manager, case=case, decided_on=today, section="2", reason="Akut fara."
    )
    care.custody_carried_out(user=manager, custody=custody, carried_out_on=today)
    lvu_care = care.care_record(
        user=manager,
        case=case,
        section="2",
        decided_on=today,
        started_on=today,
        reason="Förvaltningsrätten har beslutat om vård.",
    )
    placement = care.placement_create(
        user=manager,
        case=case,
        form="family_home",
        provider="Familjen Berg",
        basis="lvu_2",
        started_on=today,
    )
    case.refresh_from_db()
    return {"custody": custody, "lvu_care": lvu_care, "placement": placement}


PARTICIPANT_FIRST, PARTICIPANT_LAST = "Pim", "Insatsgren"


@pytest.fixture
def coordinator(db) -> User:
    from conftest import make_user

    return make_user("samordnare.jarva", Role.COORDINATOR, "jarva")


def _programme_records(coordinator: User) -> dict[str, Any]:
    """A SIG participant of Järva, 16 years old, with one goal of the action plan."""
    from skyddsnat.programmes.services import goal_add, participant_register

    today = timezone.localdate()
    participant = participant_register(
        user=coordinator,
        programme="sig",
        personal_identity_number=identity.synthetic(
            random.Random(1610), today - dt.timedelta(days=16 * 365 + 40)
        ),
        first_name=PARTICIPANT_FIRST,
        last_name=PARTICIPANT_LAST,
        district=District.objects.get(slug="jarva"),
        started_on=today - dt.timedelta(days=30),
        consent_given_on=today - dt.timedelta(days=30),
        is_synthetic=True,
    )
    goal = goal_add(
        user=coordinator,
        participant=participant,
        text="Gå i skolan varje dag.",
        agency="school",
        due=today + dt.timedelta(days=60),
    )
    return {"participant": participant, "participant_goal": goal}


@pytest.fixture
def world(caseworker, manager, outsider, sodermalm, lss_officer, lss_manager, coordinator) -> World:
    from skyddsnat.followup.models import BudgetLine

    jarva = District.objects.get(slug="jarva")
    case, objects = _children_case(caseworker, outsider, sodermalm, jarva)
    objects.update(_lss_case(lss_officer, lss_manager, jarva))
    objects.update(_care_records(case, manager))
    objects.update(_programme_records(coordinator))
    objects.update(_partner_records(case, caseworker))
    objects.update(_signals_records())
    objects.update(_records(case, caseworker))
    objects["budget_line"] = BudgetLine.objects.order_by("pk").first()
    # A job worker reports (procrastinate's table), so that /readyz answers 200.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers DEFAULT VALUES")
    return World(case=case, objects=objects)


# ----- walking the URL configuration -------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, with " <label>" for a variant
    url_name: str
    kwargs: tuple[str, ...]
    pattern: str
    fixed: tuple[tuple[str, str], ...] = ()  # keyword values a variant fixes


def _keywords(pattern: Any) -> list[str]:
    return list(pattern.regex.groupindex)


def walk(
    patterns: list, prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()
) -> Iterator[Route]:
    for entry in patterns:
        found = tuple(kwargs) + tuple(_keywords(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner, found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield Route(name=name, url_name=name, kwargs=found, pattern=prefix + str(entry.pattern))


def all_routes() -> list[Route]:
    routes: dict[tuple[str, tuple[str, ...]], Route] = {}
    for route in walk(get_resolver().url_patterns):
        if route.name in VARIANTS:
            for label, fixed in VARIANTS[route.name].items():
                variant = Route(
                    name=f"{route.name} {label}",
                    url_name=route.name,
                    kwargs=tuple(k for k in route.kwargs if k not in fixed),
                    pattern=route.pattern,
                    fixed=tuple(fixed.items()),
                )
                routes.setdefault((variant.name, variant.kwargs), variant)
        else:
            routes.setdefault((route.name, route.kwargs), route)
    return list(routes.values())


def address(route: Route, world: World) -> str:
    kwargs = dict(route.fixed)
    for key in route.kwargs:
        maker = kwarg_maker(route.url_name, key)
        assert maker is not None
        kwargs[key] = maker(world)
    return reverse(route.url_name, kwargs=kwargs)


# ----- the checks --------------------------------------------------------------------------------


def test_every_url_pattern_has_a_name_and_an_access_decision():
    routes = all_routes()
    unnamed = sorted(route.pattern for route in routes if not route.name)
    assert not unnamed, f"Give these URL patterns a name (and add it to ACCESS): {unnamed}"
    missing = sorted({route.name for route in routes} - set(ACCESS))
    assert not missing, (
        "These URLs have no access decision: add "
        + ", ".join(missing)
        + " to ACCESS in skyddsnat/tests/test_access_matrix.py"
    )


def test_the_table_names_only_urls_that_exist():
    stale = sorted(set(ACCESS) - {route.name for route in all_routes()})
    assert not stale, f"Remove (or rename) these entries in ACCESS, no URL has the name: {stale}"


def test_every_url_keyword_can_be_filled():
    unknown = sorted(
        {
            (key, route.url_name)
            for route in all_routes()
            for key in route.kwargs
            if kwarg_maker(route.url_name, key) is None
        }
    )
    assert not unknown, (
        "Add a maker for these URL keywords to KWARGS in skyddsnat/tests/test_access_matrix.py "
        f"(the id of a real object of the Järva case): {unknown}"
    )


def _row_counts() -> dict[str, int]:
    """Rows per table (but the audit log, sessions and the sign-in throttle's failure counts: a
    wrong second-factor code is a failed sign-in there, like a log entry), in one query."""
    skip = {"audit.auditentry", "sessions.session", "axes.accessattempt"}
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower not in skip and not m._meta.proxy and m._meta.managed
    ]
    quote = connection.ops.quote_name
    # Table names come from the models, never from input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {m._meta.label_lower: n for m, n in zip(models, row, strict=True)}


def _case_state(world: World) -> tuple:
    states = []
    for pk in (world.case.pk, world.objects["lss_application"].case_id):
        case = Case.objects.get(pk=pk)
        dues = tuple(case.deadlines.order_by("pk").values_list("due", "done_at"))
        states.append((case.status, case.assigned_to_id, case.closed_at, dues))
    return tuple(states)


def _identity_forms(number: str) -> dict[str, str]:
    return {
        "identity number": number,
        "identity number (display)": identity.display(number),
        "identity number (10 digits)": number[2:],
        "identity number (10 digits, dash)": f"{number[2:8]}-{number[8:]}",
    }


def _secrets(world: World) -> list[tuple[frozenset[str], int, dict[str, str]]]:
    """(who may read them, whose, what) for each person of the Järva cases."""
    child = Person.objects.get(pk=world.case.person_id)
    adult = world.objects["lss_person"]
    participant = world.objects["participant"]
    return [
        (
            # The Järva child is also a SIG participant in Järva (the partners' world), so the
            # district's coordinator reads its name on the programme pages.
            JARVA | {"coordinator"},
            child.pk,
            _identity_forms(child.personal_identity_number)
            | {"child's name": f"{CHILD_FIRST} {CHILD_LAST}", "child's last name": CHILD_LAST},
        ),
        (
            JARVA_LSS,
            adult.pk,
            {f"LSS {k}": v for k, v in _identity_forms(adult.personal_identity_number).items()}
            | {"LSS applicant's name": f"{LSS_FIRST} {LSS_LAST}", "LSS last name": LSS_LAST},
        ),
        (
            PROGRAMMES_JARVA,
            participant.person_id,
            {
                "participant's name": f"{PARTICIPANT_FIRST} {PARTICIPANT_LAST}",
                "participant's last name": PARTICIPANT_LAST,
            },
        ),
    ]


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


def _refusal_problem(persona: str, route: Route, url: str, response) -> str | None:
    status = response.status_code
    if persona == "anonymous":
        if route.name in ANONYMOUS_STATUS:
            expected = ANONYMOUS_STATUS[route.name]
            return None if status in expected else f"expected {sorted(expected)}, got {status}"
        if status == 405:
            return None
        if _is_api(url):
            return None if status == 401 else f"expected 401, got {status}"
        login = resolve_url(settings.LOGIN_URL)
        if status == 302 and response["Location"].startswith(login):
            return None
        return f"expected a redirect to {login}, got {status} {response.get('Location', '')}"
    if status in (403, 404, 405):
        return None
    return f"expected 403/404, got {status}"


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_the_table_says_and_leaks_nothing(
    request, world, persona
):
    client = Client(raise_request_exception=False)  # a crash is a 500 in the report, not a stop
    user = None
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(user)
    secrets = _secrets(world)
    sees_address = bool(user and user.may_see_protected_addresses)
    year = timezone.localdate().year
    problems: list[str] = []

    def check_leaks(route: Route, method: str, response) -> None:
        body = _body(response)
        forbidden = {} if sees_address else {"protected address": PROTECTED_STREET}
        for allowed, _person_id, personal in secrets:
            if persona not in allowed:
                forbidden.update(personal)
        if persona in ACCESS[route.name].shows_identity_number_to:
            forbidden = {k: v for k, v in forbidden.items() if "identity" not in k}
        for label, secret in forbidden.items():
            if secret in body:
                problems.append(f"{method} {route.name}: the response shows the {label}")

    def check_audited(route: Route, response, last_entry: int) -> None:
        """Personal data shown is personal data read: the request must have logged it."""
        body = _body(response)
        for allowed, person_id, personal in secrets:
            if persona not in allowed or not any(v in body for v in personal.values()):
                continue
            # Named alone or among the persons of a list (`audit_log_many`: `person_ids`).
            logged = AuditEntry.objects.filter(
                Q(person_id=person_id) | Q(person_ids__overlaps=[person_id]),
                pk__gt=last_entry,
                user_id=user.pk if user else None,
            )
            if not logged.exists():
                problems.append(f"GET {route.name}: shows a person's data without an audit entry")

    for route in sorted(all_routes(), key=lambda r: r.name):
        if route.name not in ACCESS or any(
            kwarg_maker(route.url_name, key) is None for key in route.kwargs
        ):
            continue  # reported by the tests above
        access = ACCESS[route.name]
        url = address(route, world)

        query = access.query.format(year=year)
        get_url = f"{url}?{query}" if query else url
        last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(get_url)
        check_audited(route, response, last_entry)
        if persona in access.get:
            if response.status_code != 200:
                problems.append(
                    f"GET {route.name} ({get_url}): expected 200, got {response.status_code}"
                )
        else:
            problem = _refusal_problem(persona, route, url, response)
            if problem:
                problems.append(f"GET {route.name} ({get_url}): {problem}")
        check_leaks(route, "GET", response)

        if persona in access.may_post:
            continue
        rows, state = _row_counts(), _case_state(world)
        if _is_api(url):
            response = client.post(url, data={}, content_type="application/json")
        else:
            response = client.post(url, data={})
        if 200 <= response.status_code < 300:
            problems.append(f"POST {route.name}: a forbidden persona got {response.status_code}")
        after = _row_counts()
        if after != rows:
            changed = {k: (rows.get(k), v) for k, v in after.items() if rows.get(k) != v}
            problems.append(f"POST {route.name}: a forbidden persona changed row counts {changed}")
        if _case_state(world) != state:
            problems.append(f"POST {route.name}: a forbidden persona changed a case")
        check_leaks(route, "POST", response)

    assert not problems, f"{persona}:\n" + "\n".join(problems)


def test_the_jarva_cases_are_what_the_matrix_thinks(
    world, caseworker, manager, outsider, lss_officer, lss_manager, lss_outsider
):
    """Guard for the fixture: who sees which Järva case."""
    from skyddsnat.cases.policy import visible_cases

    lss_case = world.objects["lss_application"].case
    for user in (caseworker, manager):
        assert world.case in visible_cases(user)
        assert lss_case not in visible_cases(user)
    for user in (lss_officer, lss_manager):
        assert lss_case in visible_cases(user)
        assert world.case not in visible_cases(user)
    for user in (outsider, lss_outsider):
        assert not visible_cases(user).filter(pk__in=[world.case.pk, lss_case.pk]).exists()
    assert not Case.objects.filter(
        Q(pk__in=[world.case.pk, lss_case.pk]), ~Q(district__slug="jarva")
    ).exists()


MISSING_ID = 987_654_321


@pytest.mark.parametrize(
    "persona", ["outsider", "politician", "auditor", "lss_officer", "lss_outsider", "police"]
)
def test_a_hidden_record_answers_exactly_like_a_missing_one(request, world, persona):
    """Probing ids tells nothing: for every address with an id, a record the persona may not see
    gets the same status and the same body as an id that does not exist."""
    client = Client(raise_request_exception=False)
    client.force_login(request.getfixturevalue(persona))
    problems = []
    for route in sorted(all_routes(), key=lambda r: r.name):
        ids = [key for key in route.kwargs if key.endswith("_id")]
        access = ACCESS.get(route.name)
        if access is None or not ids or persona in access.get | access.may_post:
            continue
        if any(kwarg_maker(route.url_name, key) is None for key in route.kwargs):
            continue
        real = address(route, world)
        kwargs = dict(route.fixed)
        for key in route.kwargs:
            maker = kwarg_maker(route.url_name, key)
            assert maker is not None
            kwargs[key] = MISSING_ID if key in ids else maker(world)
        missing = reverse(route.url_name, kwargs=kwargs)
        for method in ("get", "post"):
            send = getattr(client, method)
            extra = (
                {"content_type": "application/json"} if _is_api(real) and method == "post" else {}
            )
            data = {} if method == "post" else None
            hidden_response = send(real, data=data, **extra)
            missing_response = send(missing, data=data, **extra)
            hidden_body = _body(hidden_response).replace(real, "<url>")
            missing_body = _body(missing_response).replace(missing, "<url>")
            if (hidden_response.status_code, hidden_body) != (
                missing_response.status_code,
                missing_body,
            ):
                problems.append(
                    f"{method.upper()} {route.name}: hidden {hidden_response.status_code}, "
                    f"missing {missing_response.status_code}"
                    + (
                        ""
                        if hidden_response.status_code != missing_response.status_code
                        else " (bodies differ)"
                    )
                )
    assert not problems, f"{persona}:\n" + "\n".join(problems)


def test_the_protected_address_reaches_staff_with_the_recorded_need(world, manager):
    """The positive control for the address check above: the address is on the person page for
    someone with the explicit right, so its absence elsewhere means something."""
    manager.may_see_protected_addresses = True
    manager.save(update_fields=["may_see_protected_addresses"])
    client = Client()
    client.force_login(manager)
    url = reverse("people-person-detail", kwargs={"person_id": world.case.person_id})
    assert PROTECTED_STREET in _body(client.get(url))
