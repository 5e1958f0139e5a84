from django.urls import path

from skyddsnat.api.signals import views

urlpatterns = [
    path("outreach/contacts/", views.ContactCreateView.as_view(), name="api-outreach-contacts"),
    path(
        "welfare-crime/signals/",
        views.SignalCreateView.as_view(),
        name="api-welfare-crime-signals",
    ),
    path(
        "welfare-crime/signals/<int:signal_id>/assessment/",
        views.AssessmentView.as_view(),
        name="api-welfare-crime-assessment",
    ),
]
