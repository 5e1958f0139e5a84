from django.urls import path

from skyddsnat.api.records import views

# Mounted under v1/ (api/urls.py).
urlpatterns = [
    path("cases/<int:case_id>/letters/", views.CaseLettersView.as_view(), name="api-case-letters"),
    path("letters/<int:letter_id>/pdf/", views.LetterPDFView.as_view(), name="api-letter-pdf"),
    path(
        "letters/<int:letter_id>/served/",
        views.LetterServedView.as_view(),
        name="api-letter-served",
    ),
    path(
        "cases/<int:case_id>/documents/",
        views.CaseDocumentsView.as_view(),
        name="api-case-documents",
    ),
    path(
        "documents/<int:document_id>/download/",
        views.DocumentDownloadView.as_view(),
        name="api-document-download",
    ),
]
