"""Demo users are the contract's: one per role and district, all with the demo password."""

import io

from skyddsnat.cases.models import Case
from skyddsnat.demo.tests.conftest import run_demo_data
from skyddsnat.organisation.models import Role, User

DISTRICTS = [
    "jarva", "norra-innerstaden", "kungsholmen", "sodermalm", "bromma", "hasselby-vallingby",
    "enskede-arsta-vantor", "farsta", "hagersten-alvsjo", "skarpnack", "skarholmen",
]  # fmt: skip


def test_demo_users_exist_for_every_role_and_district(tiny_demo):
    for slug in DISTRICTS:
        socsek = User.objects.get(username=f"socsek.{slug}")
        chef = User.objects.get(username=f"chef.{slug}")
        lss = User.objects.get(username=f"lss.{slug}")
        assert (socsek.role, socsek.unit.kind, socsek.unit.district.slug) == (
            Role.CASEWORKER,
            "children",
            slug,
        )
        assert (chef.role, chef.unit.kind, chef.unit.district.slug) == (
            Role.MANAGER,
            "children",
            slug,
        )
        assert (lss.role, lss.unit.kind, lss.unit.district.slug) == (Role.LSS_OFFICER, "lss", slug)
    for username, role in [
        ("politiker", Role.POLITICIAN),
        ("analytiker", Role.ANALYST),
        ("granskare", Role.AUDITOR),
        ("admin", Role.ADMIN),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.unit is None
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser


def test_every_demo_user_has_the_demo_password_and_the_table_shows_it(tiny_demo):
    users = User.objects.all()
    assert users.count() >= 11 * 3 + 4
    for user in users:
        assert user.check_password("demo-test-pw"), user.username
    assert "socsek.jarva" in tiny_demo and "granskare" in tiny_demo
    assert "demo-test-pw" in tiny_demo


def test_resetting_passwords_changes_passwords_and_nothing_else(tiny_demo, monkeypatch):
    cases = Case.objects.count()
    monkeypatch.setenv("SKYDDSNAT_DEMO_PASSWORD", "another-demo-pw")
    table = run_demo_data("--reset-passwords")
    assert Case.objects.count() == cases
    assert User.objects.get(username="socsek.jarva").check_password("another-demo-pw")
    assert User.objects.get(username="admin").check_password("another-demo-pw")
    assert "another-demo-pw" in table


def test_resetting_passwords_on_an_empty_database_creates_the_users(db, monkeypatch):
    monkeypatch.delenv("SKYDDSNAT_DEMO_PASSWORD", raising=False)
    table = run_demo_data("--reset-passwords")
    password = table.rsplit(": ", 1)[1].strip()
    assert len(password) >= 12
    assert User.objects.get(username="chef.skarholmen").check_password(password)
    assert not Case.objects.exists()


def test_if_empty_generates_once_and_then_only_resets_passwords(db, monkeypatch):
    monkeypatch.setenv("SKYDDSNAT_DEMO_PASSWORD", "first-demo-pw")
    args = ["--if-empty", "--seed", "1", "--years", "1", "--scale", "0.01"]
    run_demo_data(*args, "--end-date", "2025-03-01")
    cases = Case.objects.count()
    assert cases > 0
    monkeypatch.setenv("SKYDDSNAT_DEMO_PASSWORD", "second-demo-pw")
    run_demo_data(*args, "--end-date", "2025-03-01")
    assert Case.objects.count() == cases
    assert User.objects.get(username="lss.jarva").check_password("second-demo-pw")


def test_the_demo_admin_and_auditor_have_an_app_with_the_known_secret(tiny_demo):
    from django.core.management import call_command
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from skyddsnat.demo.generate.organisation import DEMO_TOTP_KEY, demo_totp_secret

    for username in ("admin", "granskare"):
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        assert device.key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.filter(user__username="socsek.jarva").exists()
    assert demo_totp_secret() in tiny_demo
    out = io.StringIO()
    call_command("demo_code", "admin", stdout=out)
    device = TOTPDevice.objects.get(user__username="admin")
    assert out.getvalue().strip() == f"{TOTP(device.bin_key).token():06d}"
