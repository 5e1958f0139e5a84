"""`Idempotency-Key` for POST endpoints: a client that lost the answer to a write (a timeout, a
dropped connection) sends the same request with the same key again and gets the same answer,
without a second record being stored.

    Idempotency-Key: 9f1c6a52-4d7e-4f0e-9a57-3f3b8c2e1d10

- The same key again, from the same user, with the same body: the stored answer (same status,
  same body) and the header `Idempotent-Replayed: true`; nothing new is stored.
- The same key with another body or on another endpoint: 422, nothing is stored.
- Two requests with one key at once: the database's unique (user, key) makes the second wait for
  the first; it then answers what the first answered (or, if the first failed and stored nothing,
  does the write itself).
- Only answers of a completed write are kept: an error stores nothing, so the client may retry
  with the same key. Keys are kept for `SKYDDSNAT_IDEMPOTENCY_HOURS` (24 by default).

A view uses it as `return idempotent(request, scope="children.report.create", perform=...)`, where
`perform` does the write and builds its answer in the transaction this opens.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from skyddsnat.api.models import IdempotencyKey
from skyddsnat.audit.services import audit_log
from skyddsnat.organisation.requests import staff

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255

# For `extend_schema(parameters=[...])` of an endpoint that honours the header.
SCHEMA_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A unique value the client chooses per intended write (a UUID), 1–255 printable ASCII "
        "characters. Sending the same request again with the same key answers the first "
        "answer (same status and body, header `Idempotent-Replayed: true`) and stores nothing "
        "new; the same key with another body answers 422. Keys are remembered for 24 hours."
    ),
)


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used for another request. Use a new key for a new write."
    )
    default_code = "idempotency_key_reused"


@dataclass(frozen=True)
class Answer:
    """What a write answered, and whom it was about (for the audit entry of a replay)."""

    response: Response
    person_id: int | None = None
    case_id: int | None = None


def request_digest(request: Request) -> str:
    """The request as the key stands for it: method, path and the parsed body, canonically."""
    body = json.dumps(request.data, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=True)
    text = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def _key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise exceptions.ValidationError(
            {HEADER: [_("Give 1 to 255 printable ASCII characters, e.g. a UUID.")]}
        )
    return key


def _lifetime_cutoff() -> dt.datetime:
    return timezone.now() - settings.IDEMPOTENCY_KEY_LIFETIME


def idempotent(request: Request, *, scope: str, perform: Callable[[], Answer]) -> Response:
    """Run `perform` (the write and the building of its answer) in one transaction, once per
    (user, Idempotency-Key). Without the header it just runs `perform` in a transaction."""
    key = _key(request)
    if key is None:
        with transaction.atomic():
            return perform().response
    user = staff(request)
    digest = request_digest(request)
    with transaction.atomic():
        # Forget expired keys (this user's same key first, so it may be used again).
        IdempotencyKey.objects.filter(created_at__lt=_lifetime_cutoff()).delete()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=user,
                    key=key,
                    scope=scope,
                    request_digest=digest,
                    status_code=0,
                    body="",
                )
        except IntegrityError:
            # The key is taken: by a request that has completed (our insert waited for it to
            # commit). Answer what it answered.
            stored = IdempotencyKey.objects.get(user=user, key=key)
            if stored.scope != scope or stored.request_digest != digest:
                raise KeyReused() from None
            audit_log(
                user=user,
                action="api.idempotency.replay",
                person_id=stored.person_id,
                case_id=stored.case_id,
                scope=scope,
            )
            return Response(
                json.loads(stored.body),
                status=stored.status_code,
                headers={REPLAYED_HEADER: "true"},
            )
        answer = perform()
        record.status_code = answer.response.status_code
        record.body = json.dumps(answer.response.data, cls=DjangoJSONEncoder)
        record.person_id = answer.person_id
        record.case_id = answer.case_id
        record.save(update_fields=["status_code", "body", "person_id", "case_id"])
        return answer.response
