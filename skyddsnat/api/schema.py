"""Documents in the OpenAPI schema the problems every operation can answer, whatever the view.

Some answers come from the layers around a view, not from the view: the input middleware (400 for
NUL bytes or broken UTF-8 in the query string), the JSON parser (400 for a malformed or too deeply
nested body, 413 for a body over the size limit, 415 for another content type), content
negotiation (406), authentication (401) and session CSRF (403 on writes). A client must be able to
rely on the schema's list of statuses, so a drf-spectacular post-processing hook adds them to each
operation; what only a view answers (403 for a role, 404, 409) its `extend_schema` declares.
"""

from typing import Any

PROBLEM_CONTENT_TYPE = "application/problem+json"
_PROBLEM = {"$ref": "#/components/schemas/Problem"}
_UNSAFE = {"post", "put", "patch", "delete"}

_DESCRIPTIONS = {
    "400": "Invalid input, a malformed body or query string (problem+json naming the field).",
    "401": "No valid credentials.",
    "403": "Not allowed (the role, or a session request without its CSRF token).",
    "406": "The `Accept` header asks for something other than JSON.",
    "413": "The request body is larger than the limit.",
    "415": "The body is not `application/json`.",
}


def _problem(code: str) -> dict[str, Any]:
    return {
        "content": {PROBLEM_CONTENT_TYPE: {"schema": _PROBLEM}},
        "description": _DESCRIPTIONS[code],
    }


def add_common_problems(result: dict, generator: Any, request: Any, public: bool) -> dict:
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "406"]
            # drf-spectacular leaves `security` out of an operation open to anyone (the token).
            security = operation.get("security") or []
            authenticated = bool(security) and {} not in security
            if authenticated:
                codes.append("401")
                if method in _UNSAFE:
                    codes.append("403")
            if "requestBody" in operation:
                codes += ["413", "415"]
            responses = operation["responses"]
            for code in codes:
                responses.setdefault(code, _problem(code))
    return result
