from django.urls import path

from skyddsnat.documents import views

urlpatterns = [
    path(
        "arenden/<int:case_id>/dokument/", views.document_create, name="documents-document-create"
    ),
    path(
        "dokument/<int:document_id>/", views.document_download, name="documents-document-download"
    ),
]
