"""schemathesis against /api/openapi.json, through the WSGI app, every operation of the document.

For each operation it generates requests (valid and invalid: both generation modes) and checks that none gets
a server error and every response matches what the document says. Each request goes with the Bearer token of
the role the operation is for (``ROLE_FOR``: a unit's handler reports progress, an enterprise reads its own
policies; the administrator otherwise), and where an operation acts on one object its path names a real one
in that role's scope (``REAL_OBJECT``) half of the time, so that the bodies reach the services' own checks
instead of stopping at a 404. The same request is then sent without any credentials: 401 (or the public
answer), never a 5xx. Kept small (``MAX_EXAMPLES`` per operation) so that it runs in the suite on SQLite and
PostgreSQL alike.
"""

import hashlib
import zlib


import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.checks import not_a_server_error

from yingshang.wsgi import application

MAX_EXAMPLES = 10


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


ROLE_FOR = {
    "/api/v1/plans/tasks/{pk}/reports/": "handler_scj",
    "/api/v1/plans/tasks/{pk}/reports/upload/": "handler_scj",
    "/api/v1/policies/mine/": "enterprise",
    "/api/v1/policies/applications/{pk}/{action}/": "handler_scj",
    "/api/v1/appeals/appeals/": "operator",
}


def _open_task(users):
    from yingshang.plans.models import Task

    return Task.objects.filter(unit=users["handler_scj"].unit, state=Task.State.OPEN).values_list("pk", flat=True).first()


def _submitted_application(users):
    from yingshang.policies.models import PolicyApplication

    return PolicyApplication.objects.filter(status="submitted", item__unit=users["handler_scj"].unit).values_list("pk", flat=True).first()


def _open_appeal(users):
    from yingshang.appeals.models import Appeal

    return Appeal.objects.exclude(state__in=("closed", "merged")).values_list("tracking_no", flat=True).order_by("pk").first()


REAL_OBJECT = {
    "/api/v1/plans/tasks/{pk}/reports/": ("pk", _open_task),
    "/api/v1/plans/tasks/{pk}/reports/upload/": ("pk", _open_task),
    "/api/v1/policies/applications/{pk}/{action}/": ("pk", _submitted_application),
    "/api/v1/appeals/appeals/{tracking_no}/actions/{action}/": ("tracking_no", _open_appeal),
}


@pytest.fixture
def tokens(users):
    """The Bearer key of each role that ROLE_FOR names, and the administrator's."""
    from yingshang.core.models import ApiToken

    keys = {}
    for role in {"admin", *ROLE_FOR.values()}:
        key = f"schemathesis-{role}"
        ApiToken.objects.create(user=users[role], name="schemathesis", key_hash=hashlib.sha256(key.encode()).hexdigest())
        keys[role] = key
    return keys


# Loaded at collection: the document is generated from the code and needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_document(case, tokens, users):
    path = case.operation.path
    if path in REAL_OBJECT and case.path_parameters and zlib.crc32(repr(case.body).encode()) % 2 == 0:
        name, find = REAL_OBJECT[path]
        found = find(users)
        if found is not None:
            case.path_parameters[name] = found
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[ROLE_FOR.get(path, 'admin')]}"},
                           checks=[not_a_server_error, response_schema_conformance])
    # Without credentials: refused (401) or, for the public operations, answered; never a server error.
    case.call_and_validate(checks=[not_a_server_error])
