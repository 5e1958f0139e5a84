from django.urls import path, re_path

from skyddsnat.followup import programme_views, views, violence

urlpatterns = [
    path("", views.equality_page, name="followup-equality"),
    path("budget/", views.budget_page, name="followup-budget"),
    path("program/", programme_views.programmes_page, name="followup-programmes"),
    path("budget/rad/ny/", views.budget_line_edit, name="followup-budget-line-create"),
    path("budget/rad/<int:line_id>/", views.budget_line_edit, name="followup-budget-line-edit"),
    path("personal/", views.staff_page, name="followup-staff"),
    path("statistik/", views.statistics_page, name="followup-statistics"),
    path("sa-raknas-siffrorna/", views.methods_page, name="followup-methods"),
    re_path(r"^export/(?P<name>[a-z-]+)\.(?P<fmt>csv|xlsx)$", views.export, name="followup-export"),
    # Violence and sheltered housing (issue 10 point 5).
    path("vald/", violence.violence_page, name="followup-violence"),
    re_path(
        r"^vald/export\.(?P<fmt>csv|xlsx)$",
        violence.violence_export,
        name="followup-violence-export",
    ),
]
