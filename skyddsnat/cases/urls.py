from django.urls import path

from skyddsnat.cases.views import (
    actions,
    case_page,
    my_cases,
    persons,
    print_view,
    queue,
    referrals,
)

urlpatterns = [
    path("", my_cases.my_cases, name="cases-my-cases"),
    path("arenden/<int:case_id>/", case_page.case_detail, name="cases-case-detail"),
    path(
        "arenden/<int:case_id>/forlangning/",
        actions.extension_create,
        name="cases-extension-create",
    ),
    path("arenden/<int:case_id>/beslut/", actions.decision_create, name="cases-decision-create"),
    path(
        "arenden/<int:case_id>/beslut/<int:decision_id>/insats/",
        actions.intervention_create,
        name="cases-intervention-create",
    ),
    path(
        "arenden/<int:case_id>/frister/<int:deadline_id>/klar/",
        actions.deadline_done,
        name="cases-deadline-done",
    ),
    path("arenden/<int:case_id>/journal/", actions.journal_create, name="cases-journal-create"),
    path(
        "arenden/<int:case_id>/vardnadshavare/",
        actions.guardian_create,
        name="cases-guardian-create",
    ),
    path("ko/", queue.queue, name="cases-queue"),
    # Decisions sent to the one who may take them (issue 9 point 7).
    path(
        "arenden/<int:case_id>/forlangning/begar/",
        actions.extension_request_create,
        name="cases-extension-request-create",
    ),
    path(
        "arenden/<int:case_id>/skicka-beslut/",
        actions.referral_create,
        name="cases-referral-create",
    ),
    path("att-besluta/", referrals.referral_list, name="cases-referrals"),
    # A child reported without a personal identity number, matched later (issue 9 point 3).
    path("arenden/<int:case_id>/identitet/", actions.person_match, name="cases-person-match"),
    path("att-besluta/<int:referral_id>/", referrals.referral_decide, name="cases-referral-decide"),
    path("ko/<int:case_id>/tilldela/", queue.queue_assign, name="cases-queue-assign"),
    # Person search and the person page: spine pages (a person is shown through visible cases).
    path("personer/", persons.person_search, name="people-person-search"),
    path("personer/<int:person_id>/", persons.person_detail, name="people-person-detail"),
    # The print view of a case (issue 14 point 3).
    path("arenden/<int:case_id>/utskrift/", print_view.case_print, name="cases-case-print"),
]
