import datetime as dt

from django.urls import reverse

from conftest import PASSWORD, new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case, InterventionType
from skyddsnat.lss.models import Application, Facility, ResourceKind
from skyddsnat.lss.tests.conftest import assess, grant


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_an_officer_registers_an_application_for_several_interventions(client, officer):
    login(client, officer)
    companion = InterventionType.objects.get(code="lss-companion")
    contact = InterventionType.objects.get(code="lss-contact-person")
    response = client.post(
        reverse("lss-application-create"),
        {
            "personal_identity_number": new_identity_number(dt.date(1990, 3, 4)),
            "first_name": "Kim",
            "last_name": "Testsson",
            "district": officer.unit.district_id,
            "received_on": "2024-01-10",
            "applicant_role": "legal_representative",
            "applicant_name": "God Man",
            "interventions": [companion.pk, contact.pk],
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("lss-application-detail", args=[application.pk])
    assert application.requests.count() == 2
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Ledsagarservice" in page.content.decode()


def test_the_form_shows_the_services_swedish_error(client, officer):
    login(client, officer)
    response = client.post(
        reverse("lss-application-create"),
        {
            "personal_identity_number": new_identity_number(dt.date(1990, 3, 4)),
            "first_name": "Kim",
            "last_name": "Testsson",
            "district": officer.unit.district_id,
            "received_on": "2024-01-10",
            "applicant_role": "guardian",
            "interventions": [InterventionType.objects.get(code="lss-companion").pk],
        },
    )
    assert response.status_code == 400
    assert (
        "god man" in response.content.decode().lower()
        or "vårdnadshavare" in response.content.decode()
    )


def test_the_flow_through_the_pages(client, officer, make_application):
    application = make_application(officer, received_on=dt.date(2024, 1, 10))
    login(client, officer)
    url = reverse("lss-eligibility-assess", args=[application.pk])
    assert (
        client.post(
            url, {"group": "3", "assessed_on": "2024-01-12", "reasoning": "Utredd."}
        ).status_code
        == 302
    )
    request = application.requests.get()
    response = client.post(
        reverse("lss-decision-create", args=[request.pk]),
        {
            f"d{request.pk}-decided_on": "2024-01-31",
            f"d{request.pk}-outcome": "grant",
            f"d{request.pk}-scope_amount": "12",
            f"d{request.pk}-scope_unit": "hours_month",
            f"d{request.pk}-reason": "Behov av ledsagning.",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    decision = request.decision
    response = client.post(
        reverse("lss-implementation-create", args=[decision.pk]),
        {f"i{decision.pk}-started_on": "2024-02-15", f"i{decision.pk}-provider_kind": "own"},
    )
    assert response.status_code == 302
    page = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    assert "2024-02-15" in page
    # The decision letter: made from the letters app's template, under the decision.
    assert reverse("lss-letter-create", args=[decision.pk]) in page
    response = client.post(
        reverse("lss-letter-create", args=[decision.pk]),
        {
            "version": Case.objects.get(pk=decision.case_id).version,
            f"l{decision.pk}-recipient": "person",
            f"l{decision.pk}-sent_on": "2024-02-01",
        },
    )
    assert response.status_code == 302
    letter = decision.letters.get()
    pdf = client.get(reverse("letters-letter-pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_daily_activity_for_group_3_is_refused_on_the_page_in_swedish(
    client, officer, make_application
):
    application = make_application(officer, codes=("lss-daily-activity",))
    assess(officer, application, group=3)
    request = application.requests.get()
    login(client, officer)
    response = client.post(
        reverse("lss-decision-create", args=[request.pk]),
        {
            f"d{request.pk}-decided_on": "2024-01-31",
            f"d{request.pk}-outcome": "grant",
            f"d{request.pk}-reason": "x",
        },
    )
    assert response.status_code == 400
    assert "personkrets" in response.content.decode()


def test_other_roles_get_404_on_every_lss_page(
    client, officer, lss_outsider, caseworker, politician, analyst, auditor, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    for user in (caseworker, politician, analyst, auditor):
        client.force_login(user)
        for name in ("lss-application-list", "lss-my-decisions", "lss-queue", "lss-ivo-report"):
            assert client.get(reverse(name)).status_code == 404, (user, name)
    client.force_login(lss_outsider)
    assert client.get(reverse("lss-application-list")).status_code == 200
    assert client.get(reverse("lss-application-detail", args=[application.pk])).status_code == 404
    assert client.post(reverse("lss-letter-create", args=[decision.pk])).status_code == 404


def test_the_application_list_runs_a_fixed_number_of_queries(
    client, officer, make_application, django_assert_max_num_queries
):
    for _ in range(5):
        application = make_application(officer, codes=("lss-companion", "lss-relief"))
        assess(officer, application)
        grant(officer, application.requests.first())
    login(client, officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("lss-application-list"))
    assert response.status_code == 200
    [entry] = AuditEntry.objects.filter(action="lss.application.list")  # one entry for the list
    assert len(entry.case_ids) == 5


def test_my_decisions_marks_approaching_and_late(client, lss_manager, officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    grant(officer, application.requests.get(), on=dt.date(2024, 1, 31))
    login(client, lss_manager)
    page = client.get(reverse("lss-my-decisions")).content.decode()
    assert "2024-04-30" in page
    assert "badge--overdue" in page


def test_the_ivo_report_downloads_as_csv_and_pdf(client, lss_manager, officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    grant(officer, application.requests.get(), on=dt.date(2024, 1, 31))
    login(client, lss_manager)
    page = client.get(reverse("lss-ivo-report"), {"year": 2024, "quarter": 2})
    assert "Ej verkställt" in page.content.decode()
    csv = client.get(reverse("lss-ivo-report"), {"year": 2024, "quarter": 2, "format": "csv"})
    assert "2024-04-30" in csv.content.decode()
    pdf = client.get(reverse("lss-ivo-report"), {"year": 2024, "quarter": 2, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_the_queue_page_offers_and_records_an_acceptance(client, lss_manager, make_application):
    application = make_application(lss_manager, codes=("lss-housing-adults",))
    assess(lss_manager, application)
    decision = grant(lss_manager, application.requests.get(), scope_amount=None, scope_unit="")
    facility = Facility.objects.create(
        resource_kind=ResourceKind.objects.get(code="lss-housing-adults"),
        name="Gruppbostad A",
        places=2,
    )
    entry = decision.queue_entry
    login(client, lss_manager)
    assert "Gruppbostad A" in client.get(reverse("lss-queue")).content.decode()
    response = client.post(
        reverse("lss-offer-create", args=[entry.pk]),
        {f"o{entry.pk}-facility": facility.pk, f"o{entry.pk}-offered_on": "2024-03-01"},
    )
    assert response.status_code == 302
    offer = entry.offers.get()
    response = client.post(
        reverse("lss-offer-answer", args=[offer.pk]),
        {f"a{offer.pk}-answer": "accepted", f"a{offer.pk}-answered_on": "2024-03-05"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "placed"


def test_my_decisions_runs_a_fixed_number_of_queries(
    client, lss_manager, officer, make_application, django_assert_max_num_queries
):
    for _ in range(5):
        application = make_application(officer)
        assess(officer, application)
        grant(officer, application.requests.get())
    login(client, lss_manager)
    # 8 and the page's count.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("lss-my-decisions"))
    assert response.status_code == 200
    [entry] = AuditEntry.objects.filter(action="lss.decision.to_implement")
    assert len(entry.case_ids) == 5
