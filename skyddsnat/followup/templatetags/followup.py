from django import template

from skyddsnat.followup import formats

register = template.Library()


@register.filter
def get_item(row: dict, key: str) -> object:
    return row.get(key)


@register.filter
def figure(value: object, key: str = "") -> object:
    """A figure in Swedish form (formats.py): "4 022 727 273", "12,5", a share or percentage
    column as "4,4 %". Four-digit whole numbers such as years stay as they are; "<5" and text
    pass through."""
    if not formats.is_number(value):
        return value
    if key.endswith(("_share", "percent")):
        return formats.percent(value)  # type: ignore[arg-type]
    return formats.number(value)  # type: ignore[arg-type]


@register.filter
def is_preliminary(row: dict, key: str) -> bool:
    """Whether a figure of an equal-treatment row is not final yet (censoring, equality.py)."""
    incomplete = row.get("incomplete") if isinstance(row, dict) else None
    return bool(incomplete) and key in incomplete  # type: ignore[operator]
