"""JSON bodies, with the parse error in the user's language and a limit on nesting.

The size limit needs nothing here: DRF reads JSON through `request.body`, where Django refuses a
body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig, answered 413 by `api.errors`).

Nesting is limited before parsing: Python's parser recurses once per level, so a body of 40,000
`[` (80 KB, well under the size limit) exhausts the stack and answered 500. No body of ours nests
more than three levels.
"""

import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_DEPTH = 32
# No number of ours is larger than a 64-bit integer (ids are); larger ones are typing slips or
# probes, and `1e999` would become infinity.
MAX_INT = 2**63 - 1


class _NumberOutOfRange(ValueError):
    pass


def _parse_int(text: str) -> int:
    # Python refuses more than 4,300 digits itself; anything past 64 bits is refused here.
    value = int(text)
    if not -MAX_INT - 1 <= value <= MAX_INT:
        raise _NumberOutOfRange(text[:30])
    return value


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NumberOutOfRange(text[:30])
    return value


# A string (possessive, so no backtracking) or one bracket; brackets inside strings do not count.
_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def nesting_exceeds(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when arrays and objects in the JSON `text` nest deeper than `limit`."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _TOKENS.finditer(text):
        piece = match.group()
        if piece in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif piece in ("]", "}"):
            depth -= 1
    return False


class JSONBodyParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(_("The request body is not valid UTF-8 text.")) from None
        if nesting_exceeds(text):
            raise ParseError(
                _("The request body nests deeper than %(limit)d levels.") % {"limit": MAX_DEPTH}
            )
        try:
            # NaN and Infinity are not JSON; the strict constant refuses them.
            return json.loads(
                text,
                parse_constant=json.strict_constant,
                parse_int=_parse_int,
                parse_float=_parse_float,
            )
        except _NumberOutOfRange as exc:
            raise ParseError(
                _("The request body holds a number out of range: %(number)s") % {"number": exc}
            ) from None
        except (ValueError, RecursionError) as exc:
            raise ParseError(
                _("The request body is not valid JSON (%(error)s).") % {"error": exc}
            ) from None
