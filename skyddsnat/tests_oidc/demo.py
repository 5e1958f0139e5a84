"""The local identity provider for the demo (./scripts/demo): the same django-oidc-provider
project the tests start, prepared with the demo's citizen client and one synthetic citizen.

`python -m skyddsnat.tests_oidc.demo prepare <dir> <provider url> <app url>` migrates its SQLite
database in <dir>, makes its signing key once, adds (or updates) the client and the citizen
"medborgare" with the demo password (SKYDDSNAT_DEMO_PASSWORD) and a synthetic, checksum-valid
personal identity number, and prints three lines: the client secret, the citizen's `sub` and
the number. The script then serves the provider with gunicorn and sets the app's
SKYDDSNAT_CITIZEN_OIDC_* to this client.
"""

import datetime as dt
import json
import os
import random
import secrets
import subprocess
import sys
from pathlib import Path

from skyddsnat.lib import identity

CLIENT_ID = "skyddsnat-demo-citizen"
USERNAME = "medborgare"
# The demo citizen: born 1984, the same number on every start (seeded).
BORN = dt.date(1984, 4, 14)


def demo_number() -> str:
    return identity.synthetic(random.Random(84), BORN)  # noqa: S311 (synthetic data)


def _env(directory: Path, provider_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "skyddsnat.tests_oidc.provider.settings",
        "OIDC_TEST_DB": str(directory / "provider.sqlite3"),
        "OIDC_TEST_SITE_URL": provider_url,
    }


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def prepare(directory: Path, provider_url: str, app_url: str) -> tuple[str, str, str]:
    directory.mkdir(parents=True, exist_ok=True)
    env = _env(directory, provider_url)
    _run(env, "-m", "django", "migrate", "--noinput")
    key_made = directory / ".rsakey"
    if not key_made.exists():
        _run(env, "-m", "django", "creatersakey")
        key_made.touch()
    secret_file = directory / "client_secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(24))
    secret = secret_file.read_text().strip()
    number = demo_number()
    password = os.environ.get("SKYDDSNAT_DEMO_PASSWORD", "")
    if not password:
        raise SystemExit("SKYDDSNAT_DEMO_PASSWORD must be set for the demo's identity provider.")
    callbacks = [f"{app_url}/e-tjanst/logga-in/klar/"]
    if "127.0.0.1" in app_url:
        callbacks.append(callbacks[0].replace("127.0.0.1", "localhost"))
    spec = {
        "users": [
            {
                "username": USERNAME,
                "password": password,
                "first_name": "Maja",
                "last_name": "Demosson",
                "personal_identity_number": number,
            }
        ],
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": secret,
                "redirect_uris": callbacks,
                "scope": [
                    "openid",
                    "profile",
                    "personal_identity_number",
                    "token_introspection",
                    CLIENT_ID,
                ],
            }
        ],
    }
    _run(env, "-m", "skyddsnat.tests_oidc.provider.setup", json.dumps(spec))
    sub = _run(
        env,
        "-c",
        "import django; django.setup();"
        "from django.contrib.auth.models import User;"
        f"print(User.objects.get(username={USERNAME!r}).pk)",
    ).strip()
    return secret, sub, number


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "prepare":
        raise SystemExit(__doc__)
    for line in prepare(Path(sys.argv[2]), sys.argv[3].rstrip("/"), sys.argv[4].rstrip("/")):
        print(line)
