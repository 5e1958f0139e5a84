"""Pieces of the pages' tables: `{% load tables %}`."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def column_heads(*labels: str) -> SafeString:
    """The header cells of a table's columns, one `<th scope="col">` a label (escaped), e.g.
    `{% column_heads _("Case") _("Person") %}`; `_()` translates the label where it stands."""
    return format_html_join("", '<th scope="col">{}</th>', ((label,) for label in labels))
