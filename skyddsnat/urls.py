from django.contrib.auth import views as auth_views
from django.urls import include, path

from skyddsnat.cases.admin_site import site as rule_admin
from skyddsnat.jobs import views as job_views
from skyddsnat.lib import health
from skyddsnat.signin import views as signin_views

urlpatterns = [
    # For the load balancer: no sign-in, no personal data, not audited (lib/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("login/", signin_views.StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("skyddsnat.cases.urls")),
    path("barn/", include("skyddsnat.children.urls")),
    path("", include("skyddsnat.investigations.urls")),
    path("logg/", include("skyddsnat.logreview.urls")),
    path("lss/uppfoljning/", include("skyddsnat.followup.lss_urls")),
    path("lss/", include("skyddsnat.lss.urls")),
    path("uppfoljning/", include("skyddsnat.followup.urls")),
    path("api/", include("skyddsnat.api.urls")),
    path("utkast/", include("skyddsnat.drafts.urls")),
    path("vard/", include("skyddsnat.care.urls")),
    # Rule data (deadline rules, catalogues, delegation, organisation, budgets): the admin role.
    path("admin/", rule_admin.urls),
    # Staff sign-in: single sign-on, the second factor (skyddsnat.signin).
    path("inloggning/", include("skyddsnat.signin.urls")),
    # "Mina API-nycklar": listing and revoking API tokens (the administrator: everyone's).
    path("api-nycklar/", include("skyddsnat.api.page_urls")),
    # Notices from the scheduled jobs (every member of staff), the jobs themselves (admin).
    path("notiser/", include("skyddsnat.jobs.urls")),
    path("jobb/", job_views.job_list, name="jobs-job-list"),
    # Records (issue 14): letters from templates and their editor; documents taken in on a case.
    path("", include("skyddsnat.letters.urls")),
    path("", include("skyddsnat.documents.urls")),
]

handler500 = "skyddsnat.api.errors.server_error"
