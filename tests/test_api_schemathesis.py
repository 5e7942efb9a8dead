"""Schemathesis over the whole API schema, bounded in time: no 500, no answer that breaks the
schema, as an anonymous reader and as an editor with a write token (writes included)."""

import time

import pytest
import schemathesis
from django.core import signals
from django.core.cache import caches
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apitokens.models import Scope
from apitokens.services import create_token
from config.wsgi import application
from tests.factories import approve_all, ingest_demo_page

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 20
BUDGET_SECONDS = 25  # per persona; the whole test stays well under a minute


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests sent straight to the WSGI app would close the test's database connection at
    their end (as the test client avoids): keep it for the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def fuzz(headers: dict[str, str]) -> int:
    """Every operation of the live schema, until the budget runs out; returns cases sent."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    sent = 0
    stop = time.monotonic() + BUDGET_SECONDS
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() > stop:
            break

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            nonlocal sent
            if time.monotonic() > stop:
                return
            caches["throttle"].clear()
            case.call_and_validate(headers=headers, checks=CHECKS)
            sent += 1

        run()
    return sent


def test_schemathesis_finds_no_500_and_no_schema_violation(demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    _token, raw = create_token(user=editor, name="fuzz", scope=Scope.WRITE)

    anonymous = fuzz({})
    as_editor = fuzz({"Authorization": f"Token {raw}"})

    assert anonymous > 50 and as_editor > 50
