"""Demo staff: one user per role and district, named as the contract in issue 2 says
(`socsek.<district>`, `chef.<district>`, `lss.<district>`, `politiker`, `analytiker`, `granskare`,
`admin`; issue 10: the programme coordinator `samordnare.<district>`), plus extra caseworkers
where the volume needs them (`socsek2.<district>`, …).

Every demo user gets the same password. It is hashed once and the hash shared: hashing it for each
of dozens of users would cost most of the minute the demo has to start in.
"""

import base64
import math
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from skyddsnat.demo.generate import names
from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.organisation.models import Agency, District, Role, Unit, UnitKind, User

# Stockholm receives roughly 25,000–40,000 concern reports a year city-wide; scale 1.0 is this.
REPORTS_PER_YEAR_CITY = 32_000
# One caseworker of the demo carries about this many new reports a year.
REPORTS_PER_CASEWORKER_YEAR = 500

CITY_USERS = [
    ("politiker", Role.POLITICIAN, "Politiker", "Nämndsson"),
    ("analytiker", Role.ANALYST, "Analytiker", "Controllersson"),
    ("granskare", Role.AUDITOR, "Logg", "Granskare"),
    ("arkivarie", Role.ARCHIVIST, "Arkiv", "Arkivarie"),
    ("admin", Role.ADMIN, "System", "Förvaltare"),
]
DISTRICT_USERS = [
    # username prefix, role, unit kind
    ("socsek", Role.CASEWORKER, UnitKind.CHILDREN),
    ("chef", Role.MANAGER, UnitKind.CHILDREN),
    ("lss", Role.LSS_OFFICER, UnitKind.LSS),
    ("lsschef", Role.MANAGER, UnitKind.LSS),  # decides LSS housing (9 § 8–9)
    # The programme coordinator (SIG, SSPF, crime exit), of the children and youth unit.
    ("samordnare", Role.COORDINATOR, UnitKind.CHILDREN),
    # Outreach and welfare crime: the district is what counts (their contacts and signals are the
    # district's); the example organisation has children's and LSS units only.
    ("faltare", Role.OUTREACH, UnitKind.CHILDREN),
    ("kontrollant", Role.WELFARE_CRIME, UnitKind.CHILDREN),
]
# Partner agencies' users per district (issue 10 point 2): username prefix and agency.
PARTNER_USERS = [("polis", Agency.POLICE), ("skola", Agency.SCHOOL)]
EXTRA_CASEWORKER = r"^socsek[0-9]+\."
# The demo table is for Swedish staff at a terminal, outside any request's language.
ROLE_NAMES = {
    Role.CASEWORKER: "socialsekreterare",
    Role.LSS_OFFICER: "biståndshandläggare LSS",
    Role.MANAGER: "enhetschef",
    Role.COORDINATOR: "programsamordnare",
    Role.POLITICIAN: "politiker",
    Role.ANALYST: "analytiker",
    Role.AUDITOR: "logggranskare",
    Role.ARCHIVIST: "arkivarie",
    Role.ADMIN: "systemförvaltare",
    Role.PARTNER: "samverkanspart",
    Role.OUTREACH: "fältassistent",
    Role.WELFARE_CRIME: "kontrollant välfärdsbrott",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    district: District | None
    unit_kind: str | None
    agency: str = ""


def current_districts() -> list[District]:
    """The districts that carry cases today (merged ones excluded)."""
    return list(District.objects.filter(successor__isnull=True, valid_to__isnull=True))


def demo_users() -> list[DemoUser]:
    """The contract's demo users in the order the table prints them."""
    districts = sorted(current_districts(), key=lambda d: d.slug)
    users = [
        DemoUser(f"{prefix}.{district.slug}", role, district, kind)
        for district in districts
        for prefix, role, kind in DISTRICT_USERS
    ]
    users += [
        DemoUser(f"{prefix}.{district.slug}", Role.PARTNER, district, None, agency)
        for district in districts
        for prefix, agency in PARTNER_USERS
    ]
    users += [DemoUser(username, role, None, None) for username, role, *_ in CITY_USERS]
    return users


def caseworkers_needed(district: District, *, scale: float, city_population: int) -> int:
    yearly = REPORTS_PER_YEAR_CITY * scale * district.population / max(city_population, 1)
    return max(1, math.ceil(yearly / REPORTS_PER_CASEWORKER_YEAR))


# The demo's admin, auditor and archivist need two-step sign-in like in production. Their
# authenticator app shares this one known secret (20 bytes, hex as django-otp stores it): add it
# to any TOTP app, or print the current code with `manage.py demo_code <username>`. Never on
# real people's data, like the demo password.
DEMO_TOTP_KEY = b"skyddsnat-demo-totp!".hex()


def demo_totp_secret() -> str:
    """The demo secret as an authenticator app asks for it (base32)."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def second_factor_ensure(users: list[User]) -> None:
    """The demo users whose role requires two-step sign-in get a confirmed app with the demo
    secret (a device already there is left as it is)."""
    for user in users:
        if user.second_factor_required:
            TOTPDevice.objects.get_or_create(
                user=user,
                confirmed=True,
                defaults={"name": "Demoapp", "key": DEMO_TOTP_KEY},
            )


def users_ensure(*, password: str) -> list[User]:
    """Create the contract's demo users that are missing and give every demo user `password`."""
    units: dict[tuple[int | None, str | None], Unit] = {
        (u.district_id, u.kind): u for u in Unit.objects.all()
    }
    city_names = {username: (first, last) for username, _role, first, last in CITY_USERS}
    result = []
    for spec in demo_users():
        unit = units.get((spec.district.pk, spec.unit_kind)) if spec.district else None
        first, last = city_names.get(spec.username, (spec.username.split(".")[0].title(), ""))
        if spec.district is not None:
            last = spec.district.name
        user, _created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "role": spec.role,
                "agency": spec.agency,
                "unit": unit,
                "first_name": first,
                "last_name": last,
                # The unit manager is the one with a recorded need to see protected addresses.
                "may_see_protected_addresses": spec.role == Role.MANAGER,
                "is_staff": spec.role == Role.ADMIN,
                "is_superuser": spec.role == Role.ADMIN,
            },
        )
        result.append(user)
    password_set(password=password)
    second_factor_ensure(result)
    for user in result:
        user.refresh_from_db(fields=["password"])
    return result


def password_set(*, password: str) -> int:
    """Give every demo user (the contract's and the extra caseworkers) the same password."""
    usernames = [spec.username for spec in demo_users()]
    return User.objects.filter(
        Q(username__in=usernames) | Q(username__regex=EXTRA_CASEWORKER)
    ).update(password=make_password(password))


def generate(ctx: DemoContext) -> None:
    contract_users = users_ensure(password=ctx.options.password)
    rng = ctx.rng("organisation")
    districts = current_districts()
    city_population = sum(d.population for d in districts)
    shared_hash = contract_users[0].password
    for district in sorted(districts, key=lambda d: d.slug):
        unit = Unit.objects.get(district=district, kind=UnitKind.CHILDREN)
        staff = [u for u in contract_users if u.unit_id == unit.pk and u.role == Role.CASEWORKER]
        wanted = caseworkers_needed(
            district, scale=ctx.options.scale, city_population=city_population
        )
        for number in range(2, wanted + 1):
            woman = rng.random() < 0.7
            user, _created = User.objects.get_or_create(
                username=f"socsek{number}.{district.slug}",
                defaults={
                    "role": Role.CASEWORKER,
                    "unit": unit,
                    "first_name": names.adult_first_name(rng, woman=woman),
                    "last_name": names.last_name(rng),
                    "password": shared_hash,
                },
            )
            staff.append(user)
        ctx.caseworkers_by_unit[unit.pk] = staff
        ctx.manager_by_unit[unit.pk] = next(
            u for u in contract_users if u.unit_id == unit.pk and u.role == Role.MANAGER
        )
    ctx.users.update({u.username: u for u in contract_users})
    ctx.users.update({u.username: u for units in ctx.caseworkers_by_unit.values() for u in units})
    ctx.counts["users"] = len(ctx.users)


def users_table(users: list[User], *, password: str) -> str:
    """A plain-text table of the demo users and the password, for the terminal."""
    rows = [("Användarnamn", "Roll", "Enhet")]
    rows += [(u.username, ROLE_NAMES.get(Role(u.role), u.role), str(u.unit or "—")) for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        "Tvåstegsinloggning för admin och granskare: lägg in nyckeln "
        f"{demo_totp_secret()} i en autentiseringsapp, eller visa koden med "
        "`DATABASE_URL=sqlite:///$PWD/demo.sqlite3 .venv/bin/python manage.py demo_code admin`"
    )
    lines.append(f"Lösenord för alla demoanvändare: {password}")
    return "\n".join(lines)
