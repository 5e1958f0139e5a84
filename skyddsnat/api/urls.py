from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from skyddsnat.api import views
from skyddsnat.api.errors import not_found

# The children-and-youth, case, person, audit and token endpoints are added by the API module;
# LSS and follow-up keep theirs in their own apps.
urlpatterns = [
    path("v1/lss/", include("skyddsnat.lss.api_urls")),
    path("v1/followup/", include("skyddsnat.followup.api_urls")),
    path("v1/auth/token/", views.TokenView.as_view(), name="api-token"),
    path("v1/reports/", views.ReportCreateView.as_view(), name="api-report-create"),
    path("v1/cases/<int:case_id>/", views.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "v1/cases/<int:case_id>/safety-assessment/",
        views.SafetyAssessmentView.as_view(),
        name="api-case-safety-assessment",
    ),
    path(
        "v1/cases/<int:case_id>/pre-assessment/",
        views.PreAssessmentView.as_view(),
        name="api-case-pre-assessment",
    ),
    path(
        "v1/cases/<int:case_id>/investigation/extension/",
        views.ExtensionView.as_view(),
        name="api-case-extension",
    ),
    path(
        "v1/cases/<int:case_id>/decision/", views.DecisionView.as_view(), name="api-case-decision"
    ),
    path(
        "v1/cases/<int:case_id>/interventions/",
        views.InterventionView.as_view(),
        name="api-case-interventions",
    ),
    path(
        "v1/cases/<int:case_id>/deadlines/<int:deadline_id>/done/",
        views.DeadlineDoneView.as_view(),
        name="api-case-deadline-done",
    ),
    path("v1/cases/<int:case_id>/journal/", views.JournalView.as_view(), name="api-case-journal"),
    path("v1/early-help/", views.EarlyHelpView.as_view(), name="api-early-help"),
    path(
        "v1/early-help/<int:early_help_id>/end/",
        views.EarlyHelpEndView.as_view(),
        name="api-early-help-end",
    ),
    path("v1/me/deadlines/", views.MyDeadlinesView.as_view(), name="api-my-deadlines"),
    path("v1/persons/", views.PersonSearchView.as_view(), name="api-person-search"),
    path("v1/audit/", views.AuditSearchView.as_view(), name="api-audit-search"),
    path("v1/audit/review/", views.AuditReviewView.as_view(), name="api-audit-review"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Last: any other address under /api/ answers a 404 problem rather than an HTML page.
    re_path(r"^(?P<path>.*)$", not_found, name="api-not-found"),
]
