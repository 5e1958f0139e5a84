"""JSON bodies, with the parse error in the user's language.

The size limit needs nothing here: DRF reads JSON through `request.body`, where Django refuses a
body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig, answered 413 by `api.errors`).
"""

from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONBodyParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(
                _("The request body is not valid JSON (%(error)s).") % {"error": exc.detail}
            ) from None
