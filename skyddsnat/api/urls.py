from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from skyddsnat.api.errors import not_found
from skyddsnat.api.views import audit, auth, cases, early_help, help_requests, persons, referrals

# The API sits above every flow it serves (lib → … → the flows → followup → api): the flows'
# endpoints live here, in `api.lss` and `api.followup`, not in their apps.
urlpatterns = [
    # The public e-services' endpoints: no staff sign-in (skyddsnat.api.public).
    path("v1/public/", include("skyddsnat.api.public.urls")),
    path("v1/lss/", include("skyddsnat.api.lss.urls")),
    path("v1/followup/", include("skyddsnat.api.followup.urls")),
    path("v1/retention/", include("skyddsnat.api.retention.urls")),
    path("v1/", include("skyddsnat.api.care.urls")),
    path("v1/", include("skyddsnat.api.programmes.urls")),
    # Consents, disclosures and partner access (issue 10 points 1 and 2).
    path("v1/", include("skyddsnat.api.partners.urls")),
    path("v1/", include("skyddsnat.api.signals.urls")),
    # Letters and documents of a case (issue 14 points 1 and 2).
    path("v1/", include("skyddsnat.api.records.urls")),
    path("v1/auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("v1/auth/tokens/", auth.TokenListView.as_view(), name="api-token-list"),
    path("v1/auth/tokens/<int:token_id>/", auth.TokenDetailView.as_view(), name="api-token-detail"),
    path("v1/reports/", cases.ReportCreateView.as_view(), name="api-report-create"),
    path("v1/cases/<int:case_id>/", cases.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "v1/cases/<int:case_id>/safety-assessment/",
        cases.SafetyAssessmentView.as_view(),
        name="api-case-safety-assessment",
    ),
    path(
        "v1/cases/<int:case_id>/reports/<int:report_id>/violence/",
        cases.ViolenceView.as_view(),
        name="api-case-report-violence",
    ),
    path(
        "v1/cases/<int:case_id>/pre-assessment/",
        cases.PreAssessmentView.as_view(),
        name="api-case-pre-assessment",
    ),
    path(
        "v1/cases/<int:case_id>/investigation/extension/",
        cases.ExtensionView.as_view(),
        name="api-case-extension",
    ),
    path("v1/cases/", include("skyddsnat.api.investigations.urls")),
    path(
        "v1/cases/<int:case_id>/decision/", cases.DecisionView.as_view(), name="api-case-decision"
    ),
    path(
        "v1/cases/<int:case_id>/interventions/",
        cases.InterventionView.as_view(),
        name="api-case-interventions",
    ),
    path(
        "v1/cases/<int:case_id>/deadlines/<int:deadline_id>/done/",
        cases.DeadlineDoneView.as_view(),
        name="api-case-deadline-done",
    ),
    path("v1/cases/<int:case_id>/journal/", cases.JournalView.as_view(), name="api-case-journal"),
    path("v1/early-help/", early_help.EarlyHelpView.as_view(), name="api-early-help"),
    path(
        "v1/early-help/<int:early_help_id>/end/",
        early_help.EarlyHelpEndView.as_view(),
        name="api-early-help-end",
    ),
    # Requests for help from the public e-service, for the unit's reception (issue 11).
    path(
        "v1/help-requests/",
        help_requests.HelpRequestListView.as_view(),
        name="api-help-requests",
    ),
    path(
        "v1/help-requests/<int:help_request_id>/handled/",
        help_requests.HelpRequestHandledView.as_view(),
        name="api-help-request-handled",
    ),
    # Decisions sent to the one who may take them, and guardians (issue 9 points 7 and 1).
    path(
        "v1/cases/<int:case_id>/investigation/extension-request/",
        referrals.ExtensionRequestView.as_view(),
        name="api-case-extension-request",
    ),
    path(
        "v1/cases/<int:case_id>/referrals/",
        referrals.ReferralCreateView.as_view(),
        name="api-case-referrals",
    ),
    path(
        "v1/cases/<int:case_id>/guardians/",
        referrals.GuardianCreateView.as_view(),
        name="api-case-guardians",
    ),
    path(
        "v1/cases/<int:case_id>/person-match/",
        referrals.PersonMatchView.as_view(),
        name="api-case-person-match",
    ),
    path("v1/referrals/", referrals.ReferralQueueView.as_view(), name="api-referrals"),
    path(
        "v1/referrals/<int:referral_id>/decision/",
        referrals.ReferralDecideView.as_view(),
        name="api-referral-decide",
    ),
    path("v1/me/deadlines/", cases.MyDeadlinesView.as_view(), name="api-my-deadlines"),
    path("v1/persons/", persons.PersonSearchView.as_view(), name="api-person-search"),
    path("v1/audit/", audit.AuditSearchView.as_view(), name="api-audit-search"),
    path("v1/audit/review/", audit.AuditReviewView.as_view(), name="api-audit-review"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Last: any other address under /api/ answers a 404 problem rather than an HTML page.
    re_path(r"^(?P<path>.*)$", not_found, name="api-not-found"),
]
