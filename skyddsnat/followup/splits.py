"""Splits of the follow-up figures by the child's (or person's) sex and age band (`split=sex`,
`split=age_band`), as the national municipal comparisons expect.

Sex is read from the identity number: its second-to-last digit is odd for men and boys, even for
women and girls; a person without a number has unknown sex. The age is in whole years on the day
of the event the figure counts (a report's day, a decision's day, an intervention's start), and
the band is the `AgeBand` (rule data, admin) that holds it; no birth date, or an age no band holds,
is an unknown age. A split's parts of a group add up to the group, so the suppression treats them
as one more partition (suppression.py): a part of 1–4 children is "<5", and when exactly one part
of a group is suppressed another is too.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skyddsnat.followup.models import AgeBand
from skyddsnat.lib import identity
from skyddsnat.people.models import Person

SEX = "sex"
AGE_BAND = "age_band"
SPLITS = (SEX, AGE_BAND)
# The choice on the pages ("Dela upp efter"): none, sex, age band.
SPLIT_CHOICES = [("", _("No split")), (SEX, _("Sex")), (AGE_BAND, _("Age band"))]

FEMALE, MALE, UNKNOWN = "female", "male", "unknown"
SEX_PARTS = (FEMALE, MALE, UNKNOWN)
SEX_OF_CODE = {"K": FEMALE, "M": MALE, "": UNKNOWN}


def parse_split(value: str | None) -> str | None:
    """The `split` query parameter: None (no split) for an empty one; anything else is refused."""
    if not value:
        return None
    if value not in SPLITS:
        raise ValidationError(
            gettext("Unknown split %(value)s: use sex or age_band.") % {"value": value[:40]}
        )
    return value


def sex_code(number: str | None) -> str:
    """ "K", "M" or "" (no number) from an identity number (12 digits)."""
    if not number or len(number) != 12 or not number.isdigit():
        return ""
    return "M" if int(number[10]) % 2 else "K"


def birth_date(number: str | None, recorded: dt.date | None) -> dt.date | None:
    """The date of birth as the splits use it: from the number when there is one (a
    coordination number's day less 60), else the one recorded."""
    if number and len(number) == 12 and number.isdigit():
        try:
            return identity.birth_date(number)
        except ValueError:  # digits that are no date (a bulk load): as store.BORN_SQL
            pass
    return recorded


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Bands:
    """The age bands as they stand: (age_from, age_to or None, code, label), by age."""

    bands: tuple[tuple[int, int | None, str, str], ...]

    @classmethod
    def load(cls) -> "Bands":
        return cls(tuple((b.age_from, b.age_to, b.code, b.label) for b in AgeBand.objects.all()))

    def band_of(self, age: int | None) -> int:
        """The age_from of the band holding `age`; -1 when unknown (as the reaction facts)."""
        if age is None:
            return -1
        for low, high, _code, _label in self.bands:
            if low <= age and (high is None or age <= high):
                return low
        return -1

    def parts(self) -> list[str]:
        return [*(str(low) for low, *_rest in self.bands), UNKNOWN]

    def code(self, part: str) -> str:
        """The API's value of a band part: "0-6", "65-", "unknown"."""
        for low, _high, code, _label in self.bands:
            if str(low) == part:
                return code
        return UNKNOWN

    def label(self, part: str) -> str:
        for low, _high, _code, label in self.bands:
            if str(low) == part:
                return label
        return gettext("Unknown age")


def part_of(split: str | None, sex: str, band: int) -> str | None:
    """A cell's part under `split` from the child's sex code and band (age_from, -1 unknown)."""
    if split == SEX:
        return SEX_OF_CODE.get(sex, UNKNOWN)
    if split == AGE_BAND:
        return str(band) if band >= 0 else UNKNOWN
    return None


def parts(split: str | None, bands: Bands | None = None) -> list[str]:
    """Every part of a split, in the order the pages show them."""
    if split == SEX:
        return list(SEX_PARTS)
    if split == AGE_BAND:
        return (bands or Bands.load()).parts()
    return []


def part_label(split: str, part: str, bands: Bands | None = None) -> str:
    if split == SEX:
        return {
            FEMALE: gettext("Girls/women"),
            MALE: gettext("Boys/men"),
            UNKNOWN: gettext("Unknown sex"),
        }[part]
    return (bands or Bands.load()).label(part)


def part_code(split: str, part: str, bands: Bands | None = None) -> str:
    """The API's and the files' value of a part."""
    if split == SEX:
        return part
    return (bands or Bands.load()).code(part)


def heading(split: str | None) -> str:
    """The heading of a split's column ("Kön", "Åldersgrupp"); empty without a split."""
    if not split:
        return ""
    return gettext("Sex") if split == SEX else gettext("Age band")


class Parts:
    """Each person's part under a split, on the day of an event (two queries at most: the
    persons, and the age bands). A record without a person (an anonymous outreach contact) is
    in the unknown part of either split."""

    def __init__(self, split: str | None, person_ids: Iterable[int | None]) -> None:
        self.split = split
        self.bands = Bands.load() if split == AGE_BAND else None
        self.persons: dict[int, tuple[str | None, dt.date | None]] = {}
        if split:
            self.persons = {
                pk: (number, born)
                for pk, number, born in Person.objects.filter(
                    pk__in={pk for pk in person_ids if pk is not None}
                ).values_list("pk", "personal_identity_number", "date_of_birth")
            }

    def part(self, person_id: int | None, day: dt.date) -> str | None:
        """The person's part on `day` (None without a split)."""
        if not self.split:
            return None
        number, recorded = self.persons.get(person_id, (None, None)) if person_id else (None, None)
        band = -1
        if self.bands is not None:
            band = self.bands.band_of(age_on(birth_date(number, recorded), day))
        return part_of(self.split, sex_code(number), band)

    def names(self) -> list[str]:
        """Every part, in the order the pages show them."""
        return parts(self.split, self.bands)

    def label(self, part: str) -> str:
        return part_label(self.split or SEX, part, self.bands)

    def code(self, part: str) -> str:
        return part_code(self.split or SEX, part, self.bands)


def hidden_people(
    people: Mapping[Any, set[int]], wholes: Iterable[tuple], part_names: list[str]
) -> set[Any]:
    """The cells to show as "<5" when each cell counts the people in `people` (keyed by a tuple
    whose last item is the part, "" for the whole) and each whole is the sum of its parts: a cell
    of 1–4 people, and the complements `suppression.complete` adds across each whole's parts."""
    from skyddsnat.followup import suppression  # it imports the figures, which import this

    primary = {key for key, ids in people.items() if 0 < len(ids) < suppression.MIN_CHILDREN}
    partitions: list[tuple[Any, list[Any]]] = [
        (whole, [(*whole[:-1], part) for part in part_names]) for whole in sorted(set(wholes))
    ]

    def n(key: Any) -> int:
        return len(people.get(key, ()))

    return suppression.complete(primary, partitions, n)
