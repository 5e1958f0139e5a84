"""Reads of outreach contacts, scoped to the user: their district's, nothing else."""

from django.db.models import QuerySet
from django.http import Http404, QueryDict

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases import policy
from skyddsnat.lib.paging import Page, page_of
from skyddsnat.organisation.models import User
from skyddsnat.outreach.models import Contact


def visible_contacts(user: User) -> QuerySet[Contact]:
    """The contacts of the user's district for outreach workers and its managers; none else."""
    district_id = policy.home_district_id(user)
    if not policy.sees_outreach(user) or district_id is None:
        return Contact.objects.none()
    return Contact.objects.filter(district_id=district_id)


def contact_page(*, user: User, params: QueryDict) -> Page:
    """The district's contacts, newest first, 50 a page; the page shown is audited."""
    rows = visible_contacts(user).select_related("district", "registered_by")
    page = page_of(rows.order_by("-contact_on", "-pk"), params)
    audit_log_many(
        user=user,
        action="outreach.contact.list",
        rows=[(row.person_id, None) for row in page.object_list],
    )
    return page


def get_contact_for_user(user: User, contact_id: int) -> Contact:
    """The contact if the user may see it; otherwise 404, like one that does not exist."""
    contact = visible_contacts(user).select_related("district").filter(pk=contact_id).first()
    if contact is None:
        audit_log(user=user, action="outreach.contact.refused", requested=str(contact_id)[:40])
        raise Http404
    audit_log(
        user=user,
        action="outreach.contact.read",
        person_id=contact.person_id,
        contact_id=contact.pk,
    )
    return contact
