"""What the partners app registers at startup (`PartnersConfig.ready()`): on the person page, the
links to the person's consents and disclosures for those who record them."""

from skyddsnat.cases import policy
from skyddsnat.cases.registry import register_person_page_part
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Person


def person_page_part(user: User, person: Person) -> dict[str, object]:
    return {"partners_links": policy.may_record_consents(user)}


register_person_page_part(person_page_part)
