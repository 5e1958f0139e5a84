"""What production needs beyond the pages: Swedish error pages with DEBUG off, the load balancer's
health checks, the client's address in the audit log behind a trusted proxy, and a configuration
that `check --deploy` passes and that refuses to start without its keys."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.urls import reverse

from conftest import PASSWORD
from skyddsnat.audit.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ["Not Found", "Forbidden", "Server Error", "CSRF verification failed", "Page not found"]


def assert_swedish_page(response, heading: str) -> None:
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert '<html lang="sv">' in page
    assert "Till startsidan" in page
    for english in ENGLISH:
        assert english not in page
    assert "Developer detail" not in page


def test_the_suite_runs_with_debug_off():
    """Django shows its own technical pages with DEBUG on; the error pages are tested without."""
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_an_unknown_address_answers_the_swedish_404_page(client, caseworker):
    client.force_login(caseworker)

    response = client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert response.status_code == 404
    assert_swedish_page(response, "Sidan finns inte")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="skyddsnat.tests.error_urls")
def test_a_refusal_answers_the_swedish_403_page(client, caseworker):
    client.force_login(caseworker)

    response = client.get("/test-refuse/")

    assert response.status_code == 403
    assert_swedish_page(response, "Inte tillåtet")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="skyddsnat.tests.error_urls")
def test_a_failure_answers_the_swedish_500_page(caseworker):
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)

    response = client.get("/test-fail/")

    assert response.status_code == 500
    assert_swedish_page(response, "Något gick fel")


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_answers_the_swedish_page(caseworker):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/login/", {"username": caseworker.username, "password": PASSWORD})

    assert response.status_code == 403
    assert_swedish_page(response, "Formuläret kunde inte skickas")
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_healthz_answers_without_signing_in_and_writes_nothing(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not AuditEntry.objects.exists()


def a_job_worker_reports(seconds_ago: int = 0) -> None:
    """A row of procrastinate's worker table, as a running worker keeps it (its heartbeat)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat)"
            " VALUES (now() - make_interval(secs => %s))",
            [seconds_ago],
        )


@pytest.mark.django_db
def test_readyz_reports_the_database_the_migrations_and_the_job_worker(client):
    a_job_worker_reports()

    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_readyz_is_unavailable_without_a_live_job_worker(client):
    assert client.get(reverse("readyz")).json()["checks"]["worker"] == "stopped"

    # A worker whose heartbeat stopped (killed, its host gone) counts as none.
    a_job_worker_reports(seconds_ago=settings.SKYDDSNAT_WORKER_STALE_SECONDS + 5)
    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "ok", "worker": "stopped"},
    }


@pytest.mark.django_db
def test_readyz_is_unavailable_while_a_migration_is_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="drafts").order_by("-applied").first().delete()

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_sent_to_https_but_the_health_checks_answer(client):
    a_job_worker_reports()
    assert client.get("/login/").status_code == 301
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("readyz")).status_code == 200


def read_the_case_from(case_id: int, user, **meta) -> AuditEntry:
    client = Client(**meta)
    client.force_login(user)
    assert client.get(reverse("cases-case-detail", args=[case_id])).status_code == 200
    return AuditEntry.objects.filter(action="cases.case.read", user_id=user.pk).latest("pk")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("remote", "recorded"),
    [("10.0.0.2", "198.51.100.7"), ("192.0.2.44", "192.0.2.44")],
    ids=["from-the-trusted-proxy", "spoofed-from-elsewhere"],
)
@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.2"])
def test_the_audit_entry_carries_the_client_forwarded_only_by_a_trusted_proxy(
    caseworker, make_report, remote, recorded
):
    report = make_report(caseworker)

    entry = read_the_case_from(
        report.case_id, caseworker, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert entry.ip_address == recorded


def production_env(**overrides: str) -> dict[str, str]:
    """This process's environment without its development and test settings (a browser test in
    the same worker sets DJANGO_ALLOW_ASYNC_UNSAFE), with production's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SKYDDSNAT_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="skyddsnat.settings",
        SKYDDSNAT_SECRET_KEY=secrets.token_urlsafe(64),
        SKYDDSNAT_PSEUDONYM_KEY=secrets.token_urlsafe(48),
        SKYDDSNAT_ALLOWED_HOSTS="skyddsnat.kommun.example",
        SKYDDSNAT_TRUSTED_PROXIES="10.0.0.2,10.1.0.0/24",
        SKYDDSNAT_CACHE_URL="redis://127.0.0.1:6379/1",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_production_configuration_passes_check_deploy():
    checked = manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues (0 silenced)" in checked.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SKYDDSNAT_SECRET_KEY": ""}, "Set SKYDDSNAT_SECRET_KEY"),
        ({"SKYDDSNAT_PSEUDONYM_KEY": ""}, "Set SKYDDSNAT_PSEUDONYM_KEY"),
        ({"SKYDDSNAT_TRUSTED_PROXIES": "10.0.0.300"}, "does not appear to be an IPv4 or IPv6"),
        ({"SKYDDSNAT_PSEUDONYM_KEY": "kort-nyckel"}, "SKYDDSNAT_PSEUDONYM_KEY is too short"),
        ({"SKYDDSNAT_AUDIT_KEY": "x" * 31}, "SKYDDSNAT_AUDIT_KEY is too short"),
        ({"SKYDDSNAT_PSEUDONYM_KEY": "s" * 64, "SKYDDSNAT_SECRET_KEY": "s" * 64}, "must differ"),
    ],
    ids=[
        "secret-key",
        "pseudonym-key",
        "proxy-typo",
        "short-pseudonym-key",
        "short-audit-key",
        "shared-key",
    ],
)
def test_production_refuses_to_start_without_its_keys_or_with_a_bad_proxy(overrides, message):
    checked = manage(production_env(**overrides), "check")

    assert checked.returncode != 0
    assert message in checked.stderr
