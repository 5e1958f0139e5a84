from django.urls import path

from skyddsnat.investigations import views

# Full paths (mounted at the root): a prefix with a keyword would hide it from the URL walkers.
P = "arenden/<int:case_id>/utredning/"

urlpatterns = [
    path(P, views.investigation_page, name="investigations-page"),
    path(P + "avsnitt/<slug:kind>/", views.section_save, name="investigations-section-save"),
    path(P + "samtal/", views.conversation_create, name="investigations-conversation-create"),
    path(
        P + "kommunicering/", views.communication_create, name="investigations-communication-create"
    ),
    path(P + "kommunicering/svar/", views.reply_create, name="investigations-reply-create"),
    path(
        P + "kommunicering/undantag/", views.override_create, name="investigations-override-create"
    ),
    path(P + "avslut/", views.ending_create, name="investigations-ending-create"),
    path(P + "beslut/", views.interventions_create, name="investigations-interventions-create"),
]
