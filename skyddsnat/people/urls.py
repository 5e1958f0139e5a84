from django.urls import path

from skyddsnat.people import views

urlpatterns = [
    path("", views.person_search, name="people-person-search"),
    path("<int:person_id>/", views.person_detail, name="people-person-detail"),
]
