from django.urls import path

from skyddsnat.welfarecrime import views

urlpatterns = [
    path("", views.register, name="welfarecrime-register"),
    path("export.csv", views.register_export, name="welfarecrime-register-export"),
    path("ny/", views.signal_create, name="welfarecrime-signal-create"),
    path("<int:signal_id>/", views.signal_detail, name="welfarecrime-signal-detail"),
    path("<int:signal_id>/bedomning/", views.signal_assess, name="welfarecrime-signal-assess"),
]
