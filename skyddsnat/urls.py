from django.contrib.auth import views as auth_views
from django.urls import include, path

from skyddsnat.cases.admin_site import site as rule_admin
from skyddsnat.jobs import views as job_views
from skyddsnat.lib import health
from skyddsnat.organisation.forms import LoginForm

urlpatterns = [
    # For the load balancer: no sign-in, no personal data, not audited (lib/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "login/",
        # Not PUT, which Django's form views treat as POST: every route declares what it accepts.
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, http_method_names=["get", "head", "post", "options"]
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("skyddsnat.cases.urls")),
    path("barn/", include("skyddsnat.children.urls")),
    path("logg/", include("skyddsnat.logreview.urls")),
    path("lss/uppfoljning/", include("skyddsnat.followup.lss_urls")),
    path("lss/", include("skyddsnat.lss.urls")),
    path("uppfoljning/", include("skyddsnat.followup.urls")),
    path("api/", include("skyddsnat.api.urls")),
    path("utkast/", include("skyddsnat.drafts.urls")),
    # Rule data (deadline rules, catalogues, delegation, organisation, budgets): the admin role.
    path("admin/", rule_admin.urls),
    # Notices from the scheduled jobs (every member of staff), the jobs themselves (admin).
    path("notiser/", include("skyddsnat.jobs.urls")),
    path("jobb/", job_views.job_list, name="jobs-job-list"),
]

handler500 = "skyddsnat.api.errors.server_error"
