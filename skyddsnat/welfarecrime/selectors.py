"""Reads of welfare-crime signals, scoped to the user: their district's register, nothing else."""

from django.db.models import QuerySet
from django.http import Http404, QueryDict

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases import policy
from skyddsnat.lib.paging import Page, page_of
from skyddsnat.organisation.models import User
from skyddsnat.welfarecrime.models import Signal


def visible_signals(user: User) -> QuerySet[Signal]:
    """The signals of the user's district for its officers and managers; none for anyone else."""
    district_id = policy.home_district_id(user)
    if not policy.sees_welfare_crime(user) or district_id is None:
        return Signal.objects.none()
    return Signal.objects.filter(district_id=district_id)


def _register(user: User, year: int) -> QuerySet[Signal]:
    return (
        visible_signals(user)
        .filter(received_on__year=year)
        .select_related("district", "assessment", "person")
        .order_by("-received_on", "-pk")
    )


def register_page(*, user: User, year: int, params: QueryDict) -> Page:
    """The district's register of a year, newest first, 50 a page; the page shown is audited."""
    page = page_of(_register(user, year), params)
    audit_log_many(
        user=user,
        action="welfarecrime.register.list",
        rows=[(row.person_id, None) for row in page.object_list],
        year=year,
    )
    return page


def register_rows(*, user: User, year: int) -> list[Signal]:
    """The whole register of a year for the export; every row is audited."""
    rows = list(_register(user, year))
    audit_log_many(
        user=user,
        action="welfarecrime.register.export",
        rows=[(row.person_id, None) for row in rows],
        year=year,
    )
    return rows


def get_signal_for_user(user: User, signal_id: int) -> Signal:
    """The signal if the user may see it; otherwise 404, like one that does not exist."""
    signal = (
        visible_signals(user)
        .select_related("district", "assessment", "person", "registered_by")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None:
        audit_log(user=user, action="welfarecrime.signal.refused", requested=str(signal_id)[:40])
        raise Http404
    audit_log(
        user=user,
        action="welfarecrime.signal.read",
        person_id=signal.person_id,
        signal_id=signal.pk,
    )
    return signal
