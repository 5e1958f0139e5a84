"""The `oidc_provider` fixture: the test identity provider, started once per test session (per
xdist worker) in a subprocess, stopped at the end. See the package docstring."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

SETTINGS = "skyddsnat.tests_oidc.provider.settings"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class OidcProvider:
    """A running provider: its issuer and discovery addresses, and helpers to add users and
    clients to it."""

    base_url: str
    env: dict[str, str]
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/openid"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def manage(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "django", *args], env=self.env, check=True, capture_output=True
        )

    def setup(self, spec: dict) -> None:
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "skyddsnat.tests_oidc.provider.setup", json.dumps(spec)],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def add_user(self, username: str, password: str, email: str = "", **names: str) -> None:
        """`names`: first_name, last_name, and personal_identity_number (the claim of that name,
        for the citizens' sign-in)."""
        self.setup(
            {"users": [{"username": username, "password": password, "email": email, **names}]}
        )

    def add_client(
        self,
        client_id: str,
        client_secret: str,
        redirect_uris: list[str],
        scope: list[str] | None = None,
    ) -> None:
        """`scope`: what the client may ask for (default openid, email, profile); a client that
        introspects its own tokens needs `token_introspection` and its own client id."""
        entry: dict = {
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uris": redirect_uris,
        }
        if scope is not None:
            entry["scope"] = scope
        self.setup({"clients": [entry]})

    def sub_for(self, username: str) -> str:
        """The `sub` the provider gives a user (its default: the user's id there)."""
        out = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-c",
                "import django, sys; django.setup();"
                "from django.contrib.auth.models import User;"
                f"print(User.objects.get(username={username!r}).pk)",
            ],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()


def start_provider(directory: Path) -> OidcProvider:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "OIDC_TEST_DB": str(directory / "provider.sqlite3"),
        "OIDC_TEST_SITE_URL": base_url,
    }
    provider = OidcProvider(base_url=base_url, env=env)
    provider.manage("migrate", "--noinput")
    provider.manage("creatersakey")
    log = open(directory / "provider.log", "wb")  # noqa: SIM115 (open for the process's life)
    provider.process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "skyddsnat.tests_oidc.provider.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if provider.process.poll() is not None:
            raise RuntimeError(f"The test identity provider stopped: see {directory}/provider.log")
        try:
            if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                return provider
        except requests.RequestException:
            pass
        time.sleep(0.2)
    provider.process.terminate()
    raise RuntimeError("The test identity provider did not start within 60 seconds.")


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcProvider]:
    with tempfile.TemporaryDirectory(prefix="skyddsnat-oidc-") as directory:
        provider = start_provider(Path(directory))
        try:
            yield provider
        finally:
            assert provider.process is not None  # noqa: S101
            provider.process.terminate()
            provider.process.wait(timeout=30)
