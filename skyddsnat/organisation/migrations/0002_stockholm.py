"""Stockholm as example organisation data: the 11 districts since 1 July 2023, and the four 2021
districts that the 2023 mergers replaced, each pointing to its successor. Populations are the
approximate 2021 forecast in domain.md §1."""

import datetime as dt

from django.db import migrations

MERGER = dt.date(2023, 7, 1)
LONG_AGO = dt.date(1997, 1, 1)  # the district reform; earlier history is not modelled

CURRENT = [
    # slug, name, area, population, valid_from
    ("jarva", "Järva", "outer", 94_000, MERGER),
    ("norra-innerstaden", "Norra innerstaden", "inner", 151_000, MERGER),
    ("kungsholmen", "Kungsholmen", "inner", 71_000, LONG_AGO),
    ("sodermalm", "Södermalm", "inner", 129_000, LONG_AGO),
    ("bromma", "Bromma", "outer", 86_000, LONG_AGO),
    ("hasselby-vallingby", "Hässelby-Vällingby", "outer", 77_000, LONG_AGO),
    ("enskede-arsta-vantor", "Enskede-Årsta-Vantör", "outer", 105_000, LONG_AGO),
    ("farsta", "Farsta", "outer", 60_000, LONG_AGO),
    ("hagersten-alvsjo", "Hägersten-Älvsjö", "outer", 130_000, dt.date(2020, 1, 1)),
    ("skarpnack", "Skarpnäck", "outer", 48_000, LONG_AGO),
    ("skarholmen", "Skärholmen", "outer", 38_000, LONG_AGO),
]

MERGED = [
    # slug, name, area, population share of the successor, successor
    ("rinkeby-kista", "Rinkeby-Kista", "outer", 51_000, "jarva"),
    ("spanga-tensta", "Spånga-Tensta", "outer", 43_000, "jarva"),
    ("norrmalm", "Norrmalm", "inner", 73_000, "norra-innerstaden"),
    ("ostermalm", "Östermalm", "inner", 78_000, "norra-innerstaden"),
]

UNIT_KINDS = [("children", "Barn och unga"), ("lss", "Funktionsnedsättning (LSS)")]


def load(apps, schema_editor):
    Municipality = apps.get_model("organisation", "Municipality")
    District = apps.get_model("organisation", "District")
    Unit = apps.get_model("organisation", "Unit")
    stockholm = Municipality.objects.create(code="0180", name="Stockholms stad")
    by_slug = {}
    for slug, name, area, population, valid_from in CURRENT:
        by_slug[slug] = District.objects.create(
            municipality=stockholm,
            slug=slug,
            name=name,
            area=area,
            population=population,
            valid_from=valid_from,
        )
        for kind, label in UNIT_KINDS:
            Unit.objects.create(
                municipality=stockholm, district=by_slug[slug], kind=kind, name=f"{label}, {name}"
            )
    for slug, name, area, population, successor in MERGED:
        District.objects.create(
            municipality=stockholm,
            slug=slug,
            name=name,
            area=area,
            population=population,
            valid_from=LONG_AGO,
            valid_to=MERGER - dt.timedelta(days=1),
            successor=by_slug[successor],
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
