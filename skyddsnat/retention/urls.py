from django.urls import path

from skyddsnat.retention import views

urlpatterns = [
    path("", views.run_list, name="retention-runs"),
    path("forslag/", views.run_propose, name="retention-propose"),
    path("<int:run_id>/", views.run_detail, name="retention-run"),
    path("<int:run_id>/beslut/", views.run_decide, name="retention-decide"),
    path("regler/", views.rule_list, name="retention-rules"),
    path("bevarande/", views.hold_list, name="retention-holds"),
]
