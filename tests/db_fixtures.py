"""Database fixtures shared by the API and store tests: ``db_url`` runs each test on
SQLite and on PostgreSQL; ``server`` is an API without workers on a seeded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.support import PostgresDatabases, Server, new_db_url, open_server, postgres_admin_url


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(postgres_admin_url())
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return new_db_url(request.param, tmp_path, request)


@pytest.fixture
def server(db_url: str) -> Iterator[Server]:
    """An API without workers (runs stay queued) on a seeded store."""
    yield from open_server(db_url, workers=0)
