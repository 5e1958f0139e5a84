from django.urls import path

from skyddsnat.api.followup import programmes, signals, views

urlpatterns = [
    path("reaction-times/", views.ReactionTimesView.as_view(), name="api-followup-reaction-times"),
    path("budget/", views.BudgetView.as_view(), name="api-followup-budget"),
    path("programmes/", programmes.ProgrammesView.as_view(), name="api-followup-programmes"),
    path("outreach/", signals.OutreachView.as_view(), name="api-followup-outreach"),
    path("welfare-crime/", signals.WelfareCrimeView.as_view(), name="api-followup-welfare-crime"),
]
