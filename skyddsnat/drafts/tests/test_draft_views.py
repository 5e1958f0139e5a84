"""The draft endpoints: save, restore, discard, who may use them, what is kept, what is logged."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.forms import journal_key
from skyddsnat.children.forms import REPORT_KEY
from skyddsnat.drafts.models import Draft

DESCRIPTION = "Skolan ringde om Alvas frånvaro, tredje veckan i rad."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save(client: Client, key: str, data: dict):
    return client.post(f"{reverse('drafts-save')}?key={key}", data)


def restore(client: Client, key: str):
    return client.get(f"{reverse('drafts-restore')}?key={key}")


def discard(client: Client, key: str):
    return client.post(f"{reverse('drafts-discard')}?key={key}")


def restored_data(response) -> dict:
    found = re.search(r'<script type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(found.group(1)) if found else {}


def test_a_saved_draft_is_restored_and_discarded(caseworker):
    client = client_for(caseworker)

    saved = save(client, REPORT_KEY, {"description": DESCRIPTION, "first_name": "Alva"})
    assert saved.status_code == 200
    assert "Utkast sparat" in saved.content.decode()

    restored = restore(client, REPORT_KEY)
    assert restored.status_code == 200
    assert restored_data(restored) == {"description": DESCRIPTION, "first_name": "Alva"}
    assert "Ett sparat utkast har återställts" in restored.content.decode()
    assert "Släng utkast" in restored.content.decode()

    assert discard(client, REPORT_KEY).status_code == 200
    assert not Draft.objects.filter(user=caseworker).exists()
    assert restored_data(restore(client, REPORT_KEY)) == {}


def test_a_later_save_replaces_the_draft(caseworker):
    client = client_for(caseworker)
    save(client, REPORT_KEY, {"description": "Första"})
    save(client, REPORT_KEY, {"description": "Andra"})

    assert Draft.objects.get(user=caseworker, key=REPORT_KEY).data == {"description": "Andra"}


def test_only_the_author_reads_a_draft(caseworker, colleague):
    save(client_for(caseworker), REPORT_KEY, {"description": DESCRIPTION})

    response = restore(client_for(colleague), REPORT_KEY)

    assert response.status_code == 200
    assert restored_data(response) == {}
    assert DESCRIPTION not in response.content.decode()


def test_another_caseworkers_journal_draft_of_the_same_case_is_invisible(
    caseworker, colleague, make_report
):
    case = make_report(caseworker).case
    save(client_for(caseworker), journal_key(case.pk), {"text": "Samtal med mamma."})

    response = restore(client_for(colleague), journal_key(case.pk))

    assert response.status_code == 200
    assert restored_data(response) == {}
    assert Draft.objects.filter(user=colleague).count() == 0


def test_a_journal_draft_of_a_case_one_cannot_see_answers_404(caseworker, outsider, make_report):
    case = make_report(caseworker).case
    client = client_for(outsider)

    assert save(client, journal_key(case.pk), {"text": "Något"}).status_code == 404
    assert restore(client, journal_key(case.pk)).status_code == 404
    assert discard(client, journal_key(case.pk)).status_code == 404
    assert save(client, journal_key(999_999), {"text": "Något"}).status_code == 404
    assert not Draft.objects.exists()


def test_a_journal_draft_round_trips_for_the_caseworker(caseworker, make_report):
    case = make_report(caseworker).case
    client = client_for(caseworker)

    assert save(client, journal_key(case.pk), {"text": "Samtal med skolan."}).status_code == 200

    assert restored_data(restore(client, journal_key(case.pk))) == {"text": "Samtal med skolan."}


@pytest.mark.parametrize(
    "key",
    [
        "",
        "children.other",
        "cases.journal:",
        "cases.journal:01",
        "cases.journal:²",  # a digit to str.isdigit, not to int()
        "cases.journal:" + "9" * 5000,  # longer than int() converts
        "cases.journal:" + "9" * 19,  # beyond a bigint
    ],
)
def test_an_unknown_form_answers_404(caseworker, key):
    assert save(client_for(caseworker), key, {"description": "x"}).status_code == 404


def test_roles_without_cases_have_no_drafts(politician, auditor):
    for user in (politician, auditor):
        client = client_for(user)
        assert save(client, REPORT_KEY, {"description": "x"}).status_code == 404
        assert restore(client, REPORT_KEY).status_code == 404
    assert not Draft.objects.exists()


def test_unknown_fields_are_dropped(caseworker):
    client = client_for(caseworker)

    save(
        client,
        REPORT_KEY,
        {"description": DESCRIPTION, "csrfmiddlewaretoken": "abc", "is_synthetic": "false"},
    )

    assert Draft.objects.get(user=caseworker).data == {"description": DESCRIPTION}


def test_bad_input_is_refused_and_changes_nothing(caseworker):
    client = client_for(caseworker)
    save(client, REPORT_KEY, {"description": DESCRIPTION})

    only_unknown = save(client, REPORT_KEY, {"is_synthetic": "false"})
    twice = save(client, REPORT_KEY, {"description": ["a", "b"]})
    too_long = save(client, REPORT_KEY, {"first_name": "x" * 101})

    assert [only_unknown.status_code, twice.status_code, too_long.status_code] == [400, 400, 400]
    assert Draft.objects.get(user=caseworker).data == {"description": DESCRIPTION}


def test_a_body_over_the_upload_limit_is_refused(caseworker, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = client_for(caseworker)

    response = save(client, REPORT_KEY, {"description": "x" * 2048})

    assert response.status_code == 400
    assert not Draft.objects.exists()


def test_only_the_first_save_and_each_restore_are_logged(caseworker, make_report):
    case = make_report(caseworker).case
    client = client_for(caseworker)
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    for text in ("S", "Sa", "Sam", "Samtal"):
        save(client, journal_key(case.pk), {"text": text})
    restore(client, journal_key(case.pk))
    discard(client, journal_key(case.pk))

    logged = list(
        AuditEntry.objects.filter(pk__gt=before, user_id=caseworker.pk)
        .order_by("pk")
        .values_list("action", "case_id")
    )
    assert logged == [("drafts.draft.create", case.pk), ("drafts.draft.restore", case.pk)]


def test_a_draft_saved_again_after_a_discard_is_logged_as_created_again(caseworker):
    client = client_for(caseworker)
    save(client, REPORT_KEY, {"description": "Ett"})
    discard(client, REPORT_KEY)
    save(client, REPORT_KEY, {"description": "Två"})

    assert (
        AuditEntry.objects.filter(user_id=caseworker.pk, action="drafts.draft.create").count() == 2
    )


def test_the_endpoints_refuse_the_wrong_method(caseworker):
    client = client_for(caseworker)

    assert client.get(f"{reverse('drafts-save')}?key={REPORT_KEY}").status_code == 405
    assert client.post(f"{reverse('drafts-restore')}?key={REPORT_KEY}").status_code == 405
    assert client.get(f"{reverse('drafts-discard')}?key={REPORT_KEY}").status_code == 405
