from django.urls import path

from skyddsnat.api.investigations import views

# Mounted under v1/cases/<case_id>/investigation/ (api/urls.py).
urlpatterns = [
    path("", views.InvestigationView.as_view(), name="api-investigation"),
    path(
        "sections/<slug:kind>/",
        views.SectionView.as_view(),
        name="api-investigation-section",
    ),
    path(
        "conversations/",
        views.ConversationView.as_view(),
        name="api-investigation-conversations",
    ),
    path(
        "communications/",
        views.CommunicationView.as_view(),
        name="api-investigation-communications",
    ),
    path(
        "communications/replies/",
        views.ReplyView.as_view(),
        name="api-investigation-replies",
    ),
    path(
        "communications/override/",
        views.OverrideView.as_view(),
        name="api-investigation-override",
    ),
    path("end/", views.EndingView.as_view(), name="api-investigation-end"),
    path(
        "interventions/",
        views.InterventionsView.as_view(),
        name="api-investigation-interventions",
    ),
]
