from django.urls import path

from skyddsnat.api.investigations import views

# Mounted under v1/cases/ (api/urls.py), each path in full: a prefix with a keyword would hide
# it from the URL walkers.
P = "<int:case_id>/investigation/"

urlpatterns = [
    path(P, views.InvestigationView.as_view(), name="api-investigation"),
    path(
        P + "sections/<slug:kind>/",
        views.SectionView.as_view(),
        name="api-investigation-section",
    ),
    path(
        P + "conversations/",
        views.ConversationView.as_view(),
        name="api-investigation-conversations",
    ),
    path(
        P + "communications/",
        views.CommunicationView.as_view(),
        name="api-investigation-communications",
    ),
    path(
        P + "communications/replies/",
        views.ReplyView.as_view(),
        name="api-investigation-replies",
    ),
    path(
        P + "communications/override/",
        views.OverrideView.as_view(),
        name="api-investigation-override",
    ),
    path(P + "end/", views.EndingView.as_view(), name="api-investigation-end"),
    path(
        P + "interventions/",
        views.InterventionsView.as_view(),
        name="api-investigation-interventions",
    ),
]
