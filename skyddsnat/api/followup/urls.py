from django.urls import path

from skyddsnat.api.followup import programmes, views

urlpatterns = [
    path("reaction-times/", views.ReactionTimesView.as_view(), name="api-followup-reaction-times"),
    path("budget/", views.BudgetView.as_view(), name="api-followup-budget"),
    path("programmes/", programmes.ProgrammesView.as_view(), name="api-followup-programmes"),
]
