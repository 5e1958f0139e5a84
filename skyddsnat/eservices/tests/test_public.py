"""The public e-services (issue 11 points 1, 3, 4, 6): the forms and the public API land in the
flows' queues, once per key, with nothing stored on bad input or spam, rate-limited per client,
with a receipt by real SMTP that holds nothing of the matter."""

import datetime as dt
import time
import uuid

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from conftest import new_identity_number, race
from skyddsnat.cases.models import DeadlineKind
from skyddsnat.children.models import Channel, Report
from skyddsnat.eservices import spam
from skyddsnat.eservices.identity import CITIZEN_SESSION_KEY, Citizen, session_data
from skyddsnat.eservices.models import HelpRequest, PostalArea, Submission
from skyddsnat.jobs.tests.conftest import empty_queue, run_worker, smtp  # noqa: F401
from skyddsnat.lss.models import Application
from skyddsnat.lss.tests.conftest import officer  # noqa: F401
from skyddsnat.organisation.models import District

CONCERN_URL = "/api/v1/public/concern-reports/"
LSS_URL = "/api/v1/public/lss-applications/"


@pytest.fixture(autouse=True)
def _synthetic(settings):
    settings.SKYDDSNAT_ESERVICE_SYNTHETIC = True
    settings.SKYDDSNAT_ESERVICE_RATE = "100/h"


def concern_body(**overrides) -> dict:
    body = {
        "reporter": {"kind": "professional", "name": "Eva Lärare", "organisation": "Rinkebyskolan"},
        "child": {
            "personal_identity_number": new_identity_number(),
            "first_name": "Alva",
            "last_name": "Testsson",
        },
        "district": "jarva",
        "description": "Barnet berättar att hon blir slagen hemma.",
    }
    body.update(overrides)
    return body


def post(client: Client, url: str, body: dict, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_a_concern_report_lands_in_the_districts_queue_with_a_same_day_safety_deadline(
    client, manager
):
    answer = post(client, CONCERN_URL, concern_body(), str(uuid.uuid4()))

    assert answer.status_code == 201, answer.content
    body = answer.json()
    submission = Submission.objects.get(reference=body["reference"])
    report = Report.objects.get(case=submission.case)
    assert report.channel == Channel.ESERVICE and report.registered_by is None
    assert report.district.slug == "jarva" and report.case.assigned_to is None
    assert report.received_at == submission.received_at
    assert "14" in body["next_steps"]

    # Staff see it through the existing API and the queue, marked as from the e-service.
    staff = Client()
    staff.force_login(manager)
    case = staff.get(f"/api/v1/cases/{report.case_id}/").json()
    safety = [d for d in case["deadlines"] if d["kind"] == DeadlineKind.SAFETY_ASSESSMENT]
    received_day = timezone.localtime(submission.received_at).date()
    late = timezone.localtime(submission.received_at).time() >= dt.time(16, 0)
    assert safety[0]["due"] == str(received_day + dt.timedelta(days=1 if late else 0))
    assert case["reports"][0]["channel"] == "eservice"
    assert case["reports"][0]["registered_by"] is None
    queue = staff.get("/ko/").content.decode()
    assert report.case.reference in queue and "E-tjänst" in queue


@pytest.mark.django_db
def test_a_report_received_after_16_has_its_safety_deadline_the_next_day(monkeypatch):
    evening = dt.datetime(2026, 3, 4, 17, 30, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: evening)
    answer = post(Client(), CONCERN_URL, concern_body(), str(uuid.uuid4()))
    assert answer.status_code == 201, answer.content
    report = Report.objects.get(case__submissions__reference=answer.json()["reference"])
    assert report.safety_deadline.due == dt.date(2026, 3, 5)


@pytest.mark.django_db
def test_the_childs_postal_code_decides_the_district(client, sodermalm):
    PostalArea.objects.create(postal_code="11846", district=sodermalm)
    child = {"first_name": "Bo", "last_name": "Test", "address": "Götgatan 1, 118 46 Stockholm"}
    answer = post(client, CONCERN_URL, concern_body(child=child, district="jarva"))
    assert answer.status_code == 201, answer.content
    report = Report.objects.get(case__submissions__reference=answer.json()["reference"])
    assert report.district == sodermalm
    assert report.child.identity_kind == "unknown"


@pytest.mark.django_db
def test_the_same_key_again_answers_the_same_receipt_and_stores_one_report(client):
    key = str(uuid.uuid4())
    body = concern_body()
    first = post(client, CONCERN_URL, body, key)
    second = post(client, CONCERN_URL, body, key)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["reference"] == second.json()["reference"]
    assert Submission.objects.filter(idempotency_key=key).count() == 1
    assert Report.objects.filter(channel=Channel.ESERVICE).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reporter": {"kind": "professional", "name": "Eva"}}, "organisation"),
        ({"reporter": {"kind": "robot"}}, "reporter.kind"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"district": None, "child": {"first_name": "Bo"}}, "district"),
        ({"child": {"personal_identity_number": "20140517-0000", "first_name": "A"}}, "child"),
        ({"description": "Text med \u202e bidi"}, "description"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_stores_nothing(client, change, field):
    answer = post(client, CONCERN_URL, concern_body(**change), str(uuid.uuid4()))
    assert answer.status_code == 400, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    assert any(name.startswith(field) or field in name for name in answer.json()["errors"])
    assert not Submission.objects.exists() and not Report.objects.exists()


@pytest.mark.django_db
def test_too_many_submissions_from_one_client_answer_429(client, settings):
    settings.SKYDDSNAT_ESERVICE_RATE = "2/h"
    codes = [post(client, CONCERN_URL, concern_body()).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Submission.objects.count() == 2
    # The forms share the budget: the page says it in Swedish.
    page = client.post("/e-tjanst/orosanmalan/", {})
    assert page.status_code == 429 and "För många" in page.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_key_twice_at_once_stores_one_submission():
    key = str(uuid.uuid4())
    body = concern_body()

    def attempt(_index: int):
        return post(Client(), CONCERN_URL, body, key)

    results = race(2, attempt)
    assert all(not isinstance(r, BaseException) for r in results), results
    assert sorted(r.status_code for r in results) == [200, 201]
    assert len({r.json()["reference"] for r in results}) == 1
    assert Submission.objects.filter(idempotency_key=key).count() == 1
    assert Report.objects.count() == 1
    connections.close_all()


def citizen_client(pin: str, name: str = "Karin Testsson") -> Client:
    client = Client()
    session = client.session
    session[CITIZEN_SESSION_KEY] = session_data(
        Citizen(subject=f"sub-{pin}", personal_identity_number=pin, name=name)
    )
    session.save()
    return client


@pytest.mark.django_db
def test_an_lss_application_needs_a_signed_in_citizen(client):
    answer = post(client, LSS_URL, {"applicant_role": "person", "interventions": ["lss_9_4"]})
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_guardian_applies_for_a_child_and_it_lands_with_the_lss_unit():
    from skyddsnat.cases.models import InterventionType

    code = InterventionType.objects.filter(case_kind="lss", lss_rule__paragraph=6).get().code
    client = citizen_client(new_identity_number(dt.date(1985, 2, 3)))
    body = {
        "applicant_role": "guardian",
        "child": {
            "personal_identity_number": new_identity_number(dt.date(2015, 6, 1)),
            "first_name": "Nils",
            "last_name": "Testsson",
        },
        "interventions": [code],
        "district": "jarva",
    }
    key = str(uuid.uuid4())
    answer = post(client, LSS_URL, body, key)
    assert answer.status_code == 201, answer.content
    application = Application.objects.get()
    assert application.channel == "eservice" and application.registered_by is None
    assert application.case.unit.kind == "lss" and application.case.district.slug == "jarva"
    assert application.applicant_name == "Karin Testsson"
    assert post(client, LSS_URL, body, key).json()["reference"] == answer.json()["reference"]
    assert Application.objects.count() == 1


# --- The forms ---


def form_data(**overrides) -> dict:
    data = {
        "issued": spam.issue_token(time.time() - 60),
        "submission_key": str(uuid.uuid4()),
        "website": "",
        "reporter_kind": "anonymous",
        "first_name": "Alva",
        "last_name": "Testsson",
        "district": "",
        "description": "Jag hör skrik från grannlägenheten varje kväll.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_concern_form_stores_once_and_shows_the_receipt(client, jarva):
    data = form_data(district=str(jarva.pk))
    page = client.get("/e-tjanst/orosanmalan/")
    assert page.status_code == 200 and "Gör en orosanmälan" in page.content.decode()
    sent = client.post("/e-tjanst/orosanmalan/", data)
    assert sent.status_code == 302, sent.content.decode()
    again = client.post("/e-tjanst/orosanmalan/", data)
    assert again["Location"] == sent["Location"]
    assert Submission.objects.count() == 1 and Report.objects.count() == 1
    receipt = client.get(sent["Location"]).content.decode()
    reference = Submission.objects.get().reference
    assert reference in receipt and "Vad händer nu" in receipt
    # Another browser does not see the receipt by its reference.
    assert Client().get(sent["Location"]).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"website": "http://spam.example"}, "kunde inte skickas"),
        ({"issued": 0}, "för snabbt"),
        ({"issued": 5 * 3600}, "för länge"),
        ({"issued": "forged"}, "kunde inte skickas"),
        ({"description": ""}, "obligatoriskt"),
    ],
)
def test_a_refused_form_stores_nothing_and_says_what_to_do(client, jarva, change, message):
    if isinstance(change.get("issued"), int):
        # Seconds before now that the form was shown: signed at the test's own moment.
        change = {"issued": spam.issue_token(time.time() - change["issued"])}
    answer = client.post("/e-tjanst/orosanmalan/", form_data(district=str(jarva.pk), **change))
    assert answer.status_code == 400
    assert message.lower() in answer.content.decode().lower()
    assert not Submission.objects.exists() and not Report.objects.exists()


@pytest.mark.django_db
def test_the_help_form_lands_with_the_districts_reception(client, jarva):
    data = {
        "issued": spam.issue_token(time.time() - 60),
        "submission_key": str(uuid.uuid4()),
        "about": "my_child",
        "name": "Karin Testsson",
        "phone": "070-000 00 00",
        "district": str(jarva.pk),
        "description": "Vi behöver stöd i föräldraskapet.",
    }
    sent = client.post("/e-tjanst/hjalp/", data)
    assert sent.status_code == 302, sent.content.decode()
    request = HelpRequest.objects.get()
    assert request.unit.district == jarva and request.unit.kind == "children"


@pytest.mark.django_db
def test_the_lss_page_without_sign_in_says_how_to_sign_in(client):
    page = client.get("/e-tjanst/lss/").content.decode()
    assert "/e-tjanst/logga-in/" in page and '<form method="post" novalidate>' not in page


@pytest.mark.django_db
def test_english_is_a_choice_on_the_public_pages_only(client, manager):
    assert "Kontakta socialtjänsten" in client.get("/e-tjanst/").content.decode()
    switched = client.post("/e-tjanst/sprak/", {"language": "en", "next": "/e-tjanst/"})
    assert switched.status_code == 302
    page = client.get("/e-tjanst/")
    assert "Contact the social services" in page.content.decode()
    assert '<html lang="en">' in page.content.decode()
    client.force_login(manager)
    staff_page = client.get("/ko/").content.decode()
    assert '<html lang="sv">' in staff_page and "Varje läsning" in staff_page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_receipt_by_email_holds_nothing_of_the_matter(client, empty_queue, smtp):  # noqa: F811
    body = concern_body(
        reporter={
            "kind": "professional",
            "name": "Eva Lärare",
            "organisation": "Rinkebyskolan",
            "email": "eva@skola.example",
        }
    )
    answer = post(client, CONCERN_URL, body, str(uuid.uuid4()))
    assert answer.status_code == 201
    run_worker()
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    text = mail.get_body().get_content()
    assert answer.json()["reference"] in text and answer.json()["reference"] in mail["Subject"]
    for secret in ("Alva", "Testsson", "slagen", body["child"]["personal_identity_number"]):
        assert secret not in text and secret not in mail["Subject"]
    assert smtp.envelopes[0][1] == ["eva@skola.example"]
    submission = Submission.objects.get()
    assert submission.receipt_sent_at is not None and submission.receipt_email == ""
    run_worker()
    assert len(smtp.messages) == 1


# --- Attachments ---

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.django_db
def test_an_attachment_checked_by_content_reaches_only_staff_who_see_the_case(
    client, jarva, manager, outsider
):
    from skyddsnat.audit.models import AuditEntry
    from skyddsnat.eservices.models import Attachment

    data = form_data(district=str(jarva.pk), attachment=upload("foto.png", PNG))
    sent = client.post("/e-tjanst/orosanmalan/", data)
    assert sent.status_code == 302, sent.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and bytes(attachment.content) == PNG
    url = f"/e-tjanst/bilagor/{attachment.pk}/"

    # Never served back to the public: the sender's own browser is sent to the staff sign-in.
    assert client.get(url).status_code == 302
    staff = Client()
    staff.force_login(outsider)
    assert staff.get(url).status_code == 404
    staff.force_login(manager)
    page = staff.get(f"/arenden/{attachment.submission.case_id}/").content.decode()
    assert url in page
    answer = staff.get(url)
    assert answer.status_code == 200 and answer.content == PNG
    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(
        action="eservices.attachment.read",
        user_id=manager.pk,
        case_id=attachment.submission.case_id,
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.png", b"<html><script>alert(1)</script></html>", "kontrolleras utifrån innehållet"),
        ("brev.pdf", b"MZ\x90\x00" + b"\x00" * 60, "kontrolleras utifrån innehållet"),
        ("stor.png", PNG + b"\x00" * 2000, "för stor"),
    ],
    ids=["html-named-png", "exe-named-pdf", "too-large"],
)
def test_a_refused_attachment_stores_nothing(client, jarva, settings, name, content, message):
    settings.SKYDDSNAT_ESERVICE_ATTACHMENT_BYTES = 1024
    data = form_data(district=str(jarva.pk), attachment=upload(name, content))
    answer = client.post("/e-tjanst/orosanmalan/", data)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Submission.objects.exists() and not Report.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_citizen_applies_through_the_lss_form_and_staff_see_the_badge(officer):  # noqa: F811
    from skyddsnat.cases.models import InterventionType

    companion = InterventionType.objects.get(code="lss-companion")
    client = citizen_client(new_identity_number(dt.date(1990, 4, 5)), name="Maja Testsson")
    page = client.get("/e-tjanst/lss/").content.decode()
    assert "Maja Testsson" in page and 'name="interventions"' in page
    data = {
        "issued": spam.issue_token(time.time() - 60),
        "submission_key": str(uuid.uuid4()),
        "applicant_role": "person",
        "interventions": [companion.pk],
        "district": str(District.objects.get(slug="jarva").pk),
    }
    sent = client.post("/e-tjanst/lss/", data)
    assert sent.status_code == 302, sent.content.decode()
    application = Application.objects.get()
    assert application.case.person.first_name == "Maja" and application.channel == "eservice"
    staff = Client()
    staff.force_login(officer)
    listing = staff.get("/lss/").content.decode()
    assert application.case.reference in listing and "E-tjänst" in listing
