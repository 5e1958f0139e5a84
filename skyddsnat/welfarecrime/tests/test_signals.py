"""Welfare-crime signals and their assessment (issue 10 point 7, Lag 2008:206): own district
only, a hidden signal answers like a missing one, one assessment per signal (two at once: one
wins), odd input stores nothing, the register's CSV escapes formulas, reads are audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import new_identity_number, race
from skyddsnat.api.tests.test_races import statuses, token_client
from skyddsnat.audit.models import AuditEntry
from skyddsnat.welfarecrime.models import Assessment, Signal
from skyddsnat.welfarecrime.services import signal_assess, signal_register

URL = "/api/v1/welfare-crime/signals/"
TODAY = timezone.localdate


def body(**changes):
    data = {
        "district": "jarva",
        "received_on": (TODAY() - dt.timedelta(days=10)).isoformat(),
        "source": "own_case",
        "benefit": "housing_allowance",
        "authority": "forsakringskassan",
        "description": "Uppgifter om boendet stämmer inte med ansökan.",
    }
    data.update(changes)
    return data


def assessment_url(signal_id):
    return f"{URL}{signal_id}/assessment/"


def _signal(user, **changes):
    data = {
        "received_on": TODAY() - dt.timedelta(days=10),
        "source": "tip",
        "benefit": "parental_benefit",
        "authority": "forsakringskassan",
        "description": "Tips om felaktig föräldrapenning.",
    }
    data.update(changes)
    return signal_register(user=user, **data)


def test_it_registers_a_signal_naming_a_person(api_for, officer):
    number = new_identity_number(dt.date(1985, 6, 1))
    answer = api_for(officer).post(
        URL,
        body(personal_identity_number=number, first_name="Eva", last_name="Prov"),
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert set(answer.json()) == {"id"}
    signal = Signal.objects.get(pk=answer.json()["id"])
    assert signal.person.personal_identity_number == number
    assert signal.district.slug == "jarva" and signal.authority == "forsakringskassan"
    assert AuditEntry.objects.filter(
        action="welfarecrime.signal.create", person_id=signal.person_id
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"district": "sodermalm"}, "district"),
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"authority": "skatteverket"}, "authority"),
        ({"benefit": ""}, "benefit"),
        ({"description": ""}, "description"),
        ({"description": "Text\u0000med NUL"}, "description"),
        (
            {"personal_identity_number": "19850601-1234", "first_name": "A", "last_name": "B"},
            "personal_identity_number",
        ),
        ({"first_name": "Eva"}, "personal_identity_number"),
    ],
)
def test_odd_input_answers_400_naming_the_field_and_stores_nothing(
    api_for, officer, changes, field
):
    answer = api_for(officer).post(URL, body(**changes), format="json")
    assert answer.status_code == 400, answer.content
    assert field in str(answer.json())
    assert not Signal.objects.exists()


def test_a_notification_is_recorded_with_its_date_and_recipient(api_for, officer):
    signal = _signal(officer)
    notified = TODAY() - dt.timedelta(days=3)
    answer = api_for(officer).post(
        assessment_url(signal.pk),
        {"notify": True, "notified_on": notified.isoformat(), "recipient": "forsakringskassan"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["days_to_notification"] == 7
    assessment = Assessment.objects.get(signal=signal)
    assert assessment.notify and assessment.notified_on == notified
    again = api_for(officer).post(
        assessment_url(signal.pk), {"notify": False, "reason": "Ändrat mig."}, format="json"
    )
    assert again.status_code == 409
    assert Assessment.objects.get(signal=signal).notify


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"notify": True, "recipient": "csn"}, "notified_on"),
        ({"notify": True, "notified_on": "2000-01-01", "recipient": "csn"}, "notified_on"),
        ({"notify": True, "notified_on": "{today}"}, "recipient"),
        ({"notify": False}, "reason"),
        ({"notify": False, "reason": "Ingen grund.", "recipient": "csn"}, "notify"),
        ({"notify": "kanske"}, "notify"),
    ],
)
def test_an_incomplete_assessment_answers_400_and_stores_nothing(api_for, officer, data, field):
    signal = _signal(officer)
    data = {k: (TODAY().isoformat() if v == "{today}" else v) for k, v in data.items()}
    answer = api_for(officer).post(assessment_url(signal.pk), data, format="json")
    assert answer.status_code == 400, answer.content
    assert field in str(answer.json())
    assert not Assessment.objects.exists()


def test_a_reason_not_to_notify_is_recorded(officer):
    signal = _signal(officer)
    assessment = signal_assess(
        user=officer, signal=signal, notify=False, reason="Utbetalningen var korrekt."
    )
    assert not assessment.notify and assessment.notified_on is None
    assert assessment.days_to_notification is None


def test_another_districts_signal_answers_like_a_missing_one(api_for, officer, other_officer):
    signal = _signal(officer)
    api = api_for(other_officer)
    hidden = api.post(assessment_url(signal.pk), {"notify": False, "reason": "x"}, format="json")
    missing = api.post(assessment_url(987654321), {"notify": False, "reason": "x"}, format="json")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() | {"instance": ""} == missing.json() | {"instance": ""}
    assert not Assessment.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_assessments_at_once_record_one(api_for, officer):
    signal = _signal(officer)
    client = token_client(api_for, officer)
    clients = [client() for _ in range(8)]

    def assess(i):
        data = (
            {"notify": True, "notified_on": TODAY().isoformat(), "recipient": "csn"}
            if i % 2
            else {"notify": False, "reason": f"Skäl {i}."}
        )
        return clients[i].post(assessment_url(signal.pk), data, format="json")

    results = race(8, assess)
    assert statuses(results) == [200] + [409] * 7, [r.content for r in results]
    assert Assessment.objects.filter(signal=signal).count() == 1


def test_the_register_shows_the_own_district_and_audits_it(client, officer, other_officer):
    mine = _signal(
        officer,
        personal_identity_number=new_identity_number(dt.date(1980, 1, 1)),
        first_name="Lo",
        last_name="Järvinen",
    )
    _signal(other_officer, description="Södermalms signal om studiemedel.")
    client.force_login(officer)
    page = client.get(reverse("welfarecrime-register")).content.decode()
    assert "Järvinen" in page and "Södermalm" not in page.split("<h1>")[1].split("</h1>")[1]
    entry = AuditEntry.objects.filter(
        action="welfarecrime.register.list", user_id=officer.pk
    ).last()
    assert entry is not None and mine.person_id in entry.person_ids
    detail = client.get(reverse("welfarecrime-signal-detail", args=[mine.pk]))
    assert detail.status_code == 200 and "Järvinen" in detail.content.decode()
    client.force_login(other_officer)
    assert client.get(reverse("welfarecrime-signal-detail", args=[mine.pk])).status_code == 404


def test_the_register_export_escapes_formulas(client, officer):
    _signal(officer, description='=HYPERLINK("http://example.invalid","klicka")')
    _signal(officer, description="+46 70 000 00 00 ringde")
    client.force_login(officer)
    answer = client.get(reverse("welfarecrime-register-export"), {"year": TODAY().year})
    assert answer.status_code == 200
    text = answer.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    assert "'+46 70" in text
    assert AuditEntry.objects.filter(
        action="welfarecrime.register.export", user_id=officer.pk
    ).exists()


def test_the_page_assesses_a_signal(client, officer, manager):
    signal = _signal(officer)
    url = reverse("welfarecrime-signal-assess", args=[signal.pk])
    client.force_login(manager)  # the manager reads the register, and does not assess
    assert client.get(reverse("welfarecrime-register")).status_code == 200
    assert client.post(url, {"notify": "0", "reason": "x"}).status_code == 404
    client.force_login(officer)
    answer = client.post(url, {"notify": "0", "reason": ""})
    assert answer.status_code == 400 and not Assessment.objects.exists()
    answer = client.post(
        url, {"notify": "0", "reason": "Korrekt utbetalt.", "notified_on": TODAY().isoformat()}
    )
    assert answer.status_code == 302, answer.content.decode()
    assert Assessment.objects.get(signal=signal).reason == "Korrekt utbetalt."
    assert client.post(url, {"notify": "0", "reason": "Igen."}).status_code == 409


def test_the_pages_are_not_there_for_other_roles(client, caseworker, politician, outsider):
    for user in (caseworker, politician):
        client.force_login(user)
        assert client.get(reverse("welfarecrime-register")).status_code == 404
        assert client.get(reverse("welfarecrime-signal-create")).status_code == 404


def test_the_signal_page_registers_and_refuses_odd_input(client, officer):
    client.force_login(officer)
    url = reverse("welfarecrime-signal-create")
    assert client.get(url).status_code == 200
    form = {
        "received_on": TODAY().isoformat(),
        "source": "authority",
        "benefit": "student_aid",
        "authority": "csn",
        "description": "CSN har hört av sig.",
    }
    for odd in (
        {"description": "Dold\u202etext"},
        {"received_on": "0001-01-01"},
        {"personal_identity_number": "12345", "first_name": "A", "last_name": "B"},
        {"authority": "skatteverket"},
    ):
        answer = client.post(url, {**form, **odd})
        assert answer.status_code == 400, odd
    assert not Signal.objects.exists()
    answer = client.post(url, form)
    assert answer.status_code == 302
    signal = Signal.objects.get()
    assert answer["Location"] == reverse("welfarecrime-signal-detail", args=[signal.pk])
    assert signal.person is None
