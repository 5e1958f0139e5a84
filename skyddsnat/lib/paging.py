"""Paging of list pages and list endpoints: one page size, one query parameter, forgiving input.

Every list of staff is paged with Django's Paginator, so that a manager's unit of several hundred
open cases costs one page of rows, not all of them (and one audit entry for the page, not one per
case the unit has). An odd page number (text, zero, past the end, a NUL byte) answers the nearest
real page rather than an error: a bookmarked link to page 9 of a list that has shrunk still works.
"""

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 50
PAGE_PARAM = "page"

T = TypeVar("T")


def page_of(
    items: "QuerySet[Any] | Sequence[T]",
    params: Mapping[str, Any],
    *,
    per_page: int | None = None,
) -> Page:
    """The page the query parameters ask for (`?page=`), the last when past the end."""
    # allow_empty_first_page: an empty list is one empty page, not a 404.
    paginator = Paginator(items, per_page or PAGE_SIZE, allow_empty_first_page=True)
    raw = params.get(PAGE_PARAM, 1)
    return paginator.get_page(str(raw)[:12] if raw is not None else 1)


def ordered(qs: "QuerySet[Any]", orders: Mapping[str, Sequence[Any]], key: str) -> "QuerySet[Any]":
    """`qs` in the order a list's sort choice names; a key not in `orders` (a hand-edited link)
    gets the list's default, the first entry, rather than an error. Every order ends in a unique
    column, so that a page boundary never shows a row twice or skips one."""
    return qs.order_by(*(orders.get(key) or next(iter(orders.values()))))


class ListForm(forms.Form):
    """The GET filter and sort form of a list: every field optional, and a value not among the
    choices (a hand-edited or stale link) is dropped, not an error, so the list still shows."""

    def filters(self) -> dict[str, str]:
        """The valid values chosen, each field that failed left at its default ("")."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or "" for name in self.fields}

    def set_choices(
        self, name: str, choices: Sequence[tuple[Any, Any]], *, unset: Any = None
    ) -> None:
        """Let the choice field `name` offer `choices` (set per request, from the database),
        after the empty choice that filters nothing (`unset`, "All" unless given)."""
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
        field.choices = [("", _("All") if unset is None else unset), *choices]

    def filtered(self) -> bool:
        return any(self.filters().values())
