"""A submitted form's draft is gone; a form refused by its service keeps its draft."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.cases.forms import journal_key
from skyddsnat.children.forms import REPORT_KEY
from skyddsnat.drafts.models import Draft
from skyddsnat.organisation.models import District


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_post(**overrides) -> dict:
    received = timezone.localtime() - timedelta(hours=1)
    data = {
        "personal_identity_number": new_identity_number(),
        "first_name": "Alva",
        "last_name": "Testsson",
        "district": District.objects.get(slug="jarva").pk,
        "received_date": f"{received:%Y-%m-%d}",
        "received_time": f"{received:%H:%M}",
        "reporter_type": "professional",
        "reporter_name": "",
        "description": "Skolan oroar sig.",
    }
    data.update(overrides)
    return data


def test_registering_the_report_deletes_its_draft(caseworker, colleague):
    Draft.objects.create(user=caseworker, key=REPORT_KEY, data={"description": "utkast"})
    Draft.objects.create(user=colleague, key=REPORT_KEY, data={"description": "annat"})

    response = client_for(caseworker).post(reverse("children-report-create"), report_post())

    assert response.status_code == 302
    assert list(Draft.objects.values_list("user", flat=True)) == [colleague.pk]


def test_a_refused_report_keeps_its_draft(caseworker):
    Draft.objects.create(user=caseworker, key=REPORT_KEY, data={"description": "utkast"})

    response = client_for(caseworker).post(
        reverse("children-report-create"), report_post(description="")
    )

    assert response.status_code == 400
    assert Draft.objects.filter(user=caseworker, key=REPORT_KEY).exists()


def test_saving_the_journal_entry_deletes_its_draft_only(caseworker, make_report):
    case = make_report(caseworker).case
    other = make_report(caseworker).case
    Draft.objects.create(user=caseworker, key=journal_key(case.pk), data={"text": "utkast"})
    Draft.objects.create(user=caseworker, key=journal_key(other.pk), data={"text": "annat"})
    client = client_for(caseworker)

    refused = client.post(reverse("cases-journal-create", args=[case.pk]), {"text": ""})
    assert refused.status_code == 400
    assert Draft.objects.filter(key=journal_key(case.pk)).exists()

    saved = client.post(reverse("cases-journal-create", args=[case.pk]), {"text": "Samtal."})
    assert saved.status_code == 302
    assert list(Draft.objects.values_list("key", flat=True)) == [journal_key(other.pk)]


def test_the_pages_carry_the_autosave(caseworker, make_report):
    case = make_report(caseworker).case
    client = client_for(caseworker)

    intake = client.get(reverse("children-report-create")).content.decode()
    case_page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()

    assert f"{reverse('drafts-save')}?key={REPORT_KEY}" in intake
    assert f"{reverse('drafts-save')}?key=cases.journal:{case.pk}" in case_page
