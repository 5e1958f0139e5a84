from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get_item(row: dict, key: str) -> object:
    return row.get(key)


@register.filter
def figure(value: object) -> object:
    """Whole numbers of five digits or more grouped by thousands ("4 022 727 273"), as Swedish
    typography writes them; four-digit numbers such as years stay as they are."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return number_format(value, force_grouping=True)
    return value
