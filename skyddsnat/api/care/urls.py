from django.urls import path

from skyddsnat.api.care import views

CUSTODY = "cases/<int:case_id>/lvu/custody/<int:custody_id>/"
PLACEMENT = "placements/<int:placement_id>/"

urlpatterns = [
    path("cases/<int:case_id>/lvu/", views.LvuStateView.as_view(), name="api-lvu"),
    path("cases/<int:case_id>/lvu/custody/", views.CustodyView.as_view(), name="api-lvu-custody"),
    path(
        f"{CUSTODY}carried-out/",
        views.CarriedOutView.as_view(),
        name="api-lvu-custody-carried-out",
    ),
    path(
        f"{CUSTODY}court-submission/",
        views.CourtSubmissionView.as_view(),
        name="api-lvu-custody-court",
    ),
    path(
        f"{CUSTODY}application/",
        views.ApplicationView.as_view(),
        name="api-lvu-custody-application",
    ),
    path(f"{CUSTODY}extension/", views.ExtensionView.as_view(), name="api-lvu-custody-extension"),
    path("cases/<int:case_id>/lvu/care/", views.CareView.as_view(), name="api-lvu-care"),
    path(
        "cases/<int:case_id>/lvu/care/<int:intervention_id>/reviews/",
        views.ReviewView.as_view(),
        name="api-lvu-reviews",
    ),
    path("placements/", views.PlacementCreateView.as_view(), name="api-placements"),
    path(PLACEMENT, views.PlacementDetailView.as_view(), name="api-placement-detail"),
    path(f"{PLACEMENT}move/", views.MoveView.as_view(), name="api-placement-move"),
    path(f"{PLACEMENT}end/", views.EndView.as_view(), name="api-placement-end"),
    path(f"{PLACEMENT}plans/", views.PlanView.as_view(), name="api-placement-plans"),
    path(f"{PLACEMENT}visits/", views.VisitView.as_view(), name="api-placement-visits"),
    path(
        f"{PLACEMENT}reviews/",
        views.PlacementReviewView.as_view(),
        name="api-placement-reviews",
    ),
    path(
        f"{PLACEMENT}social-worker/",
        views.SocialWorkerView.as_view(),
        name="api-placement-social-worker",
    ),
]
