"""The public e-services in the demo (issue 11): a few Stockholm postal codes with their
districts, so that a concern report naming the child's address (e.g. "Rinkebysvängen 1,
163 71 Stockholm") lands in that district's intake (`eservices.PostalArea`). Illustrative, not a
complete register: a municipality loads its own."""

from skyddsnat.eservices.models import PostalArea
from skyddsnat.organisation.models import District

POSTAL_CODES = {
    "jarva": ["16371", "16372", "16373", "16440", "16365", "16364"],
    "sodermalm": ["11820", "11846", "11853", "11639", "11664"],
    "kungsholmen": ["11220", "11234", "11251"],
    "bromma": ["16731", "16751", "16833"],
    "farsta": ["12347", "12348", "12371"],
}


def postal_areas_ensure() -> int:
    """Add the demo's postal codes that are missing; returns how many were added."""
    added = 0
    for slug, codes in POSTAL_CODES.items():
        district = District.objects.filter(slug=slug).first()
        if district is None:
            continue
        for code in codes:
            _area, created = PostalArea.objects.get_or_create(
                postal_code=code, defaults={"district": district}
            )
            added += created
    return added
