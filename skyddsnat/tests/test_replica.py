"""Beyond one machine, for real: a PostgreSQL primary and a streaming replica made from it with
`pg_basebackup -R -X stream`, and two app servers (`./scripts/serve`, gunicorn, production
settings) on both databases and the shared Redis.

- The follow-up area reads from the replica and nothing else does: with the replica's replay
  paused, a change on the primary is missing from the follow-up page, its API and its export
  while a caseworker's new case opens at once; the follow-up export's audit entry is written on the
  primary; once replay resumes, the follow-up pages show the change.
- The app servers keep nothing of their own: a session signed in on one is used on the other,
  where a form is posted with its CSRF token.

Both clusters are made for the test in a temporary directory (initdb, then pg_basebackup from it),
on free ports, and removed afterwards: the machine's own PostgreSQL is shared, and replication
from it needs a `replication` line in its pg_hba.conf that a test must not add. The clusters run
as the `postgres` user when the test runs as root (CI does), as PostgreSQL refuses root.
"""

import datetime as dt
import functools
import http.client
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.tests.test_behind_proxy import cookies, csrf_field, free_port, wait_for
from skyddsnat.tests.test_production import manage, production_env

pytestmark = pytest.mark.replica

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "replica-test-" + secrets.token_urlsafe(12)
HOST = "127.0.0.1"
PROBE = "Replikeringsprov"


def pg_bin() -> Path:
    """The newest installed PostgreSQL's programs (Debian: /usr/lib/postgresql/<version>/bin)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_basebackup")
    assert on_path, "PostgreSQL's server programs are needed (apt-get install postgresql)"
    return Path(on_path).parent


def as_postgres(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    """Runs a PostgreSQL program in `cwd`, as the postgres user when we are root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(  # noqa: S603 (PostgreSQL's own programs, fixed arguments)
        [*prefix, *map(str, command)], check=True, capture_output=True, text=True, cwd=cwd
    )


@dataclass
class Clusters:
    primary_port: int
    replica_port: int
    tmp: Path

    def url(self, port: int, database: str = "skyddsnat") -> str:
        return f"postgres://postgres@{HOST}:{port}/{database}"

    def sql(self, port: int, query: str, params: tuple = (), database: str = "skyddsnat") -> list:
        with psycopg.connect(self.url(port, database), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def primary(self, query: str, params: tuple = ()) -> list[tuple]:
        return self.sql(self.primary_port, query, params)

    def replica(self, query: str, params: tuple = ()) -> list[tuple]:
        return self.sql(self.replica_port, query, params)

    @contextmanager
    def replay_paused(self) -> Iterator[None]:
        """The replica stops replaying what the primary writes, for the length of the block."""
        self.replica("SELECT pg_wal_replay_pause()")
        try:
            deadline = time.monotonic() + 10
            while self.replica("SELECT pg_get_wal_replay_pause_state()") != [("paused",)]:
                assert time.monotonic() < deadline, "the replica did not pause"
                time.sleep(0.05)
            yield
        finally:
            self.replica("SELECT pg_wal_replay_resume()")

    def wait_for_replay(self) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        [(written,)] = self.primary("SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            [(behind,)] = self.replica(
                "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()) > 0", (written,)
            )
            if not behind:
                return
            time.sleep(0.05)
        raise AssertionError("the replica did not catch up within 30 s")


@pytest.fixture(scope="module")
def clusters() -> Iterator[Clusters]:
    bin_dir = pg_bin()
    tmp = Path(tempfile.mkdtemp(prefix="skyddsnat-replica-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    primary, replica = tmp / "primary", tmp / "replica"
    pg = functools.partial(as_postgres, cwd=tmp)
    ports = Clusters(primary_port=free_port(), replica_port=free_port(), tmp=tmp)
    try:
        pg(
            bin_dir / "initdb", "-D", primary, "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        # initdb's pg_hba.conf trusts local replication connections too.
        settings = (
            f"port = {ports.primary_port}\nlisten_addresses = '{HOST}'\n"
            f"unix_socket_directories = '{tmp}'\nwal_level = replica\nmax_wal_senders = 4\n"
            "fsync = off\nsynchronous_commit = off\nshared_buffers = 32MB\n"
        )
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        pg(bin_dir / "pg_ctl", "-D", primary, "-l", tmp / "primary.log", "-w", "start")
        ports.sql(ports.primary_port, "CREATE DATABASE skyddsnat", database="postgres")
        # The app's schema and some data: migrations, Stockholm's organisation, the 2021 budget,
        # demo users (with their password) and a year of small demo history.
        generated = manage(
            production_env(
                DATABASE_URL=ports.url(ports.primary_port), SKYDDSNAT_DEMO_PASSWORD=PASSWORD
            ),
            *"demo_data --migrate --seed 1 --years 1 --scale 0.002 --end-date 2026-11-01".split(),
        )
        assert generated.returncode == 0, generated.stdout + generated.stderr
        # The replica: a base backup of the running primary that streams from it (-R writes
        # standby.signal and primary_conninfo), started as a hot standby on a port of its own.
        pg(
            bin_dir / "pg_basebackup", "-h", HOST, "-p", ports.primary_port, "-U", "postgres",
            "-D", replica, "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        with (replica / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {ports.replica_port}\nhot_standby = on\n")
        pg(bin_dir / "pg_ctl", "-D", replica, "-l", tmp / "replica.log", "-w", "start")
        assert ports.replica("SELECT pg_is_in_recovery()") == [(True,)]
        yield ports
    finally:
        for data in (replica, primary):
            if (data / "postmaster.pid").exists():
                pg(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class Browser:
    """One browser's cookies against an app server, over plain HTTP as from the proxy (trusted,
    telling the app the client used HTTPS)."""

    port: int
    jar: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> http.client.HTTPResponse:
        headers = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{self.port}"}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}:{self.port}",
                "Referer": f"https://{HOST}:{self.port}{path}",
            }
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.text = response.read().decode(errors="replace")  # type: ignore[attr-defined]
        conn.close()
        for name, morsel in cookies(response).items():
            if name in ("sessionid", "csrftoken"):
                self.jar[name] = morsel.value
        return response

    def sign_in(self, username: str) -> http.client.HTTPResponse:
        page = self.request("GET", "/login/")
        assert page.status == 200, page.text
        signed_in = self.request(
            "POST",
            "/login/",
            form={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_field(page.text),
            },
        )
        assert signed_in.status == 302, signed_in.text
        return signed_in

    def on(self, port: int) -> "Browser":
        """The same browser (its cookies) sent to another app server."""
        return Browser(port=port, jar=self.jar)


@pytest.fixture(scope="module")
def app_servers(clusters) -> Iterator[tuple[int, int]]:
    """Two app servers, as two machines behind the proxy would run them."""
    ports = free_port(), free_port()
    env = production_env(
        DATABASE_URL=clusters.url(clusters.primary_port),
        DATABASE_REPLICA_URL=clusters.url(clusters.replica_port),
        SKYDDSNAT_ALLOWED_HOSTS=HOST,
        SKYDDSNAT_TRUSTED_PROXIES=HOST,
        SKYDDSNAT_CACHE_URL="redis://127.0.0.1:6379/1",
        SKYDDSNAT_WORKERS="1",
    )
    # Collected once here, so the two servers start side by side without copying the same files.
    collected = manage(env, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    servers = []
    try:
        for port in ports:
            log = clusters.tmp / f"app-{port}.log"
            with log.open("w") as out:
                servers.append(
                    subprocess.Popen(  # noqa: S603 (our own script)
                        [str(ROOT / "scripts" / "serve")],
                        cwd=ROOT,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        env={**env, "SKYDDSNAT_BIND": f"{HOST}:{port}"},
                    )
                )
        for port, server in zip(ports, servers, strict=True):
            wait_for(port, server, clusters.tmp / f"app-{port}.log")
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def register_report(browser: Browser, district_id: int, first_name: str) -> str:
    """The signed-in caseworker registers a concern report; the new case page's address."""
    form_path = "/barn/anmalan/ny/"
    form_page = browser.request("GET", form_path)
    assert form_page.status == 200, form_page.text
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    registered = browser.request(
        "POST",
        form_path,
        form={
            "csrfmiddlewaretoken": csrf_field(form_page.text),
            "personal_identity_number": new_identity_number(),
            "first_name": first_name,
            "last_name": "Replik",
            "district": str(district_id),
            "received_date": yesterday.isoformat(),
            "received_time": "12:00",
            "reporter_type": "professional",
            "reporter_name": "Skolan",
            "description": "Eleven har varit frånvarande i tre veckor.",
        },
    )
    assert registered.status == 302, registered.text
    location = registered.headers["Location"] or ""
    assert re.fullmatch(r"/arenden/\d+/", location), location
    return location


def test_two_app_servers_on_a_primary_and_its_streaming_replica(clusters, app_servers):
    """One test, so that the clusters are made once even when pytest-xdist spreads the tests of a
    module over its workers."""
    follow_up_reads_come_from_the_replica_and_everything_else_from_the_primary(
        clusters, app_servers
    )
    after_a_write_the_browser_reads_the_primary_for_a_moment(clusters, app_servers)
    every_follow_up_page_and_file_answers_from_the_read_only_replica(clusters, app_servers)
    a_session_signed_in_on_one_app_server_works_on_the_other(clusters, app_servers)


def follow_up_reads_come_from_the_replica_and_everything_else_from_the_primary(
    clusters, app_servers
):
    first, _second = app_servers
    politician = Browser(first)
    politician.sign_in("politiker")
    caseworker = Browser(first)
    caseworker.sign_in("socsek.jarva")
    budget = "/uppfoljning/budget/?year=2021"
    before = politician.request("GET", budget)
    assert before.status == 200, before.text
    [(programme_id, code, name)] = clusters.primary(
        "SELECT id, code, name FROM followup_programme ORDER BY id LIMIT 1"
    )
    assert name in before.text
    assert PROBE not in before.text
    [(jarva,)] = clusters.primary("SELECT id FROM organisation_district WHERE slug = 'jarva'")

    with clusters.replay_paused():
        clusters.primary(
            "UPDATE followup_programme SET name = %s, code = 'replikeringsprov' WHERE id = %s",
            (PROBE, programme_id),
        )
        assert clusters.replica(
            "SELECT name FROM followup_programme WHERE id = %s", (programme_id,)
        ) == [(name,)]

        # The follow-up page, its API and its export read the replica: the old name.
        page = politician.request("GET", budget)
        assert page.status == 200, page.text
        assert name in page.text
        assert PROBE not in page.text
        api = politician.request("GET", "/api/v1/followup/budget/?year=2021")
        assert api.status == 200, api.text
        assert f'"programme":"{code}"' in api.text
        assert "replikeringsprov" not in api.text
        audited = clusters.primary(
            "SELECT count(*) FROM audit_auditentry WHERE action = 'followup.export.budget'"
        )[0][0]
        export = politician.request("GET", "/uppfoljning/export/budget.csv?year=2021")
        assert export.status == 200, export.text
        assert name in export.text
        assert PROBE not in export.text
        # ... while its audit entry is written on the primary (the replica refuses writes).
        assert clusters.primary(
            "SELECT count(*) FROM audit_auditentry WHERE action = 'followup.export.budget'"
        ) == [(audited + 1,)]

        # A caseworker writes and reads on the primary: the new case opens at once, though the
        # replica has not seen it.
        case_page = register_report(caseworker, jarva, "Ronja")
        opened = caseworker.request("GET", case_page)
        assert opened.status == 200, opened.text
        assert "Ronja" in opened.text
        case_id = int(case_page.strip("/").rsplit("/", 1)[1])
        assert clusters.primary("SELECT count(*) FROM cases_case WHERE id = %s", (case_id,)) == [
            (1,)
        ]
        assert clusters.replica("SELECT count(*) FROM cases_case WHERE id = %s", (case_id,)) == [
            (0,)
        ]

    # Replay resumes: the write on the primary reaches the replica, and the follow-up pages.
    clusters.wait_for_replay()
    assert clusters.replica(
        "SELECT name FROM followup_programme WHERE id = %s", (programme_id,)
    ) == [(PROBE,)]
    assert clusters.replica("SELECT count(*) FROM cases_case WHERE id = %s", (case_id,)) == [(1,)]
    after = politician.request("GET", budget)
    assert after.status == 200, after.text
    assert PROBE in after.text
    after_api = politician.request("GET", "/api/v1/followup/budget/?year=2021")
    assert '"programme":"replikeringsprov"' in after_api.text


def after_a_write_the_browser_reads_the_primary_for_a_moment(clusters, app_servers):
    """Read your own writes: a form sent (here the sign-in) sets a short cookie, and while the
    browser sends it, its follow-up pages come from the primary, even with the replica behind."""
    first, _second = app_servers
    manager = Browser(first)
    pin = cookies(manager.sign_in("chef.jarva"))["skyddsnat_primary"]
    assert pin["max-age"] == "10"
    assert pin["httponly"] is True
    assert pin["secure"] is True
    [(programme_id,)] = clusters.primary("SELECT id FROM followup_programme ORDER BY id LIMIT 1")
    budget = "/uppfoljning/budget/?year=2021"
    clusters.wait_for_replay()
    with clusters.replay_paused():
        clusters.primary(
            "UPDATE followup_programme SET name = 'Pinnprov' WHERE id = %s", (programme_id,)
        )
        assert "Pinnprov" not in manager.request("GET", budget).text
        manager.jar["skyddsnat_primary"] = pin.value
        assert "Pinnprov" in manager.request("GET", budget).text


# Every follow-up read, by a user who may make it: (username, address).
FOLLOW_UP_READS = [
    ("politiker", "/uppfoljning/?from=2026-01-01&to=2026-06-30"),
    ("politiker", "/uppfoljning/budget/?year=2026"),
    ("politiker", "/uppfoljning/personal/"),
    ("politiker", "/uppfoljning/statistik/"),
    ("politiker", "/uppfoljning/sa-raknas-siffrorna/"),
    ("politiker", "/lss/uppfoljning/"),
    ("politiker", "/lss/uppfoljning/export/decisions.csv"),
    ("politiker", "/lss/uppfoljning/export/queue.xlsx"),
    ("politiker", "/api/v1/followup/reaction-times/?from=2026-01-01&to=2026-06-30"),
    ("analytiker", "/uppfoljning/export/equality-monthly.csv?from=2026-01-01&to=2026-06-30"),
    ("analytiker", "/uppfoljning/export/costs.xlsx?year=2026"),
    ("analytiker", "/uppfoljning/export/caseload.csv"),
    ("analytiker", "/uppfoljning/export/register.csv?year=2026"),
    ("analytiker", "/uppfoljning/export/ongoing.csv?on=2026-10-01"),
    ("lss.jarva", "/lss/statistik-1-oktober/?year=2026"),
]


def every_follow_up_page_and_file_answers_from_the_read_only_replica(clusters, app_servers):
    """A follow-up read that wrote on its database would fail on the replica (a hot standby
    refuses every write): each page and file answers with the replica's replay paused, while its
    facts' refresh and its audit entries go to the primary."""
    first, second = app_servers
    browsers: dict[str, Browser] = {}
    clusters.wait_for_replay()
    with clusters.replay_paused():
        for i, (username, path) in enumerate(FOLLOW_UP_READS):
            if username not in browsers:
                browsers[username] = Browser(first)
                browsers[username].sign_in(username)
            answer = browsers[username].on((first, second)[i % 2]).request("GET", path)
            assert answer.status == 200, (path, answer.text[:2000])
            assert answer.text.strip(), path
        # The national files named their persons in the audit log, on the primary.
        named = clusters.primary(
            "SELECT count(*) FROM audit_auditentry WHERE action LIKE 'followup.%%'"
            " AND user_id = (SELECT id FROM organisation_user WHERE username = 'analytiker')"
        )
        assert named[0][0] >= 4


def a_session_signed_in_on_one_app_server_works_on_the_other(clusters, app_servers):
    first, second = app_servers
    [(jarva,)] = clusters.primary("SELECT id FROM organisation_district WHERE slug = 'jarva'")
    on_first = Browser(first)
    on_first.sign_in("socsek.jarva")
    on_second = on_first.on(second)

    # Signed in on the first: the second knows the session, and takes a form with its token.
    mine = on_second.request("GET", "/")
    assert mine.status == 200, mine.text
    assert "Mina ärenden" in mine.text
    case_page = register_report(on_second, jarva, "Signe")
    # ... and the first shows what was registered on the second.
    opened = on_first.request("GET", case_page)
    assert opened.status == 200, opened.text
    assert "Signe" in opened.text
