from django.urls import path

from skyddsnat.letters import lss_pages, views

urlpatterns = [
    path("arenden/<int:case_id>/brev/", views.letter_create, name="letters-letter-create"),
    path(
        "arenden/<int:case_id>/brev/delgivning/", views.letter_served, name="letters-letter-served"
    ),
    path("brev/<int:letter_id>/pdf/", views.letter_pdf, name="letters-letter-pdf"),
    # The LSS decision letters, actions of the LSS application page (the LSS area's addresses).
    path(
        "lss/beslut/<int:decision_id>/beslutsbrev/",
        lss_pages.letter_create,
        name="lss-letter-create",
    ),
    path("lss/brev/<int:letter_id>/delgivning/", lss_pages.letter_served, name="lss-letter-served"),
    path("brevmallar/", views.template_list, name="letters-template-list"),
    path("brevmallar/<int:template_id>/", views.template_edit, name="letters-template-edit"),
]
