"""Writes of outreach contacts: one service, used by the page and the API alike."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.lib import validators
from skyddsnat.organisation.models import District, User
from skyddsnat.outreach.models import AgeBand, Contact, PlaceKind, Topic
from skyddsnat.people.services import person_get_or_create


def _check(field: str, check, value) -> None:  # type: ignore[no-untyped-def]
    try:
        check(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def clean_topics(topics: Iterable[str]) -> list[str]:
    """The topics as stored: known values, each once, in the catalogue's order; at least one."""
    chosen = list(topics)
    known = [topic.value for topic in Topic]
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise ValidationError({"topics": _("Choose topics from the list.")})
    if not chosen:
        raise ValidationError({"topics": _("Choose at least one topic.")})
    return [topic for topic in known if topic in chosen]


def contact_register(
    *,
    user: User,
    contact_on: dt.date,
    place_kind: str,
    age_band: str,
    topics: Iterable[str],
    anonymous: bool,
    joint_with_police: bool = False,
    referral_made: bool = False,
    district: District | None = None,
    personal_identity_number: str = "",
    first_name: str = "",
    last_name: str = "",
    note: str = "",
    is_synthetic: bool = False,
) -> Contact:
    """Record an outreach contact in the worker's district. Anonymous: nobody is named. Named:
    the identity number (checked, NFKC-normalised by `lib.identity`) links the person, and the
    write is audited under them."""
    home = policy.home_district_id(user)
    if not policy.does_outreach(user) or home is None:
        raise PermissionDenied
    if district is not None and district.pk != home:
        raise ValidationError(
            {"district": _("You can only register contacts in your own district.")}
        )
    _check("contact_on", validators.validate_past, contact_on)
    if place_kind not in PlaceKind.values:
        raise ValidationError({"place_kind": _("Choose a kind of place from the list.")})
    if age_band not in AgeBand.values:
        raise ValidationError({"age_band": _("Choose an age band from the list.")})
    stored_topics = clean_topics(topics)
    _check("note", validators.validate_text, note)
    person = None
    if anonymous:
        if personal_identity_number or first_name or last_name:
            raise ValidationError(
                {"anonymous": _("An anonymous contact names no one: leave the person out.")}
            )
    else:
        if not personal_identity_number:
            raise ValidationError(
                {"personal_identity_number": _("A contact that is not anonymous names its person.")}
            )
        person, _created = person_get_or_create(
            personal_identity_number=personal_identity_number,
            first_name=first_name,
            last_name=last_name,
            is_synthetic=is_synthetic,
        )
        validators.validate_born_before(
            born=person.date_of_birth, event=contact_on, field="contact_on"
        )
    with transaction.atomic():
        contact = Contact.objects.create(
            district_id=home,
            contact_on=contact_on,
            place_kind=place_kind,
            age_band=age_band,
            topics=stored_topics,
            anonymous=anonymous,
            person=person,
            first_name=first_name.strip() if person else "",
            last_name=last_name.strip() if person else "",
            joint_with_police=joint_with_police,
            referral_made=referral_made,
            note=note,
            registered_by=user,
        )
        audit_log(
            user=user,
            action="outreach.contact.create",
            person_id=person.pk if person else None,
            contact_id=contact.pk,
        )
    return contact
