"""Schemathesis over ``/openapi.json`` with a valid key: ≥ 100 examples per operation, no
server error, responses as documented, and no ``ignored_auth`` (a request without the
key must be refused). SQLite and PostgreSQL, a partner A member's key."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        ignored_auth,
        response_schema_conformance,
        status_code_conformance,
    )

from lunarstation.api import create_app
from tests.api.support import new_db_url, seed

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, ignored_auth]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[object, dict[str, str]]]:
    url = new_db_url(request.param, Path(tmp_path_factory.mktemp("st")), request)
    app = create_app(url, workers=0)
    keys = seed(app.state.store)
    yield app, keys.headers("agency-a")
    assert app.state.server_errors == 0
    app.state.store.close()


def _exercise(
    operation: schemathesis.APIOperation, headers: dict[str, str], counts: dict[str, int]
) -> None:
    # Generation only: no example database to replay, no targeting; a failure is reported
    # as generated (unshrunk), which names the operation and the request all the same.
    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(case=operation.as_strategy())
    def run(case: schemathesis.Case) -> None:
        counts[operation.label] = counts.get(operation.label, 0) + 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_every_operation_survives_100_generated_requests(
    api: tuple[object, dict[str, str]],
) -> None:
    app, headers = api
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    counts: dict[str, int] = {}
    for result in schema.get_all_operations():
        _exercise(result.ok(), headers, counts)
    assert len(counts) >= 15, counts
    assert min(counts.values()) >= 100, counts
