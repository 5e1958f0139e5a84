from django.urls import path

from skyddsnat.api.partners import views

urlpatterns = [
    path(
        "persons/<int:person_id>/consents/",
        views.PersonConsentsView.as_view(),
        name="api-person-consents",
    ),
    path(
        "consents/<int:consent_id>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="api-consent-withdraw",
    ),
    path(
        "persons/<int:person_id>/disclosures/",
        views.PersonDisclosuresView.as_view(),
        name="api-person-disclosures",
    ),
    path(
        "partner/participants/",
        views.PartnerParticipantsView.as_view(),
        name="api-partner-participants",
    ),
    path(
        "partner/participants/<int:participant_id>/",
        views.PartnerParticipantView.as_view(),
        name="api-partner-participant",
    ),
]
