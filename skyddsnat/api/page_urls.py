from django.urls import path

from skyddsnat.api import pages

urlpatterns = [
    path("", pages.token_list, name="api-token-page"),
    path("alla/", pages.token_list_all, name="api-token-page-all"),
    path("<int:token_id>/aterkalla/", pages.token_revoke_page, name="api-token-page-revoke"),
]
