"""Schemathesis over the whole API schema, bounded in time: no 500, no answer that breaks the
schema, as an anonymous reader and as an editor with a write token (writes included)."""

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import caches
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.generation.stateful.state_machine import APIStateMachine, StepInput, StepOutput
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import OpenApiSchema

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


# Stateful: chains of calls that follow the schema's links with real ids ------------------

STATEFUL_BUDGET_SECONDS = 25
SCENARIOS_PER_RUN = 10  # about 3 s: the budget is overrun by at most one run
WRITES = {"POST /api/v1/claims/", "PATCH /api/v1/claims/{id}/"} | {
    f"POST /api/v1/claims/{{id}}/{action}/" for action in ("status", "evidence")
}


@dataclass
class Chains:
    """What the state machine sent: each transition by its link and answer, how many steps
    took an id from an earlier answer, and how many writes its ETag (as If-Match)."""

    transitions: Counter[str] = field(default_factory=Counter)
    with_linked_id: int = 0
    writes_with_linked_etag: int = 0
    linked_writes_done: int = 0

    def record(self, step: StepInput, answer: int) -> None:
        if step.transition is None:
            self.transitions[f"{step.case.operation.label} -> {answer}"] += 1
            return
        applied = {name for _location, name in step.applied_parameters}
        self.transitions[f"{step.transition.id} -> {answer}"] += 1
        self.with_linked_id += bool(applied & {"id", "slug"})
        if step.case.operation.label in WRITES and "If-Match" in applied:
            self.writes_with_linked_etag += 1
            self.linked_writes_done += answer in (200, 201)


def editor_workflow(
    schema: OpenApiSchema, token: str, chains: Chains, stop: float
) -> type[APIStateMachine]:
    """The schema's state machine, sending the editor's write token, with the stateless test's
    checks; once the budget is spent its steps send nothing."""

    class EditorWorkflow(schema.as_state_machine()):  # type: ignore[misc]
        def step(self, input: StepInput) -> StepOutput | None:  # type: ignore[override]
            if time.monotonic() > stop:
                return None
            output = super().step(input)
            chains.record(input, output.response.status_code)
            return output

        def before_call(self, case: schemathesis.Case) -> None:
            caches["throttle"].clear()

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Token {token}"}}

        def validate_response(
            self,
            response: Response,
            case: schemathesis.Case,
            additional_checks: Any = None,
            **kwargs: Any,
        ) -> None:
            case.validate_response(
                response, checks=CHECKS, transport_kwargs=kwargs or None, recorder=self.recorder
            )

    return EditorWorkflow


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stateful_chains_find_no_500_and_no_schema_violation(demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    ingest_demo_page(demo_site, "riyadh-talks.html")  # its claims stay candidates
    _token, raw = create_token(user=editor, name="fuzz-stateful", scope=Scope.WRITE)
    # Where the API has state: claims and their writes, and the articles claims quote. The
    # read-only lists' links (an actor by its slug) are left to the stateless test above.
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(
        path_regex="^/api/v1/(claims|articles)/"
    )
    chains = Chains()
    stop = time.monotonic() + STATEFUL_BUDGET_SECONDS
    workflow = editor_workflow(schema, raw, chains, stop)

    # Hypothesis has no clock: short runs until the budget is spent (each a new random seed).
    while time.monotonic() < stop:
        workflow.run(
            settings=settings(
                max_examples=SCENARIOS_PER_RUN,
                stateful_step_count=30,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
        )

    # Not vacuous: links were found and followed, and writes carried a version read before.
    assert chains.with_linked_id > 20, chains
    assert chains.writes_with_linked_etag > 5, chains
    assert chains.linked_writes_done > 0, chains
