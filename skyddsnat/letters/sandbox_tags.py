"""The only tags and filters a letter template may use (`letters.engine`): conditions, loops and
text formatting. No `include`, `extends`, `load`, `debug`, `url`, `static`, `csrf_token` or
`templatetag`: nothing that reads a file, names a URL or prints the engine's own state."""

from django.template import Library, defaultfilters, defaulttags

register = Library()

for _name in ("if", "for", "with", "comment", "firstof", "spaceless"):
    register.tag(_name, defaulttags.register.tags[_name])

for _name in (
    "capfirst",
    "date",
    "default",
    "default_if_none",
    "join",
    "length",
    "lower",
    "title",
    "upper",
    "yesno",
    "pluralize",
):
    register.filter(_name, defaultfilters.register.filters[_name])
