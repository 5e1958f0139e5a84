from django.contrib.auth import views as auth_views
from django.urls import include, path

from skyddsnat.cases.admin_site import site as rule_admin
from skyddsnat.jobs import views as job_views
from skyddsnat.lib import health
from skyddsnat.organisation import statement
from skyddsnat.signin import views as signin_views

urlpatterns = [
    # For the load balancer: no sign-in, no personal data, not audited (lib/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The accessibility statement (lag 2018:1937): public, linked from every page's footer.
    path(
        "tillganglighet/",
        statement.accessibility_statement,
        name="accessibility-statement",
    ),
    path("login/", signin_views.StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("skyddsnat.cases.urls")),
    path("barn/", include("skyddsnat.children.urls")),
    path("", include("skyddsnat.investigations.urls")),
    path("logg/", include("skyddsnat.logreview.urls")),
    path("lss/uppfoljning/", include("skyddsnat.followup.lss_urls")),
    path("lss/", include("skyddsnat.lss.urls")),
    path("uppfoljning/", include("skyddsnat.followup.urls")),
    # Outreach and welfare crime: the workers' pages and their follow-up (issue 10 points 6-8).
    path("uppfoljning/", include("skyddsnat.followup.signals_urls")),
    path("uppsokande/", include("skyddsnat.outreach.urls")),
    path("valfardsbrott/", include("skyddsnat.welfarecrime.urls")),
    path("api/", include("skyddsnat.api.urls")),
    path("utkast/", include("skyddsnat.drafts.urls")),
    path("vard/", include("skyddsnat.care.urls")),
    # The targeted programmes (SIG, SSPF, crime exit) of the district's coordinators.
    path("program/", include("skyddsnat.programmes.urls")),
    # Rule data (deadline rules, catalogues, delegation, organisation, budgets): the admin role.
    path("admin/", rule_admin.urls),
    # Staff sign-in: single sign-on, the second factor (skyddsnat.signin).
    path("inloggning/", include("skyddsnat.signin.urls")),
    # "Mina API-nycklar": listing and revoking API tokens (the administrator: everyone's).
    path("api-nycklar/", include("skyddsnat.api.page_urls")),
    # Notices from the scheduled jobs (every member of staff), the jobs themselves (admin).
    path("notiser/", include("skyddsnat.jobs.urls")),
    path("gallring/", include("skyddsnat.retention.urls")),
    path("jobb/", job_views.job_list, name="jobs-job-list"),
    # Consents, disclosures and what partner agencies see (skyddsnat.partners).
    path("", include("skyddsnat.partners.urls")),
    # The public e-services (no staff sign-in): forms, receipts, the language switch.
    path("e-tjanst/", include("skyddsnat.eservices.urls")),
    # Records (issue 14): letters from templates and their editor; documents taken in on a case.
    path("", include("skyddsnat.letters.urls")),
    path("", include("skyddsnat.documents.urls")),
]

handler500 = "skyddsnat.api.errors.server_error"
