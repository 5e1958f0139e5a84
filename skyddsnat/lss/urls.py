from django.urls import path

from skyddsnat.lss import views

urlpatterns = [
    path("", views.application_list, name="lss-application-list"),
    path("ansokan/ny/", views.application_create, name="lss-application-create"),
    path("ansokan/<int:application_id>/", views.application_detail, name="lss-application-detail"),
    path(
        "ansokan/<int:application_id>/personkrets/",
        views.eligibility_assess,
        name="lss-eligibility-assess",
    ),
    path("insats/<int:request_id>/beslut/", views.decision_create, name="lss-decision-create"),
    path(
        "insats/<int:request_id>/skicka-for-beslut/",
        views.decision_refer,
        name="lss-decision-refer",
    ),
    path("att-besluta/", views.referral_list, name="lss-referrals"),
    path(
        "beslut/<int:decision_id>/verkstallighet/",
        views.implementation_create,
        name="lss-implementation-create",
    ),
    path("beslut/<int:decision_id>/overklagande/", views.appeal_create, name="lss-appeal-create"),
    path("overklagande/<int:appeal_id>/dom/", views.appeal_outcome, name="lss-appeal-outcome"),
    path(
        "verkstallighet/<int:intervention_id>/avbrott/",
        views.interruption_create,
        name="lss-interruption-create",
    ),
    path(
        "avbrott/<int:interruption_id>/slut/", views.interruption_end, name="lss-interruption-end"
    ),
    path("att-verkstalla/", views.my_decisions, name="lss-my-decisions"),
    path(
        "beslut/<int:decision_id>/ej-verkstallt/",
        views.implementation_delay,
        name="lss-implementation-delay",
    ),
    path(
        "beslut/<int:decision_id>/ej-verkstallt/erbjudande/",
        views.implementation_delay_offer,
        name="lss-implementation-delay-offer",
    ),
    path("ko/", views.queue, name="lss-queue"),
    path("ko/<int:entry_id>/erbjudande/", views.offer_create, name="lss-offer-create"),
    path("erbjudande/<int:offer_id>/svar/", views.offer_answer, name="lss-offer-answer"),
    path("ivo-rapport/", views.ivo_report, name="lss-ivo-report"),
    path("statistik-1-oktober/", views.october_statistics, name="lss-october-statistics"),
]
