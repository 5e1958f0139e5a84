from django.urls import path

from skyddsnat.api.lss import views

urlpatterns = [
    path("applications/", views.ApplicationListView.as_view(), name="api-lss-applications"),
    path(
        "applications/<int:application_id>/",
        views.ApplicationDetailView.as_view(),
        name="api-lss-application-detail",
    ),
    path(
        "applications/<int:application_id>/eligibility/",
        views.EligibilityView.as_view(),
        name="api-lss-eligibility",
    ),
    path(
        "requests/<int:request_id>/decision/",
        views.DecisionView.as_view(),
        name="api-lss-decision",
    ),
    path(
        "decisions/<int:decision_id>/implementation/",
        views.ImplementationView.as_view(),
        name="api-lss-implementation",
    ),
    path("decisions/<int:decision_id>/delay/", views.DelayView.as_view(), name="api-lss-delay"),
    path(
        "decisions/<int:decision_id>/delay/offers/",
        views.DelayOfferView.as_view(),
        name="api-lss-delay-offers",
    ),
    path(
        "decisions/<int:decision_id>/appeals/", views.AppealView.as_view(), name="api-lss-appeals"
    ),
    path(
        "interventions/<int:intervention_id>/interruptions/",
        views.InterruptionView.as_view(),
        name="api-lss-interruptions",
    ),
    path("to-implement/", views.ToImplementView.as_view(), name="api-lss-to-implement"),
    path("queue/", views.QueueView.as_view(), name="api-lss-queue"),
]
