"""schemathesis against /api/openapi.json, through the WSGI app with an administrator's Bearer token.

For every operation of the document it generates requests (valid and invalid) and checks that none gets a
server error and every response matches what the document says. Kept small (``MAX_EXAMPLES`` per operation)
so that it runs in the suite on SQLite and PostgreSQL alike.
"""

import hashlib

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.checks import not_a_server_error

from yingshang.wsgi import application

MAX_EXAMPLES = 10
ADMIN_KEY = "schemathesis-admin"


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app closes the database connection after each request (request_finished →
    close_old_connections), which on PostgreSQL would close the test's transaction; Django's own test
    client disconnects the same handler around each request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(users):
    from yingshang.core.models import ApiToken

    ApiToken.objects.create(user=users["admin"], name="schemathesis", key_hash=hashlib.sha256(ADMIN_KEY.encode()).hexdigest())
    return ADMIN_KEY


# Loaded at collection: the document is generated from the code and needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_document(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"},
                           checks=[not_a_server_error, response_schema_conformance])
