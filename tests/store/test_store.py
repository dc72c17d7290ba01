"""The store on SQLite and PostgreSQL: migrations both ways, connection settings, the
revision counter, immutable versions, and 50 concurrent writers on SQLite."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from lunarstation.store import Store
from lunarstation.store.accounts import actor_of, add_partner, create_key, find_key
from lunarstation.store.migrate import downgrade, upgrade
from lunarstation.store.models import ScenarioVersion
from lunarstation.store.revision import current
from lunarstation.store.scenarios import UploadedFile, add_version, create_scenario

TABLES = {"partners", "members", "api_keys", "scenarios", "scenario_versions", "version_files",
          "runs", "run_inputs", "run_files", "changes", "audit_log", "store_revision"}  # fmt: skip


def test_upgrade_head_and_downgrade_base(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        assert set(inspect(store.engine).get_table_names()) >= TABLES
        downgrade(store.engine)
        assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
        upgrade(store.engine)
        assert set(inspect(store.engine).get_table_names()) >= TABLES
        with store.read() as session:
            assert current(session) == 0
    finally:
        store.close()


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    store.close()


def _actor(store: Store, partner: str = "agency-a"):  # type: ignore[no-untyped-def]
    with store.write() as session:
        add_partner(session, partner, partner.upper())
    with store.write() as session:
        key = create_key(session, partner, "member", "m").key
    with store.read() as session:
        return actor_of(find_key(session, key))  # type: ignore[arg-type]


def test_every_write_increments_the_revision_and_versions_are_unique(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        actor = _actor(store)
        with store.read() as session:
            before = current(session)
        files = [UploadedFile("base.yaml", "name: x\n")]
        with store.write() as session:
            scenario, _ = create_scenario(session, actor, "s", "private", files, "")
        with store.write() as session:
            add_version(session, actor, scenario.id, 1, files, "", None)
        with store.read() as session:
            assert current(session) == before + 2
        duplicate = ScenarioVersion(
            scenario_id=scenario.id,
            number=2,
            author_key_id=actor.key_id,
            author="x",
            digest="0" * 64,
        )
        with store.write() as session:  # the database's own guard against a duplicate number
            session.add(duplicate)
            with pytest.raises(IntegrityError):
                session.flush()
            session.rollback()
    finally:
        store.close()


def test_fifty_concurrent_writers_on_sqlite_never_see_database_is_locked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(f"sqlite:///{tmp_path / 'busy.db'}")
    actor = _actor(store)
    errors: list[BaseException] = []
    barrier = threading.Barrier(50)

    def writer(index: int) -> None:
        try:
            barrier.wait()
            files = [UploadedFile("base.yaml", f"name: s{index}\n")]
            with store.write() as session:  # read (name taken?) then write: needs IMMEDIATE
                scenario, _ = create_scenario(session, actor, f"s{index}", "private", files, "")
            for _ in range(3):
                with store.write() as session:
                    row = session.get(type(scenario), scenario.id)
                    add_version(session, actor, scenario.id, row.etag, files, "", None)  # type: ignore[union-attr]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM scenario_versions")).scalar() == 200
    store.close()
