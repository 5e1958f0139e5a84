from django.urls import path

from skyddsnat.api.programmes import views

P = "participants/<int:participant_id>/"

urlpatterns = [
    path(
        "programmes/<slug:slug>/participants/",
        views.ParticipantCreateView.as_view(),
        name="api-programme-participants",
    ),
    path(P, views.ParticipantDetailView.as_view(), name="api-participant-detail"),
    path(f"{P}goals/", views.GoalView.as_view(), name="api-participant-goals"),
    path(
        f"{P}goals/<int:goal_id>/follow-ups/",
        views.GoalFollowUpView.as_view(),
        name="api-participant-goal-follow-ups",
    ),
    path(f"{P}meetings/", views.MeetingView.as_view(), name="api-participant-meetings"),
    path(f"{P}consents/", views.ConsentView.as_view(), name="api-participant-consents"),
    path(f"{P}decisions/", views.DecisionView.as_view(), name="api-participant-decisions"),
    path(f"{P}end/", views.EndView.as_view(), name="api-participant-end"),
]
