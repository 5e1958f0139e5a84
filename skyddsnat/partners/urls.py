from django.urls import path

from skyddsnat.partners import views

urlpatterns = [
    # Partner agencies (role partner): what an active consent shares with their agency.
    path("partner/", views.partner_landing, name="partners-landing"),
    path(
        "partner/deltagare/<int:participant_id>/",
        views.partner_participant,
        name="partners-participant",
    ),
    # Staff: a person's consents and disclosures without consent.
    path("personer/<int:person_id>/samtycken/", views.consents, name="partners-consents"),
    path(
        "samtycken/<int:consent_id>/aterkalla/",
        views.consent_withdraw,
        name="partners-consent-withdraw",
    ),
    path("personer/<int:person_id>/utlamnanden/", views.disclosures, name="partners-disclosures"),
]
