"""Stockholm as example organisation: the 11 districts since 1 July 2023, and the four 2021
districts that the 2023 mergers replaced, each pointing to its successor, with a children and youth
unit and an LSS unit in each current district. Populations are the approximate 2021 forecast in
domain.md §1.

Loaded by `manage.py load_example stockholm` (the demo, the tests and the bench load it); until
December 2026 it was migration organisation/0002_stockholm, which databases created before then
have applied.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from skyddsnat.organisation.examples import Log, tally
from skyddsnat.organisation.models import Area, District, Municipality, Unit, UnitKind

MUNICIPALITY = ("0180", "Stockholms stad")

MERGER = dt.date(2023, 7, 1)
LONG_AGO = dt.date(1997, 1, 1)  # the district reform; earlier history is not modelled

CURRENT = [
    # slug, name, area, population, valid_from
    ("jarva", "Järva", Area.OUTER, 94_000, MERGER),
    ("norra-innerstaden", "Norra innerstaden", Area.INNER, 151_000, MERGER),
    ("kungsholmen", "Kungsholmen", Area.INNER, 71_000, LONG_AGO),
    ("sodermalm", "Södermalm", Area.INNER, 129_000, LONG_AGO),
    ("bromma", "Bromma", Area.OUTER, 86_000, LONG_AGO),
    ("hasselby-vallingby", "Hässelby-Vällingby", Area.OUTER, 77_000, LONG_AGO),
    ("enskede-arsta-vantor", "Enskede-Årsta-Vantör", Area.OUTER, 105_000, LONG_AGO),
    ("farsta", "Farsta", Area.OUTER, 60_000, LONG_AGO),
    ("hagersten-alvsjo", "Hägersten-Älvsjö", Area.OUTER, 130_000, dt.date(2020, 1, 1)),
    ("skarpnack", "Skarpnäck", Area.OUTER, 48_000, LONG_AGO),
    ("skarholmen", "Skärholmen", Area.OUTER, 38_000, LONG_AGO),
]

MERGED = [
    # slug, name, area, population share of the successor, successor
    ("rinkeby-kista", "Rinkeby-Kista", Area.OUTER, 51_000, "jarva"),
    ("spanga-tensta", "Spånga-Tensta", Area.OUTER, 43_000, "jarva"),
    ("norrmalm", "Norrmalm", Area.INNER, 73_000, "norra-innerstaden"),
    ("ostermalm", "Östermalm", Area.INNER, 78_000, "norra-innerstaden"),
]

UNIT_KINDS = [(UnitKind.CHILDREN, "Barn och unga"), (UnitKind.LSS, "Funktionsnedsättning (LSS)")]


@transaction.atomic
def load(*, log: Log) -> int:
    """Create what is missing of Stockholm's organisation; what exists (perhaps changed in the
    admin since) is left as it is. Returns the number of rows created."""
    code, name = MUNICIPALITY
    stockholm, made = Municipality.objects.get_or_create(code=code, defaults={"name": name})
    created = int(made)
    districts = units = 0
    by_slug: dict[str, District] = {}

    def district(
        slug: str, name: str, area: Area, population: int, **more: Any
    ) -> tuple[District, bool]:
        """The district `slug`, created with these values (and `more`) when it is missing."""
        defaults = {"municipality": stockholm, "name": name, "area": area, "population": population}
        return District.objects.get_or_create(slug=slug, defaults={**defaults, **more})

    for slug, district_name, area, population, valid_from in CURRENT:
        current, made = district(slug, district_name, area, population, valid_from=valid_from)
        by_slug[slug] = current
        districts += made
        for kind, label in UNIT_KINDS:
            _unit, made = Unit.objects.get_or_create(
                district=current,
                kind=kind,
                defaults={"municipality": stockholm, "name": f"{label}, {district_name}"},
            )
            units += made
    for slug, district_name, area, population, successor in MERGED:
        _merged, made = district(
            slug,
            district_name,
            area,
            population,
            valid_from=LONG_AGO,
            valid_to=MERGER - dt.timedelta(days=1),
            successor=by_slug[successor],
        )
        districts += made
    log(
        f"{name}: {tally(districts, len(CURRENT) + len(MERGED), 'stadsdelar')}, "
        f"{tally(units, len(CURRENT) * len(UNIT_KINDS), 'enheter')}."
    )
    return created + districts + units
