from django.urls import path

from skyddsnat.api.public import views

urlpatterns = [
    path(
        "concern-reports/",
        views.ConcernReportView.as_view(),
        name="api-public-concern-reports",
    ),
    path(
        "lss-applications/",
        views.LssApplicationView.as_view(),
        name="api-public-lss-applications",
    ),
]
