from django.urls import path

from skyddsnat.api.retention import views

urlpatterns = [
    path("runs/", views.RunListView.as_view(), name="api-retention-runs"),
    path("runs/<int:run_id>/", views.RunDetailView.as_view(), name="api-retention-run"),
    path("runs/<int:run_id>/items/", views.RunItemsView.as_view(), name="api-retention-items"),
    path(
        "runs/<int:run_id>/decision/",
        views.RunDecisionView.as_view(),
        name="api-retention-decision",
    ),
    path("rules/", views.RuleListView.as_view(), name="api-retention-rules"),
    path("holds/", views.HoldCreateView.as_view(), name="api-retention-holds"),
]
