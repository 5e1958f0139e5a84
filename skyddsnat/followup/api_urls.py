from django.urls import path

from skyddsnat.followup import api

urlpatterns = [
    path("reaction-times/", api.ReactionTimesView.as_view(), name="api-followup-reaction-times"),
    path("budget/", api.BudgetView.as_view(), name="api-followup-budget"),
]
