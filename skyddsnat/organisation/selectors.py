"""Reads of the organisation that every flow shares."""

from django.db.models import QuerySet

from skyddsnat.organisation.models import District


def current_districts() -> QuerySet[District]:
    """Districts valid today: a report or an application is filed with the district that exists
    now."""
    return District.objects.filter(valid_to__isnull=True, successor__isnull=True).order_by("name")
