"""The one way a page runs an action (`cases.actions.form_action`): what each outcome answers."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from skyddsnat.cases.actions import form_action, posted_version, unplaced_errors
from skyddsnat.cases.models import Case, CaseChange
from skyddsnat.cases.services import CaseConflict, case_record_change, case_write

# The service call runs in a transaction, as every write does.
pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    text = forms.CharField()
    on = forms.CharField(required=False)

    field_map = {"written_on": "on"}


def post(data: dict) -> object:
    request = RequestFactory().post("/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def failed(form: forms.Form, status: int) -> HttpResponse:
    response = HttpResponse(status=status)
    response.form = form  # type: ignore[attr-defined]
    return response


def run(data: dict, call, **options) -> HttpResponse:
    request = post(data)
    response = form_action(
        request, NoteForm(data), call, failed=failed, redirect_to="/done/", **options
    )
    response.request_messages = [str(m) for m in get_messages(request)]  # type: ignore[attr-defined]
    return response


def test_it_runs_the_service_and_redirects_with_the_message():
    seen = []
    response = run({"text": "hej"}, seen.append, success="Saved.")
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert seen == [{"text": "hej", "on": ""}]
    assert response.request_messages == ["Saved."]


def test_it_answers_400_with_the_form_when_the_form_is_invalid():
    called = []
    response = run({}, called.append)
    assert response.status_code == 400
    assert "text" in response.form.errors
    assert called == []


def test_it_puts_a_services_error_on_the_field_the_form_calls_it():
    def call(data):
        raise ValidationError({"written_on": "Not in the future."})

    response = run({"text": "hej"}, call)
    assert response.status_code == 400
    assert response.form.errors["on"] == ["Not in the future."]


def test_it_answers_409_when_the_write_lost_a_race():
    def call(data):
        raise CaseConflict("Already decided.")

    response = run({"text": "hej"}, call)
    assert response.status_code == 409
    assert response.form.non_field_errors() == ["Already decided."]


def test_it_answers_403_with_the_reason_when_the_action_is_not_the_users():
    def call(data):
        raise PermissionDenied("No delegation.")

    response = run({"text": "hej"}, call)
    assert response.status_code == 403
    assert response.form.non_field_errors() == ["No delegation."]


def test_it_refuses_a_post_from_an_older_view_of_the_case(caseworker, make_report):
    case = make_report(caseworker).case
    shown = case.version
    with case_write(case.pk) as locked:
        case_record_change(case=locked, user=caseworker, change=CaseChange.DECISION)
    called = []
    response = run({"text": "hej", "version": str(shown)}, called.append, case=case.pk)
    assert response.status_code == 409
    assert called == []
    assert Case.objects.get(pk=case.pk).version == shown + 1
    # Without the check (a journal entry never conflicts) it goes through.
    response = run(
        {"text": "hej", "version": str(shown)}, called.append, case=case.pk, stale_check=False
    )
    assert response.status_code == 302


def test_a_mangled_version_counts_as_an_old_view():
    assert posted_version(post({"version": "7"})) == 7
    assert posted_version(post({})) is None
    assert posted_version(post({"version": "x1"})) == -1


def test_errors_of_a_form_the_page_no_longer_shows_become_messages():
    request = post({})
    form = NoteForm({})
    form.is_valid()
    unplaced_errors(request, {"gone": form, "shown": NoteForm({})}, {"shown"})
    assert [str(m) for m in get_messages(request)] == [str(form.errors["text"][0])]
