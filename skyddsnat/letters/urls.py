from django.urls import path

from skyddsnat.letters import views

urlpatterns = [
    path("arenden/<int:case_id>/brev/", views.letter_create, name="letters-letter-create"),
    path(
        "arenden/<int:case_id>/brev/delgivning/", views.letter_served, name="letters-letter-served"
    ),
    path("brev/<int:letter_id>/pdf/", views.letter_pdf, name="letters-letter-pdf"),
    path("brevmallar/", views.template_list, name="letters-template-list"),
    path("brevmallar/<int:template_id>/", views.template_edit, name="letters-template-edit"),
]
