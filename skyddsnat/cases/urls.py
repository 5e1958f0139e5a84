from django.urls import path

from skyddsnat.cases import views

urlpatterns = [
    path("", views.my_cases, name="cases-my-cases"),
    path("arenden/<int:case_id>/", views.case_detail, name="cases-case-detail"),
    path(
        "arenden/<int:case_id>/forlangning/",
        views.extension_create,
        name="cases-extension-create",
    ),
    path("arenden/<int:case_id>/beslut/", views.decision_create, name="cases-decision-create"),
    path(
        "arenden/<int:case_id>/beslut/<int:decision_id>/insats/",
        views.intervention_create,
        name="cases-intervention-create",
    ),
    path(
        "arenden/<int:case_id>/frister/<int:deadline_id>/klar/",
        views.deadline_done,
        name="cases-deadline-done",
    ),
    path("arenden/<int:case_id>/journal/", views.journal_create, name="cases-journal-create"),
    path("ko/", views.queue, name="cases-queue"),
    path("ko/<int:case_id>/tilldela/", views.queue_assign, name="cases-queue-assign"),
]
