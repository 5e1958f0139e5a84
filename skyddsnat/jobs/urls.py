from django.urls import path

from skyddsnat.jobs import views

urlpatterns = [
    path("", views.notice_list, name="jobs-notices"),
    path("<int:notice_id>/las/", views.notice_read, name="jobs-notice-read"),
    path("las-alla/", views.notice_read_all, name="jobs-notice-read-all"),
    path("lss-rapport/<int:report_id>/", views.report_download, name="jobs-lss-report"),
]
