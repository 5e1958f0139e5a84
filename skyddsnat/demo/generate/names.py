"""Invented people and places: common Swedish first and last names combined at random, so no
generated person is a real client. Street names are generic ones found in most Swedish towns."""

import random

GIRLS = [
    "Alice", "Maja", "Vera", "Elsa", "Astrid", "Alma", "Wilma", "Ebba", "Selma", "Olivia",
    "Saga", "Ella", "Agnes", "Freja", "Lilly", "Stella", "Clara", "Signe", "Ines", "Nora",
    "Amira", "Sara", "Leila", "Hanna", "Ida",
]  # fmt: skip
BOYS = [
    "William", "Noah", "Hugo", "Lucas", "Liam", "Oliver", "Elias", "Adam", "Alexander", "Matteo",
    "Leo", "Oscar", "Nils", "Vincent", "Theo", "Ali", "Omar", "Isak", "Viktor", "Axel",
    "Arvid", "Melvin", "Sixten", "Yusuf", "Ibrahim",
]  # fmt: skip
ADULT_WOMEN = [
    "Anna", "Maria", "Eva", "Karin", "Sara", "Lena", "Emma", "Kristina", "Johanna", "Malin",
    "Fatima", "Elin", "Sofia", "Linda", "Camilla", "Jenny", "Amina", "Susanne",
]  # fmt: skip
ADULT_MEN = [
    "Erik", "Lars", "Anders", "Johan", "Per", "Karl", "Mikael", "Peter", "Daniel", "Fredrik",
    "Mohammed", "Jonas", "Martin", "Andreas", "Stefan", "Ahmed", "Magnus", "Thomas",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren",
    "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson",
    "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Ali", "Mohamed", "Ahmed", "Hassan",
    "Hussein", "Yilmaz",
]  # fmt: skip
STREETS = [
    "Storgatan", "Skolvägen", "Björkvägen", "Kyrkvägen", "Parkvägen", "Ringvägen", "Tallvägen",
    "Ekvägen", "Allévägen", "Granvägen", "Backvägen", "Sjövägen", "Ängsvägen", "Bäckvägen",
    "Lärkvägen", "Idrottsvägen", "Torggatan", "Strandvägen",
]  # fmt: skip
# A typical postal code area per district, so addresses look local.
POSTAL_BASE = {
    "jarva": 163, "norra-innerstaden": 113, "kungsholmen": 112, "sodermalm": 118,
    "bromma": 168, "hasselby-vallingby": 162, "enskede-arsta-vantor": 120, "farsta": 123,
    "hagersten-alvsjo": 126, "skarpnack": 128, "skarholmen": 127,
}  # fmt: skip


def child_first_name(rng: random.Random) -> str:
    return rng.choice(GIRLS if rng.random() < 0.5 else BOYS)


def adult_first_name(rng: random.Random, *, woman: bool) -> str:
    return rng.choice(ADULT_WOMEN if woman else ADULT_MEN)


def last_name(rng: random.Random) -> str:
    return rng.choice(LAST_NAMES)


def address(rng: random.Random, district_slug: str) -> tuple[str, str, str]:
    """(street address, postal code, city)."""
    base = POSTAL_BASE.get(district_slug, 100 + rng.randrange(80))
    street = f"{rng.choice(STREETS)} {rng.randrange(1, 80)}"
    postal_code = f"{base} {rng.randrange(10, 99)}"
    return street, postal_code, "Stockholm"
