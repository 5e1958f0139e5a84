from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from skyddsnat.api.errors import not_found
from skyddsnat.api.views import audit, auth, cases, early_help, persons

# The API sits above every flow it serves (lib → … → the flows → followup → api): the flows'
# endpoints live here, in `api.lss` and `api.followup`, not in their apps.
urlpatterns = [
    path("v1/lss/", include("skyddsnat.api.lss.urls")),
    path("v1/followup/", include("skyddsnat.api.followup.urls")),
    path("v1/", include("skyddsnat.api.care.urls")),
    path("v1/auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("v1/reports/", cases.ReportCreateView.as_view(), name="api-report-create"),
    path("v1/cases/<int:case_id>/", cases.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "v1/cases/<int:case_id>/safety-assessment/",
        cases.SafetyAssessmentView.as_view(),
        name="api-case-safety-assessment",
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
    path("v1/me/deadlines/", cases.MyDeadlinesView.as_view(), name="api-my-deadlines"),
    path("v1/persons/", persons.PersonSearchView.as_view(), name="api-person-search"),
    path("v1/audit/", audit.AuditSearchView.as_view(), name="api-audit-search"),
    path("v1/audit/review/", audit.AuditReviewView.as_view(), name="api-audit-review"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Last: any other address under /api/ answers a 404 problem rather than an HTML page.
    re_path(r"^(?P<path>.*)$", not_found, name="api-not-found"),
]
