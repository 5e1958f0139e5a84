"""Personas and setup shared by every test: a caseworker and a manager in Järva, a caseworker of
another district "who should see nothing", a politician, an analyst, an auditor and an admin.
Data is made through the services, so tests walk the real paths."""

import datetime as dt
import itertools
import os
import random
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone

from skyddsnat.lib import identity
from skyddsnat.organisation.models import SECOND_FACTOR_ROLES, District, Role, Unit, User

# The local OpenID Connect provider (`oidc_provider` fixture), for the sign-in tests.
pytest_plugins = ["skyddsnat.tests_oidc.fixtures"]

PASSWORD = "test-password-123"  # noqa: S105
_numbers = random.Random(20211123)  # noqa: S311 (synthetic test data, not secrets)


def make_user(username: str, role: str, district_slug: str | None = None, **extra) -> User:
    unit = (
        Unit.objects.get(district__slug=district_slug, kind="children") if district_slug else None
    )
    user = User.objects.create(username=username, role=role, unit=unit, **extra)
    user.set_password(PASSWORD)
    user.save()
    if role in SECOND_FACTOR_ROLES:
        # Their role requires two-step sign-in: they have an authenticator app (a confirmed TOTP
        # device; tests compute its codes with django_otp.oath.TOTP(device.bin_key)).
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)
    return user


def totp_code(username: str) -> str:
    """The current code of the user's authenticator app, computed with django-otp."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture(scope="session", autouse=True)
def _force_login_includes_the_second_factor():
    """`client.force_login(user)` (and `client.login`) stand for a finished sign-in: for a user
    with an authenticator app that includes its code, so the session is marked verified as
    django-otp does after a right code. The sign-in tests themselves post to the real pages."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    ClientMixin._login = _login
    yield
    ClientMixin._login = original


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the demo has it: migrated (national law, catalogues), then Stockholm's
    example organisation and budget loaded on top (`manage.py load_example stockholm`), once per
    test database (each xdist worker has its own). The serialized copy that transactional tests
    restore from is taken again, so that it holds Stockholm too."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_example", "stockholm", verbosity=0)
        for connection in connections.all(initialized_only=True):
            if getattr(connection, "_test_serialized_contents", None) is not None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def jarva(db) -> District:
    return District.objects.get(slug="jarva")


@pytest.fixture
def sodermalm(db) -> District:
    return District.objects.get(slug="sodermalm")


@pytest.fixture
def caseworker(db) -> User:
    return make_user("socsek.jarva", Role.CASEWORKER, "jarva", first_name="Sara", last_name="Ek")


@pytest.fixture
def colleague(db) -> User:
    """A second caseworker of the same unit."""
    return make_user("socsek2.jarva", Role.CASEWORKER, "jarva")


@pytest.fixture
def manager(db) -> User:
    return make_user("chef.jarva", Role.MANAGER, "jarva")


@pytest.fixture
def outsider(db) -> User:
    """A caseworker of another district, who should see nothing of Järva's cases."""
    return make_user("socsek.sodermalm", Role.CASEWORKER, "sodermalm")


@pytest.fixture
def politician(db) -> User:
    return make_user("politiker", Role.POLITICIAN)


@pytest.fixture
def analyst(db) -> User:
    return make_user("analytiker", Role.ANALYST)


@pytest.fixture
def auditor(db) -> User:
    return make_user("granskare", Role.AUDITOR)


@pytest.fixture
def archivist(db) -> User:
    """Approves removals under the retention rules (gallring); sees no case."""
    return make_user("arkivarie", Role.ARCHIVIST)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)


_serials = itertools.count(1)


def new_identity_number(born: dt.date = dt.date(2014, 5, 17)) -> str:
    return identity.synthetic(_numbers, born + dt.timedelta(days=next(_serials) % 3000))


@pytest.fixture
def make_report(db):
    """Register a report through the service; returns the Report."""
    from skyddsnat.children.services import report_register

    def _make(user: User, *, district: District | None = None, **overrides):
        fields = {
            "personal_identity_number": new_identity_number(),
            "first_name": "Alva",
            "last_name": "Testsson",
            "district": district or District.objects.get(slug="jarva"),
            "received_at": timezone.now() - dt.timedelta(hours=2),
            "reporter_type": "professional",
            "description": "Skolan oroar sig för barnets frånvaro.",
            "is_synthetic": True,
        }
        fields.update(overrides)
        return report_register(user=user, **fields)

    return _make


# --- Concurrency: real simultaneous requests, each thread with its own database connection ---


def race(count: int, attempt):
    """Run `attempt(i)` in `count` threads that start together (a barrier), so the requests
    really collide in PostgreSQL; returns each thread's result or the exception it raised. Each
    thread closes its own connection. Needs `django_db(transaction=True)` so the threads see the
    test's data and each other's commits."""
    import threading

    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = attempt(index)
        except BaseException as error:  # noqa: BLE001 (reported to the test, not swallowed)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


# --- Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server ---

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_trigger():
    """Transactional tests (the live-server ones) end with a flush of the test database, a
    TRUNCATE that the append-only audit log refuses by design. The test harness's flush alone lifts
    that trigger inside its own transaction and restores it before committing; the application
    never flushes, and test_append_only.py proves TRUNCATE is refused."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush
    triggers = [
        "ALTER TABLE audit_auditentry {} TRIGGER audit_entry_no_truncate",
        "ALTER TABLE audit_chainlink {} TRIGGER audit_chainlink_no_truncate",
    ]

    def execute_sql_flush(self, sql_list):
        disable = [t.format("DISABLE") for t in triggers]
        enable = [t.format("ENABLE") for t in triggers]
        return original(self, [*disable, *sql_list, *enable])

    # On the class: Django may build new connection objects after this fixture has run.
    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture
def browser_page(_django_db_helper):
    """A page in a fresh headless Chromium, started per test and stopped before the test's
    database teardown.

    Why per test: while Playwright's sync API runs, the main thread has a running event loop, so
    Django hands out different (context-local) connection objects. Starting the browser after the
    database setup, and stopping it before the flush, keeps setup and teardown on the ordinary
    connection (which holds the serialized data that serialized_rollback restores).
    """
    from playwright.sync_api import sync_playwright

    # Playwright's event loop would otherwise make Django refuse ORM calls from the test body.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        # An English-speaking browser on purpose: the UI must be Swedish whatever it asks for.
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        # Every page a browser test visits must keep to the Content-Security-Policy: Chromium
        # reports each blocked inline script or style, eval or foreign request on the console,
        # and the violation event (reported from a script injected outside the policy) names the
        # directive and where it happened.
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', function (e) {"
            " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI"
            " + ' at ' + e.sourceFile + ':' + e.lineNumber + ' on ' + document.location.pathname);"
            "});"
        )
        violations: list[str] = []

        def note_violation(message) -> None:
            text = message.text
            if "CSP violation" in text or "Content Security Policy" in text:
                violations.append(text)

        page = context.new_page()
        page.on("console", note_violation)
        yield page
        context.close()
        browser.close()
        # Close the context-local connections the test body opened, or the test database cannot
        # be dropped at the end of the run.
        connections.close_all()
    assert violations == [], violations  # noqa: S101


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture(autouse=True)
def _eservice_rate(settings):
    """The public e-services' rate limit counts per client address, and every test client is
    127.0.0.1: high enough for the access matrices' many sends (the limit's own tests lower it)."""
    settings.SKYDDSNAT_ESERVICE_RATE = "1000/h"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Nothing kept in the cache may pass from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Documents (skyddsnat.documents): every test run stores files in a directory of its own ---


@pytest.fixture(scope="session", autouse=True)
def _documents_dir(tmp_path_factory):
    from django.conf import settings

    settings.SKYDDSNAT_DOCUMENTS_DIR = tmp_path_factory.mktemp("documents")
