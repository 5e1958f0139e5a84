from django.urls import path

from skyddsnat.children import intake_lookup, views

urlpatterns = [
    path("anmalan/ny/", views.report_create, name="children-report-create"),
    path(
        "anmalan/vardnadshavare/",
        intake_lookup.intake_guardians,
        name="children-intake-guardians",
    ),
    path(
        "arenden/<int:case_id>/skyddsbedomning/",
        views.safety_assessment_create,
        name="children-safety-assessment-create",
    ),
    path(
        "arenden/<int:case_id>/vald/",
        views.case_violence_create,
        name="children-case-violence-create",
    ),
    path(
        "arenden/<int:case_id>/forhandsbedomning/",
        views.pre_assessment_create,
        name="children-pre-assessment-create",
    ),
    path(
        "arenden/<int:case_id>/insats-direkt/",
        views.case_early_help_create,
        name="children-case-early-help-create",
    ),
    path(
        "arenden/<int:case_id>/samtycke/",
        views.case_consent_create,
        name="children-case-consent-create",
    ),
    path(
        "arenden/<int:case_id>/uppgifter-for-statistik/",
        views.case_background_update,
        name="children-case-background-update",
    ),
    path("insats-direkt/", views.early_help_list, name="children-early-help-list"),
    path("insats-direkt/ny/", views.early_help_create, name="children-early-help-create"),
    path(
        "insats-direkt/<int:early_help_id>/avsluta/",
        views.early_help_end,
        name="children-early-help-end",
    ),
]
