"""Databases and servers for the store, API and dashboard tests.

Every test taking ``db_url`` runs twice: on a fresh SQLite file and on a fresh database
of a real PostgreSQL. The PostgreSQL run connects over TCP to 127.0.0.1 with a password;
as root it first creates the role ``lunarstation_test`` through ``runuser -u postgres --
psql``. ``LUNARSTATION_TEST_PG_URL`` (a ``postgresql+psycopg://`` URL of a role that may
create databases) points it elsewhere. Where PostgreSQL cannot be reached the runs skip,
saying how to enable them (``tools/test-services`` starts the Debian cluster as root);
under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

with warnings.catch_warnings():  # starlette asks for httpx2 at import; httpx is what we have
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from lunarstation.api import create_app
from lunarstation.store import Store
from lunarstation.store.accounts import add_partner, create_key, revoke_key

PG_ROLE = "lunarstation_test"
PG_PASSWORD = "lunarstation_test"
MINIMAL = (
    Path(__file__).parents[2] / "src" / "lunarstation" / "scenario" / "builtin" / "minimal.yaml"
).read_text(encoding="utf-8")
ROLES = ("viewer", "member", "partner_admin", "site_admin")
PARTNERS = ("agency-a", "agency-b")

__all__ = ["MINIMAL", "TestClient"]


def _ensure_local_role() -> None:
    """As root: create the test role on the local Debian cluster (idempotent)."""
    if os.geteuid() != 0 or shutil.which("runuser") is None or shutil.which("psql") is None:
        return
    sql = (
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
        f"CREATE ROLE {PG_ROLE} LOGIN CREATEDB PASSWORD '{PG_PASSWORD}'; END IF; END$$;"
    )
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-q", "-c", sql],
        capture_output=True,
        timeout=30,
        check=False,
    )


def postgres_admin_url() -> str:
    """A URL that may create databases, or skip (fail under CI=true) with how to enable it."""
    url = os.environ.get("LUNARSTATION_TEST_PG_URL")
    if url is None:
        _ensure_local_role()
        url = f"postgresql+psycopg://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:5432/postgres"
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        message = (
            f"PostgreSQL is not reachable ({type(error).__name__}): start it with "
            "`tools/test-services` (as root; Debian's cluster) or set LUNARSTATION_TEST_PG_URL "
            "to a postgresql+psycopg:// URL of a role with CREATEDB"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@dataclass
class PostgresDatabases:
    """Creates and drops throw-away databases."""

    admin_url: str
    created: list[str] = field(default_factory=list)

    def new(self) -> str:
        name = f"ls_test_{uuid.uuid4().hex[:12]}"
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        self.created.append(name)
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def new_db_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database of ``kind`` ("sqlite" or "postgresql")."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    return databases.new()


@dataclass
class Keys:
    """Keys of a seeded store: ``keys[partner][role]``, and a revoked one per partner."""

    keys: dict[str, dict[str, str]]
    revoked: dict[str, str]

    def headers(self, partner: str, role: str = "member") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[partner][role]}"}

    def revoked_headers(self, partner: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.revoked[partner]}"}


def seed(store: Store) -> Keys:
    """Two partners with one key of each role, and one revoked key each."""
    keys: dict[str, dict[str, str]] = {}
    revoked: dict[str, str] = {}
    for partner in PARTNERS:
        with store.write() as session:
            add_partner(session, partner, partner.replace("-", " ").title())
        keys[partner] = {}
        for role in ROLES:
            with store.write() as session:
                keys[partner][role] = create_key(session, partner, role, f"{partner} {role}").key
        with store.write() as session:
            made = create_key(session, partner, "member", f"{partner} former")
        with store.write() as session:
            revoke_key(session, made.prefix)
        revoked[partner] = made.key
    return Keys(keys, revoked)


@dataclass
class Server:
    """An app on a seeded store with an open test client."""

    client: TestClient
    keys: Keys
    url: str

    @property
    def app(self):  # type: ignore[no-untyped-def]
        return self.client.app

    def create(
        self, partner: str, name: str, visibility: str = "private", content: str = MINIMAL
    ) -> dict:  # type: ignore[type-arg]
        response = self.client.post(
            "/api/scenarios",
            json={
                "name": name,
                "visibility": visibility,
                "files": [{"name": "base.yaml", "content": content}],
            },
            headers=self.keys.headers(partner),
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]


def open_server(url: str, workers: int = 0) -> Iterator[Server]:
    app = create_app(url, workers=workers, poll_s=0.1)
    keys = seed(app.state.store)
    with TestClient(app) as client:
        yield Server(client, keys, url)
    assert app.state.server_errors == 0, "the server answered 500 (see the log)"
