"""A caseworker load: many caseworkers and managers at once against the app served by gunicorn on
PostgreSQL, with Stockholm-scale demo data. Prints throughput and p50/p95/p99 per endpoint.

    .venv/bin/python bench/caseload.py                  # scale 1.0, 3 years, 50 clients, 60 s
    .venv/bin/python bench/caseload.py --tiny           # a few seconds: the test suite runs this

The data comes from `manage.py demo_data` in a database of its own (default `skyddsnat_caseload`);
a re-run reuses it (and only resets the demo passwords) unless --fresh. The app runs in gunicorn
with the production settings (DEBUG off, the real password hasher) on a free loopback port. Each
client is one demo caseworker or manager: it signs in on the login page (a session with CSRF, as a
browser) and takes an API token, then repeats a caseworker's day until the time is up:
"Mina ärenden" (with filters and later pages), a case page, the deadlines API, a person search,
a journal entry (page form) and a concern report (API). Anything but the expected status is an
error; the script exits 1 when there was one.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench-caseload-lösenord"  # noqa: S105 (synthetic demo users in a bench database)
SURNAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Ali"]
CASE_LINK = re.compile(r'href="/arenden/(\d+)/"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# (name, weight): about a caseworker's mix of reading and writing.
MIX = [
    ("my_cases", 25),
    ("case_page", 30),
    ("deadlines_api", 15),
    ("person_search", 15),
    ("journal_post", 10),
    ("report_post", 5),
]


def app_env(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKYDDSNAT_")}
    env.update(
        DATABASE_URL=f"{SERVER}/{database}",
        DJANGO_SETTINGS_MODULE="skyddsnat.settings",
        SKYDDSNAT_DEBUG="0",
        SKYDDSNAT_ALLOW_INSECURE_KEY="1",
        # Plain HTTP on loopback: the session and CSRF cookies must travel without TLS.
        SKYDDSNAT_INSECURE_COOKIES="1",
        SKYDDSNAT_ALLOWED_HOSTS="127.0.0.1,localhost",
        SKYDDSNAT_DEMO_PASSWORD=PASSWORD,
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(database: str, *, fresh: bool, scale: float, years: int) -> None:
    """The database with demo data at this scale and the demo users' password set."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database}"')
    env = app_env(database)
    started = time.perf_counter()
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_example", "stockholm", "--verbosity", "0")
    with psycopg.connect(f"{SERVER}/{database}") as conn:
        row = conn.execute("SELECT count(*) FROM people_person WHERE is_synthetic").fetchone()
    if row and row[0]:
        manage(env, "demo_data", "--reset-passwords")
        print(f"data: reusing {row[0]:,} synthetic persons in {database}")
        return
    manage(env, "demo_data", "--scale", str(scale), "--years", str(years), "--seed", "1")
    # Fresh statistics after a bulk load, as operations does after a restore: without them the
    # planner takes a unit's 9,000 cases for 300 and picks its plans accordingly.
    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
        conn.execute("ANALYZE")
    print(
        f"data: generated scale {scale}, {years} years in {database} "
        f"in {time.perf_counter() - started:.0f} s"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database: str, *, port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "skyddsnat.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=app_env(database), cwd=ROOT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


@dataclass
class Staff:
    username: str
    role: str
    district: str


def staff_of(database: str, count: int, rng: random.Random) -> list[Staff]:
    """`count` distinct children's caseworkers and managers (about one manager in five), spread
    over the districts; repeated only when the data has fewer staff than clients."""
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}") as conn:
        rows = conn.execute(
            """
            SELECT u.username, u.role, d.slug FROM organisation_user u
            JOIN organisation_unit n ON n.id = u.unit_id
            JOIN organisation_district d ON d.id = n.district_id
            WHERE u.is_active AND n.kind = 'children' AND u.role IN ('caseworker', 'manager')
            ORDER BY u.username
            """
        ).fetchall()
    managers = [Staff(*r) for r in rows if r[1] == "manager"]
    caseworkers = [Staff(*r) for r in rows if r[1] == "caseworker"]
    rng.shuffle(managers)
    rng.shuffle(caseworkers)
    wanted_managers = min(len(managers), max(1, count // 5))
    chosen = managers[:wanted_managers] + caseworkers[: count - wanted_managers]
    while len(chosen) < count:
        chosen.append(rng.choice(managers + caseworkers))
    return chosen


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)

    def record(self, name: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.times[name].append(seconds)
            if error:
                self.errors[name] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{name}: {error}")


class Client:
    """One signed-in member of staff: a cookie jar for the pages and a token for the API, over a
    kept-alive loopback connection (reopened when the server closes it)."""

    def __init__(self, port: int, staff: Staff, rng: random.Random, results: Results):
        self.port = port
        self.staff = staff
        self.rng = rng
        self.results = results
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.case_ids: list[int] = []
        self.failure = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server closed: once more on a new one.
                self.conn.close()
                if attempt:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def timed(
        self, name: str, method: str, path: str, expected: int | tuple[int, ...], **kwargs
    ) -> tuple[int, str]:
        started = time.perf_counter()
        try:
            status, text = self.request(method, path, **kwargs)
        except OSError as exc:
            self.results.record(name, time.perf_counter() - started, repr(exc))
            return 0, ""
        elapsed = time.perf_counter() - started
        wanted = expected if isinstance(expected, tuple) else (expected,)
        error = "" if status in wanted else f"{method} {path} answered {status}"
        self.results.record(name, elapsed, error)
        return status, text

    def sign_in(self) -> None:
        try:
            self._sign_in()
        except (OSError, RuntimeError, ValueError, KeyError) as exc:
            self.failure = f"{self.staff.username}: {exc!r}"

    def _sign_in(self) -> None:
        status, text = self.request("GET", "/login/")
        match = CSRF_FIELD.search(text)
        if status != 200 or not match:
            raise RuntimeError(f"login page answered {status}")
        form = urllib.parse.urlencode(
            {
                "username": self.staff.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": match.group(1),
            }
        ).encode()
        status, _ = self.request(
            "POST",
            "/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in of {self.staff.username} answered {status}")
        body = json.dumps({"username": self.staff.username, "password": PASSWORD}).encode()
        status, text = self.request(
            "POST", "/api/v1/auth/token/", body=body, headers={"Content-Type": "application/json"}
        )
        if status not in (200, 201):
            raise RuntimeError(f"token for {self.staff.username} answered {status}")
        self.token = json.loads(text)["token"]
        _, text = self.request("GET", "/")
        self.case_ids = [int(pk) for pk in CASE_LINK.findall(text)]

    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}

    # --- the mix -------------------------------------------------------------------------------

    def my_cases(self) -> None:
        query = ""
        roll = self.rng.random()
        if roll < 0.15:
            query = "?page=2"
        elif roll < 0.3:
            query = "?deadline=overdue"
        elif roll < 0.4:
            query = "?sort=newest&status=investigation"
        status, text = self.timed("GET / (Mina ärenden)", "GET", "/" + query, 200)
        found = [int(pk) for pk in CASE_LINK.findall(text)]
        if found:
            self.case_ids = found

    def case_page(self) -> None:
        if not self.case_ids:
            return self.my_cases()
        case_id = self.rng.choice(self.case_ids)
        # A programme participant's case is worked on the participant's page: the case page
        # sends the reader there (302), as it does for an LSS case.
        status, _ = self.timed("GET /arenden/{id}/", "GET", f"/arenden/{case_id}/", (200, 302))
        if status == 302 and case_id in self.case_ids:
            self.case_ids.remove(case_id)

    def deadlines_api(self) -> None:
        self.timed(
            "GET /api/v1/me/deadlines/",
            "GET",
            "/api/v1/me/deadlines/",
            200,
            headers=self.api_headers(),
        )

    def person_search(self) -> None:
        query = urllib.parse.urlencode({"q": self.rng.choice(SURNAMES)})
        self.timed("GET /personer/?q=", "GET", f"/personer/?{query}", 200)

    def journal_post(self) -> None:
        if not self.case_ids:
            return self.my_cases()
        case_id = self.rng.choice(self.case_ids)
        form = urllib.parse.urlencode(
            {
                "text": "Samtal med vårdnadshavare om skolgången.",
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            }
        ).encode()
        self.timed(
            "POST /arenden/{id}/journal/",
            "POST",
            f"/arenden/{case_id}/journal/",
            302,
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def report_post(self) -> None:
        from skyddsnat.lib import identity

        born = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=self.rng.randrange(365, 17 * 365))
        body = {
            "child": {
                "personal_identity_number": identity.synthetic(self.rng, born),
                "first_name": "Bench",
                "last_name": self.rng.choice(SURNAMES),
                "is_synthetic": True,
            },
            "district": self.staff.district,
            "received_at": (
                dt.datetime.now(dt.UTC) - dt.timedelta(minutes=self.rng.randrange(5, 600))
            ).isoformat(),
            "reporter_type": "professional",
            "description": "Skolan oroar sig för barnets frånvaro.",
        }
        status, text = self.timed(
            "POST /api/v1/reports/",
            "POST",
            "/api/v1/reports/",
            201,
            body=json.dumps(body).encode(),
            headers=self.api_headers(),
        )
        if status == 201 and self.staff.role == "caseworker":
            case_id = json.loads(text).get("case_id")
            if isinstance(case_id, int) and case_id not in self.case_ids:
                self.case_ids.append(case_id)

    def run(self, until: float) -> None:
        actions = [getattr(self, name) for name, _ in MIX]
        weights = [weight for _, weight in MIX]
        # Each kind once first, so that even a few seconds exercise all of them.
        for action in actions:
            action()
        while time.monotonic() < until:
            self.rng.choices(actions, weights)[0]()
        self.conn.close()


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(results: Results, seconds: float, args: argparse.Namespace) -> int:
    total = sum(len(v) for v in results.times.values())
    errors = sum(results.errors.values())
    print(
        f"{'endpoint':32} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for name, values in sorted(results.times.items()):
        print(
            f"{name:32} {len(values):8} {1000 * statistics.median(values):8.0f} "
            f"{1000 * percentile(values, 0.95):8.0f} {1000 * percentile(values, 0.99):8.0f} "
            f"{results.errors.get(name, 0):7}"
        )
    every = [t for values in results.times.values() for t in values]
    load = os.getloadavg()
    p95 = 1000 * percentile(every, 0.95) if every else 0.0
    print(
        f"figures: {total} requests in {seconds:.1f} s = {total / seconds:.1f} req/s, "
        f"p95 {p95:.0f} ms, errors {errors}; {args.clients} clients, gunicorn {args.workers} "
        f"workers x {args.threads} threads, {os.cpu_count()} CPUs, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    for sample in results.samples:
        print(f"error: {sample}")
    return 1 if errors or not total else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="skyddsnat_caseload")
    parser.add_argument("--scale", type=float, default=1.0, help="demo_data --scale")
    parser.add_argument("--years", type=int, default=3, help="demo_data --years")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    parser.add_argument(
        "--tiny", action="store_true", help="a few seconds on little data (the test suite)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.tiny:
        args.scale, args.years, args.clients, args.duration, args.workers = 0.003, 1, 4, 3.0, 2
    if args.clients < 1 or args.clients > 200 or not 0 < args.duration <= 3600:
        parser.error("--clients 1–200 and --duration up to 3600 s")

    os.environ.update(app_env(args.database))
    prepare(args.database, fresh=args.fresh, scale=args.scale, years=args.years)
    rng = random.Random(args.seed)
    port = free_port()
    server = start_server(args.database, port=port, workers=args.workers, threads=args.threads)
    try:
        results = Results()
        staff = staff_of(args.database, args.clients, rng)
        started = time.perf_counter()
        clients = [
            Client(port, member, random.Random(f"{args.seed}:{i}"), results)
            for i, member in enumerate(staff)
        ]
        # Signing in is not part of the load: a working day starts with it once. The password
        # hasher is slow on purpose, so at most one sign-in per worker at a time.
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(lambda c: c.sign_in(), clients))
        failures = [c.failure for c in clients if c.failure]
        if failures:
            raise SystemExit("signing in failed: " + "; ".join(failures[:5]))
        print(
            f"signed in {len(clients)} staff ({len({c.staff.username for c in clients})} "
            f"distinct) in {time.perf_counter() - started:.1f} s"
        )
        started = time.monotonic()
        until = started + args.duration
        threads = [threading.Thread(target=c.run, args=(until,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + 120)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    sys.exit(report(results, elapsed, args))


if __name__ == "__main__":
    main()
