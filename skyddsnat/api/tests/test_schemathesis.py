"""A bounded, deterministic schemathesis run over the whole API schema with every check.

Schemathesis generates valid and invalid requests for every operation in `/api/schema/` (bodies,
query strings, path ids; odd strings, huge numbers, missing fields) and checks each answer: never
5xx, the status and content type documented, the body matching its schema, invalid input refused,
unsupported methods answered 405. It calls the Django app through WSGI in-process, as the Järva
caseworker with a case in investigation (so the case endpoints have something to find).

Bounded (`MAX_EXAMPLES` per operation, derandomized) so it runs in about a minute on two cores; a
longer run is `SKYDDSNAT_SCHEMATHESIS_EXAMPLES=500 ./scripts/test -k schemathesis`.

Two relaxations, and why: `positive_data_acceptance` also accepts 400. A body can match the
schema and still break a rule of the law the schema cannot express (a decision dated before the
report, an extension past the rule's longest one); those answer 400 naming the field, and that is
right. Both data checks accept 412: a generated `If-Match` names no version of the case, and the
write is refused before anything is stored, as it should be.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig

MAX_EXAMPLES = int(os.environ.get("SKYDDSNAT_SCHEMATHESIS_EXAMPLES", "12"))

CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "412", "429"]
            },
            # A write whose generated `If-Match` names no version of the case is refused with 412
            # before anything is stored, whether the rest of the request is valid or not: the
            # right answer to a precondition that fails (schemathesis does not expect it).
            "negative_data_rejection": {
                "expected-statuses": [
                    *("400", "401", "403", "404", "405", "406", "409", "412", "415", "422"),
                    *("428", "429", "5xx"),
                ]
            },
        },
    }
)


@pytest.fixture
def wsgi_app(db):
    """The app as a WSGI server would run it, inside the test's transaction: Django would close
    the connection at each request's start and end (it is not in autocommit), so those signal
    handlers are off while the test runs, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(api, investigated_case) -> str:
    return api._credentials["HTTP_AUTHORIZATION"].removeprefix("Bearer ")


@pytest.fixture
def api_schema(token, wsgi_app):
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json",
        wsgi_app,
        config=CONFIG,
        headers={"Authorization": f"Bearer {token}"},
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
