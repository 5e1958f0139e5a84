"""The template language of letters: Django's, in a sandbox.

A municipality's administrator writes the letters' text. The engine here knows only the tags and
filters of `sandbox_tags` (no file is read: no loaders, no `include`), and the context holds plain
dicts, lists, strings and dates built by `letters.context`, never a model instance, so a
template cannot call a method that reaches the database. The output is plain text: it is escaped
as a whole when drawn as PDF (`letters.pdf`), so neither a value nor the template's own text is
ever read as markup.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.utils.translation import gettext as _

from skyddsnat.lib import validators

BODY_MAX_LENGTH = 20_000

# Marks a variable the context does not have, so that validation can name it.
_UNKNOWN = "\ufdd0%s\ufdd1"


class _SandboxEngine(Engine):
    # Django's own builtins (every tag and filter, with loader_tags) are not loaded.
    default_builtins: list[str] = []


def _engine(string_if_invalid: str = "") -> Engine:
    return _SandboxEngine(
        builtins=["skyddsnat.letters.sandbox_tags"],
        libraries={},
        loaders=[],
        autoescape=False,
        debug=False,
        string_if_invalid=string_if_invalid,
    )


_RENDER = _engine()
_CHECK = _engine(_UNKNOWN)


def compile_body(body: str) -> Template:
    """The template, or ValidationError {"body": …} with a Swedish message saying what is wrong."""
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("The text can be at most %(limit)d characters.")
                % {"limit": BODY_MAX_LENGTH}
            }
        )
    try:
        validators.validate_text(body)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from None
    try:
        return _CHECK.from_string(body)
    except TemplateSyntaxError as error:
        raise ValidationError(
            {
                "body": _("The template cannot be read: %(error)s. Nothing was saved.")
                % {"error": _explain(error)}
            }
        ) from None


def _explain(error: TemplateSyntaxError) -> str:
    message = str(error)
    if message.startswith("Invalid block tag"):
        tag = message.split("'")[1] if "'" in message else ""
        return _("the tag “%(tag)s” is not allowed or not closed") % {"tag": tag}
    if message.startswith("Invalid filter"):
        name = message.split("'")[1] if "'" in message else ""
        return _("the filter “%(name)s” is not allowed") % {"name": name}
    if "Unclosed tag" in message:
        return _("a tag is not closed (for example {% if %} without {% endif %})")
    return _("the tags or variables are not written correctly")


def validate_body(body: str, sample: dict[str, Any]) -> None:
    """Refuse a template that does not compile, or that names a value the letter does not have
    (rendered against `sample`, a context of the letter's kind)."""
    template = compile_body(body)
    try:
        text = template.render(Context(sample, autoescape=False))
    except Exception as error:  # noqa: BLE001 - any failure of an administrator's text is input
        raise ValidationError(
            {
                "body": _("The template cannot be used: %(error)s. Nothing was saved.")
                % {"error": type(error).__name__}
            }
        ) from None
    unknown = sorted(
        {part.split("\ufdd1", 1)[0] for part in text.split("\ufdd0")[1:] if "\ufdd1" in part}
    )
    if unknown:
        raise ValidationError(
            {
                "body": _("The letter has no value named %(names)s. Nothing was saved.")
                % {"names": ", ".join(f"“{name}”" for name in unknown)}
            }
        )


def render_body(body: str, context: dict[str, Any]) -> str:
    """The letter's text: the template rendered with `context` (plain data only)."""
    return _RENDER.from_string(body).render(Context(context, autoescape=False))
