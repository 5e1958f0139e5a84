from django.urls import path

from skyddsnat.lss import api

urlpatterns = [
    path("applications/", api.ApplicationListView.as_view(), name="api-lss-applications"),
    path(
        "applications/<int:application_id>/",
        api.ApplicationDetailView.as_view(),
        name="api-lss-application-detail",
    ),
    path(
        "applications/<int:application_id>/eligibility/",
        api.EligibilityView.as_view(),
        name="api-lss-eligibility",
    ),
    path(
        "requests/<int:request_id>/decision/", api.DecisionView.as_view(), name="api-lss-decision"
    ),
    path(
        "decisions/<int:decision_id>/implementation/",
        api.ImplementationView.as_view(),
        name="api-lss-implementation",
    ),
    path("decisions/<int:decision_id>/appeals/", api.AppealView.as_view(), name="api-lss-appeals"),
    path(
        "interventions/<int:intervention_id>/interruptions/",
        api.InterruptionView.as_view(),
        name="api-lss-interruptions",
    ),
    path("to-implement/", api.ToImplementView.as_view(), name="api-lss-to-implement"),
    path("queue/", api.QueueView.as_view(), name="api-lss-queue"),
]
