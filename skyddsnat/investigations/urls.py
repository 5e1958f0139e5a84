from django.urls import path

from skyddsnat.investigations import views

# Mounted under arenden/<case_id>/utredning/ (skyddsnat/urls.py).
urlpatterns = [
    path("", views.investigation_page, name="investigations-page"),
    path("avsnitt/<slug:kind>/", views.section_save, name="investigations-section-save"),
    path("samtal/", views.conversation_create, name="investigations-conversation-create"),
    path("kommunicering/", views.communication_create, name="investigations-communication-create"),
    path("kommunicering/svar/", views.reply_create, name="investigations-reply-create"),
    path("kommunicering/undantag/", views.override_create, name="investigations-override-create"),
    path("avslut/", views.ending_create, name="investigations-ending-create"),
    path("beslut/", views.interventions_create, name="investigations-interventions-create"),
]
