"""The container files are not built in CI (no container runtime there), so what can be checked
without one is checked here: compose.yaml's proxy is the only trusted proxy, reaches the app by
its service name and mounts deploy/nginx.conf, which nginx accepts (`nginx -t`, with the
certificate paths and the app's address put where this machine has them)."""

import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_the_proxy_is_the_only_trusted_proxy_and_the_app_is_reached_only_through_it():
    services = compose()["services"]
    proxy, app = services["proxy"], services["app"]
    proxy_address = proxy["networks"]["default"]["ipv4_address"]

    assert app["environment"]["SKYDDSNAT_TRUSTED_PROXIES"] == proxy_address
    assert "ports" not in app
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert "app:8000" in (ROOT / "deploy" / "nginx.conf").read_text()
    # No secret has a default: each must be set.
    for name in ("SKYDDSNAT_SECRET_KEY", "SKYDDSNAT_PSEUDONYM_KEY"):
        assert f"${{{name}:?" in app["environment"][name]


def test_nginx_accepts_the_proxy_configuration(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    openssl = shutil.which("openssl")
    assert Path(nginx).exists(), "nginx is needed (apt-get install nginx)"
    assert openssl, "openssl is needed (apt-get install openssl)"
    subprocess.run(  # noqa: S603 (openssl with fixed arguments)
        [
            openssl,
            *"req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=skyddsnat".split(),
            *["-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        ],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("app:8000", "127.0.0.1:8000").replace("/etc/nginx/tls", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include {tmp_path}/site.conf;\n}}\n"
    )

    tested = subprocess.run(  # noqa: S603 (nginx with our configuration)
        [
            nginx,
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert tested.returncode == 0, tested.stderr
    assert "test is successful" in tested.stderr


def test_serve_refuses_a_replica_that_is_not_postgresql():
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://skyddsnat@127.0.0.1:5432/skyddsnat",
        "DATABASE_REPLICA_URL": "sqlite:///replica.sqlite3",
        "SKYDDSNAT_SECRET_KEY": "s" * 64,
        "SKYDDSNAT_PSEUDONYM_KEY": "p" * 64,
    }

    refused = subprocess.run(  # noqa: S603 (our own script)
        [str(ROOT / "scripts" / "serve")], env=env, capture_output=True, text=True, check=False
    )

    assert refused.returncode == 2
    assert "DATABASE_REPLICA_URL must be a PostgreSQL replica" in refused.stderr
