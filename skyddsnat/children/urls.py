from django.urls import path

from skyddsnat.children import views

urlpatterns = [
    path("anmalan/ny/", views.report_create, name="children-report-create"),
    path(
        "arenden/<int:case_id>/skyddsbedomning/",
        views.safety_assessment_create,
        name="children-safety-assessment-create",
    ),
    path(
        "arenden/<int:case_id>/forhandsbedomning/",
        views.pre_assessment_create,
        name="children-pre-assessment-create",
    ),
]
