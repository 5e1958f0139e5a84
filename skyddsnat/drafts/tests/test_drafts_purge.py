"""Drafts expire after a week: not restored any more, and deleted by `drafts_purge`."""

import datetime as dt

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skyddsnat.cases.forms import journal_key
from skyddsnat.children.forms import REPORT_KEY
from skyddsnat.drafts.models import Draft


def _age(draft: Draft, days: float) -> None:
    # updated_at is auto_now: backdate it with an update, as time passing would.
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - dt.timedelta(days=days))


def test_the_purge_deletes_drafts_older_than_a_week_and_keeps_the_rest(caseworker, colleague):
    old = Draft.objects.create(user=caseworker, key=REPORT_KEY, data={"description": "gammal"})
    recent = Draft.objects.create(user=colleague, key=REPORT_KEY, data={"description": "ny"})
    _age(old, 7.1)
    _age(recent, 6.9)

    call_command("drafts_purge")

    assert list(Draft.objects.values_list("pk", flat=True)) == [recent.pk]


def test_an_expired_draft_is_not_restored_before_the_purge(caseworker, make_report):
    case = make_report(caseworker).case
    draft = Draft.objects.create(user=caseworker, key=journal_key(case.pk), data={"text": "x"})
    _age(draft, 8)
    client = Client()
    client.force_login(caseworker)

    response = client.get(f"{reverse('drafts-restore')}?key={journal_key(case.pk)}")

    assert response.status_code == 200
    assert "application/json" not in response.content.decode()
