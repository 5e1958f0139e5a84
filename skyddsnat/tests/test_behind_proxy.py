"""Production as operations describes it, end to end: `./scripts/serve` (migrate, collectstatic,
gunicorn with DEBUG off and real keys) behind Debian's nginx ending TLS with a self-signed
certificate. A caseworker signs in through the proxy with a form POST and registers a report: CSRF
passes, the cookies are Secure, HttpOnly and SameSite, HSTS and a Content-Security-Policy without
inline script are sent, and the audit entry carries the client's address, not the proxy's and not
the one the client claimed in X-Forwarded-For. Straight to the app server, the forwarding headers
count for nothing.

The client connects from 127.0.0.5 and nginx from 127.0.0.1, the only trusted proxy: the whole of
127.0.0.0/8 is this machine, so the two are told apart by address alone.
"""

import datetime as dt
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.organisation.models import District
from skyddsnat.tests.test_production import production_env

pytestmark = [pytest.mark.proxy, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ADDRESS = "127.0.0.5"
SPOOFED = "203.0.113.9"
NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {tmp}/cert.pem;
    ssl_certificate_key {tmp}/key.pem;
    location / {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"port {port} did not open: {log.read_text()}")


@contextmanager
def running(command: list[str], port: int, log: Path, **popen) -> Iterator[None]:
    """Runs `command` (output to `log`) for the length of the block, which starts once the
    process listens on `port`."""
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 (our own script, nginx with our configuration)
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, **popen
        )
    try:
        wait_for(port, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def database_url() -> str:
    """The test database, for the app server in its own process."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Site:
    https_port: int
    app_port: int
    cert: Path

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        direct: bool = False,
    ) -> http.client.HTTPResponse:
        """One request from the client's address, through nginx over HTTPS, or `direct` to the
        app server over plain HTTP."""
        if direct:
            conn: http.client.HTTPConnection = http.client.HTTPConnection(
                "127.0.0.1", self.app_port, timeout=30, source_address=(CLIENT_ADDRESS, 0)
            )
        else:
            context = ssl.create_default_context(cafile=str(self.cert))
            conn = http.client.HTTPSConnection(
                "127.0.0.1",
                self.https_port,
                timeout=30,
                context=context,
                source_address=(CLIENT_ADDRESS, 0),
            )
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.text = response.read().decode()  # type: ignore[attr-defined]
        conn.close()
        return response

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    openssl = shutil.which("openssl")
    assert Path(nginx).exists(), "nginx is needed (apt-get install nginx)"
    assert openssl, "openssl is needed (apt-get install openssl)"
    subprocess.run(  # noqa: S603 (openssl with fixed arguments)
        [
            openssl,
            *"req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1".split(),
            *["-addext", "subjectAltName=IP:127.0.0.1"],
            *["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        ],
        check=True,
        capture_output=True,
    )
    app_port, https_port = free_port(), free_port()
    env = production_env(
        DATABASE_URL=database_url(),
        SKYDDSNAT_ALLOWED_HOSTS="127.0.0.1",
        SKYDDSNAT_TRUSTED_PROXIES="127.0.0.1",
        SKYDDSNAT_CACHE_URL="",
        SKYDDSNAT_BIND=f"127.0.0.1:{app_port}",
        SKYDDSNAT_WORKERS="1",
    )
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        NGINX_CONF.format(user=user, tmp=tmp_path, port=https_port, app_port=app_port)
    )
    nginx_command = [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    try:
        with (
            running([str(ROOT / "scripts" / "serve")], app_port, tmp_path / "app.log", env=env),
            running(
                [*nginx_command, "-e", str(tmp_path / "nginx.log")],
                https_port,
                tmp_path / "nginx.log",
            ),  # fmt: skip
        ):
            yield Site(https_port=https_port, app_port=app_port, cert=tmp_path / "cert.pem")
    finally:
        # The app server's connections must be gone before the test database is flushed.
        connection.close()


def cookies(response: http.client.HTTPResponse) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar


def csrf_field(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def assert_production_headers(response: http.client.HTTPResponse) -> None:
    hsts = response.headers["Strict-Transport-Security"] or ""
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    policy = response.headers["Content-Security-Policy"] or ""
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"], policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_signing_in_and_registering_a_report_through_a_tls_proxy(site, caseworker):
    # The app server runs the production hasher list: store the password as production would.
    caseworker.password = PBKDF2PasswordHasher().encode(PASSWORD, "proxytestsalt")
    caseworker.save(update_fields=["password"])
    jarva = District.objects.get(slug="jarva")

    login_page = site.request("GET", "/login/")
    assert login_page.status == 200
    assert "Logga in" in login_page.text
    assert_production_headers(login_page)
    csrf_cookie = cookies(login_page)["csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["httponly"] is True
    assert csrf_cookie["samesite"] == "Lax"

    form_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": site.origin,
        "Referer": f"{site.origin}/login/",
    }
    # Without the CSRF cookie the form is refused, with the Swedish page.
    refused = site.request(
        "POST",
        "/login/",
        headers=form_headers,
        body=urllib.parse.urlencode({"username": caseworker.username, "password": PASSWORD}),
    )
    assert refused.status == 403
    assert "Formuläret kunde inte skickas" in refused.text
    assert "CSRF verification failed" not in refused.text

    signed_in = site.request(
        "POST",
        "/login/",
        headers={**form_headers, "Cookie": f"csrftoken={csrf_cookie.value}"},
        body=urllib.parse.urlencode(
            {
                "username": caseworker.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_field(login_page.text),
            }
        ),
    )
    assert signed_in.status == 302, signed_in.text
    assert_production_headers(signed_in)
    jar = cookies(signed_in)
    session = jar["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    session_cookies = f"sessionid={session.value}; csrftoken={jar['csrftoken'].value}"

    form_path = reverse("children-report-create")
    form_page = site.request("GET", form_path, headers={"Cookie": session_cookies})
    assert form_page.status == 200
    assert "Registrera orosanmälan" in form_page.text
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    registered = site.request(
        "POST",
        form_path,
        headers={
            **form_headers,
            "Referer": f"{site.origin}{form_path}",
            "Cookie": session_cookies,
            # Claimed by the client: nginx appends the real address, which is what counts.
            "X-Forwarded-For": SPOOFED,
        },
        body=urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf_field(form_page.text),
                "personal_identity_number": new_identity_number(),
                "first_name": "Vera",
                "last_name": "Lind",
                "district": jarva.pk,
                "received_date": yesterday.isoformat(),
                "received_time": "12:00",
                "reporter_type": "professional",
                "reporter_name": "Rinkebyskolan",
                "description": "Eleven har varit frånvarande i tre veckor.",
            }
        ),
    )
    assert registered.status == 302, registered.text
    assert re.fullmatch(r"/arenden/\d+/", registered.headers["Location"] or "")

    entry = AuditEntry.objects.get(action="children.report.create", user_id=caseworker.pk)
    assert entry.ip_address == CLIENT_ADDRESS
    assert entry.channel == "web"

    # Straight to the app server, the client's forwarding headers count for nothing: plain HTTP
    # is sent to HTTPS whatever X-Forwarded-Proto says, and the client is its own address.
    direct = site.request(
        "GET",
        "/login/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": SPOOFED},
        direct=True,
    )
    assert direct.status == 301
    assert (direct.headers["Location"] or "").startswith("https://")
    # The load balancer's checks answer over plain HTTP, without a redirect.
    assert site.request("GET", "/healthz", direct=True).status == 200
    # scripts/serve started the job worker next to gunicorn: once it has registered (it starts
    # at the same time as the web server), /readyz sees it.
    for _ in range(300):
        ready = site.request("GET", "/readyz", direct=True)
        if ready.status == 200:
            break
        time.sleep(0.1)
    assert ready.status == 200, ready.text
    assert '"migrations": "ok"' in ready.text
    assert '"worker": "ok"' in ready.text
