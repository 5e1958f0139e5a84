from django.urls import path

from skyddsnat.api.followup import views

urlpatterns = [
    path("reaction-times/", views.ReactionTimesView.as_view(), name="api-followup-reaction-times"),
    path("budget/", views.BudgetView.as_view(), name="api-followup-budget"),
]
