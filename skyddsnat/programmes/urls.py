from django.urls import path

from skyddsnat.programmes import views

P = "deltagare/<int:participant_id>/"

urlpatterns = [
    path("", views.home, name="programmes-home"),
    path(P, views.participant_page, name="programmes-participant"),
    path(f"{P}mal/", views.goal_add, name="programmes-goal-add"),
    path(
        f"{P}mal/<int:goal_id>/uppfoljning/",
        views.goal_follow_up,
        name="programmes-goal-follow-up",
    ),
    path(f"{P}moten/", views.meeting_add, name="programmes-meeting-add"),
    path(f"{P}samtycke/", views.consent_add, name="programmes-consent-add"),
    path(f"{P}beslut/", views.decide, name="programmes-decide"),
    path(f"{P}avsluta/", views.end, name="programmes-end"),
    path("<slug:slug>/", views.participants, name="programmes-participants"),
    path("<slug:slug>/ny/", views.intake, name="programmes-intake"),
]
