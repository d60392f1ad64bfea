"""
schemathesis over every operation of the published schema, in process (WSGI), signed in with a
national coordinator's token (issue 13): no server error, and every answer matches the schema's
status codes, content types, headers and bodies. Examples are few and derandomised, so the run is
the same every time and quick enough for every `make test`.

The operations are run from one test (schemathesis' pytest plugin does not run under this pytest),
each with its own Hypothesis run; every failing operation is reported, not just the first.
"""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services
from tests.toolkit.factories import BehaviourFactory, OffenceFactory, TacticFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 12


def _run(operation, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.fixture
def keep_connection():
    """
    As Django's test client does: the real WSGI handler would close the database connection after
    each request, and with it the test's transaction (and its data).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def toolkit_entries():
    """Entries with and without the law-review fields, so the toolkit answers are checked with data."""
    today = datetime.date.today()
    TacticFactory(last_reviewed_on=today, review_due_on=today + datetime.timedelta(days=30),
                  review_reason="The pilot ends: check whether it was extended.", aliases="notice\norder")
    OffenceFactory(last_reviewed_on=today.replace(day=1), reviewed_month_only=True,
                   source_url="https://www.legislation.gov.uk/ukpga/2003/42/section/1")
    BehaviourFactory()


def test_every_operation_keeps_to_the_schema(world, coordinator_user, keep_connection, toolkit_entries):
    _, raw = services.api_token_create(user=coordinator_user, name="schemathesis", days=30)
    # The WSGI test client does not undo gzip (a real client does): ask for plain bodies.
    headers = {"Authorization": f"Bearer {raw}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    failures, ran = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        ran += 1
        try:
            _run(operation, headers)
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure is collected and shown
            failures.append(f"{operation.label}:\n{exc}")
    assert ran >= 35
    assert failures == [], "\n\n".join(failures)
    # The toolkit answers that were checked held the law-review fields. (Last: the test client
    # puts back the connection closing that keep_connection took away.)
    tools = Client().get("/api/v1/toolkit/tools/").json()["results"]
    assert tools[0]["review_due_on"] and tools[0]["law_as_at"]
