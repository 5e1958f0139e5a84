from django.urls import path

from skyddsnat.followup import signals_views

urlpatterns = [
    path("uppsokande/", signals_views.outreach_page, name="followup-outreach"),
    path("valfardsbrott/", signals_views.welfare_crime_page, name="followup-welfare-crime"),
]
