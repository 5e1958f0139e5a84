from django.urls import path

from skyddsnat.care import views

CUSTODY = "arenden/<int:case_id>/lvu/omhandertagande/<int:custody_id>/"
PLACEMENT = "arenden/<int:case_id>/placeringar/<int:placement_id>/"

urlpatterns = [
    path(
        "arenden/<int:case_id>/lvu/omhandertagande/",
        views.custody_create,
        name="care-custody-create",
    ),
    path(f"{CUSTODY}verkstallt/", views.custody_carried_out, name="care-custody-carried-out"),
    path(f"{CUSTODY}understallning/", views.custody_court, name="care-custody-court"),
    path(f"{CUSTODY}ansokan/", views.custody_application, name="care-custody-application"),
    path(f"{CUSTODY}forlangning/", views.custody_extension, name="care-custody-extension"),
    path("arenden/<int:case_id>/lvu/vard/", views.care_create, name="care-care-create"),
    path(
        "arenden/<int:case_id>/lvu/vard/<int:intervention_id>/beslut/",
        views.review_create,
        name="care-review-create",
    ),
    path(
        "arenden/<int:case_id>/placeringar/", views.placement_create, name="care-placement-create"
    ),
    path(f"{PLACEMENT}flytt/", views.placement_move, name="care-placement-move"),
    path(f"{PLACEMENT}avslut/", views.placement_end, name="care-placement-end"),
    path(f"{PLACEMENT}planer/", views.placement_plan, name="care-placement-plan"),
    path(f"{PLACEMENT}besok/", views.placement_visit, name="care-placement-visit"),
    path(f"{PLACEMENT}overvaganden/", views.placement_review, name="care-placement-review"),
    path(f"{PLACEMENT}socialsekreterare/", views.placement_worker, name="care-placement-worker"),
]
