from django.urls import path

from skyddsnat.eservices import citizen_urls, staff_views, views

app_name = "eservices"

urlpatterns = [
    path("", views.start, name="start"),
    path("orosanmalan/", views.concern, name="concern"),
    path("hjalp/", views.help_request, name="help"),
    path("lss/", views.lss_application, name="lss"),
    path("kvitto/<str:reference>/", views.receipt, name="receipt"),
    # The language switch (Swedish, English) of the public pages: a POST form, no JavaScript.
    path("sprak/", views.language, name="language"),
    # Staff: the unit's requests for help (the children and youth unit's reception).
    path("inkommet/hjalp/", staff_views.help_request_list, name="help-requests"),
    path(
        "inkommet/hjalp/<int:help_request_id>/hanterad/",
        staff_views.help_request_handle,
        name="help-request-handle",
    ),
    # Staff who see the case: an attachment of a concern report, as a download (audited).
    path("bilagor/<int:attachment_id>/", staff_views.attachment, name="attachment"),
    # The citizen's sign-in, sign-out and "Mina ärenden" (eservices/citizen_urls.py).
    *citizen_urls.urlpatterns,
]
