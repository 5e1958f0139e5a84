"""Organisation as data (issue 2 point 3): Stockholm's 11 districts since 1 July 2023, the 2023
mergers, validity dates, and the delegation order."""

import datetime as dt

import pytest

from skyddsnat.organisation.models import Area, Delegation, District, Municipality, Unit

CONTRACT_SLUGS = {
    "jarva",
    "norra-innerstaden",
    "kungsholmen",
    "sodermalm",
    "bromma",
    "hasselby-vallingby",
    "enskede-arsta-vantor",
    "farsta",
    "hagersten-alvsjo",
    "skarpnack",
    "skarholmen",
}
TODAY = dt.date(2025, 6, 1)


def _current():
    return District.objects.filter(municipality__code="0180", valid_to__isnull=True)


def test_stockholm_has_the_11_current_districts_with_the_contract_slugs(db):
    assert set(_current().values_list("slug", flat=True)) == CONTRACT_SLUGS
    assert all(slug.isascii() for slug in CONTRACT_SLUGS)


def test_three_districts_are_inner_city_and_eight_outer(db):
    inner = set(_current().filter(area=Area.INNER).values_list("slug", flat=True))
    assert inner == {"kungsholmen", "norra-innerstaden", "sodermalm"}
    assert _current().filter(area=Area.OUTER).count() == 8


def test_the_populations_sum_to_about_990_000(db):
    total = sum(_current().values_list("population", flat=True))
    assert 980_000 <= total <= 1_000_000
    assert District.objects.get(slug="jarva").population == 94_000


def test_every_current_district_has_a_children_and_youth_unit(db):
    for district in _current():
        assert Unit.objects.filter(district=district, kind="children").count() == 1, district


@pytest.mark.parametrize(
    ("old", "successor"),
    [
        ("rinkeby-kista", "jarva"),
        ("spanga-tensta", "jarva"),
        ("norrmalm", "norra-innerstaden"),
        ("ostermalm", "norra-innerstaden"),
    ],
)
def test_the_four_2021_districts_map_to_their_successors(db, old, successor):
    district = District.objects.get(slug=old)
    assert district.current().slug == successor
    assert district.valid_to == dt.date(2023, 6, 30)
    assert district.is_valid_on(dt.date(2021, 1, 1))
    assert not district.is_valid_on(dt.date(2023, 7, 1))


def test_a_current_district_is_its_own_current(db):
    jarva = District.objects.get(slug="jarva")
    assert jarva.current() == jarva


def test_a_chain_of_mergers_is_followed_to_the_end(db):
    stockholm = Municipality.objects.get(code="0180")
    older = District.objects.create(
        municipality=stockholm,
        slug="rinkeby",
        name="Rinkeby",
        valid_from=dt.date(1990, 1, 1),
        valid_to=dt.date(1996, 12, 31),
        successor=District.objects.get(slug="rinkeby-kista"),
    )
    assert older.current().slug == "jarva"


def test_valid_on_respects_both_ends(db):
    jarva = District.objects.get(slug="jarva")
    assert not jarva.is_valid_on(dt.date(2023, 6, 30))
    assert jarva.is_valid_on(dt.date(2023, 7, 1))
    assert jarva.is_valid_on(TODAY)
    assert jarva.is_valid_on(dt.date(2100, 1, 1))


def test_the_districts_valid_on_a_day_in_2021_were_13(db):
    valid = [
        d
        for d in District.objects.filter(municipality__code="0180")
        if d.is_valid_on(dt.date(2021, 6, 1))
    ]
    assert len(valid) == 13


def test_the_districts_valid_today_are_the_11(db):
    valid = {d.slug for d in District.objects.all() if d.is_valid_on(TODAY)}
    assert valid == CONTRACT_SLUGS


def test_the_delegation_order_names_its_legal_basis(db):
    lines = list(Delegation.objects.all())
    assert lines
    assert all(line.citation for line in lines)
