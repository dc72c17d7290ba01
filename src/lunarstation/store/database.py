"""Opening the store: one SQLAlchemy engine per database URL, tuned for a web server.

SQLite (the embedded default) is opened with the settings measured in
``shared/reference/platform.md`` §2: ``journal_mode=WAL`` (readers never wait for the
writer), ``busy_timeout=5000`` ms, ``synchronous=NORMAL`` (durable at each WAL
checkpoint, safe against a process kill), ``foreign_keys=ON``; write transactions begin
with ``BEGIN IMMEDIATE``. A deferred transaction that reads and then writes must
upgrade its lock, and SQLite refuses that upgrade at once, without waiting for the busy
timeout, when another writer holds the lock — the usual "database is locked" under
concurrent writers. Read-only sessions keep SQLite's deferred ``BEGIN``.

PostgreSQL (``postgresql+psycopg://``) needs nothing of this: every write transaction
starts by incrementing the store's revision row (:func:`lunarstation.store.repository.bump`),
whose row lock serialises writers the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from lunarstation.errors import LunarstationError

SQLITE_BUSY_TIMEOUT_MS = 5_000
"""How long a SQLite writer waits for the lock before giving up (platform.md §2)."""

POOL_SIZE = 20
MAX_OVERFLOW = 20
"""Pooled connections kept open and opened beyond them at most. uvicorn runs sync routes
in anyio's thread pool (40 threads); a request holds one connection at a time (see
``lunarstation.api.deps``), so 40 never wait on the pool. The first 20 stay open: an
overflow connection is closed on return, and reopening costs a TCP connect and login on
PostgreSQL and the PRAGMAs on SQLite."""

_READ_ONLY = "lunarstation_read_only"
"""Execution option marking a read-only connection (deferred ``BEGIN`` on SQLite)."""


class StoreError(LunarstationError):
    """The store cannot be opened: a bad URL, an unsupported driver, an unreachable server."""


def default_sqlite_path() -> Path:
    """Where ``lunarstation serve`` keeps its embedded database: ``./lunarstation.db``."""
    return Path.cwd() / "lunarstation.db"


def check_url(url: str) -> str:
    """``url`` if it names SQLite or PostgreSQL through psycopg 3.

    Raises:
        StoreError: anything else, with the two accepted forms.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    backend = parsed.get_backend_name() if parsed is not None else None
    driver = parsed.get_driver_name() if parsed is not None else None
    if backend == "sqlite" or (backend == "postgresql" and driver == "psycopg"):
        return url
    raise StoreError(
        f"database URL {url!r} is not supported; use sqlite:///path/to/file.db or "
        "postgresql+psycopg://user:password@host:5432/database"
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would otherwise
        # emit a deferred BEGIN of its own before the first write).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def open_engine(url: str) -> Engine:
    """A SQLAlchemy engine for ``url`` with the settings above.

    Raises:
        StoreError: an unsupported URL.
    """
    check_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=POOL_SIZE,
            max_overflow=MAX_OVERFLOW,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)


@dataclass(frozen=True)
class Store:
    """An open store: the engine and its two kinds of session.

    ``write()`` sessions begin ``IMMEDIATE`` on SQLite and commit at the end of the
    ``with`` block (roll back on an exception); ``read()`` sessions never write.
    """

    url: str
    engine: Engine
    _writer: sessionmaker[Session]
    _reader: sessionmaker[Session]

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open the store at ``url``, bringing its schema to the newest migration first.

        Raises:
            StoreError: an unsupported URL or a database that cannot be reached.
        """
        from lunarstation.store.migrate import upgrade  # alembic only when opening

        engine = open_engine(url)
        if migrate:
            try:
                upgrade(engine)
            except Exception as error:  # connection refused, bad password, read-only file
                engine.dispose()
                raise StoreError(
                    f"cannot open the database at {_safe(url)}: {_reason(error)}"
                ) from None
        reader = engine.execution_options(**{_READ_ONLY: True})
        return cls(
            url=url,
            engine=engine,
            _writer=sessionmaker(engine, expire_on_commit=False),
            _reader=sessionmaker(reader, expire_on_commit=False),
        )

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, committed when the block ends without an exception."""
        with self._writer.begin() as session:
            yield session

    def reader(self) -> Session:
        """A new read-only session; the caller closes it (:meth:`read` does)."""
        return self._reader()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (rolled back at the end)."""
        with self._reader() as session:
            yield session

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def _safe(url: str) -> str:
    """The URL with its password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _reason(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return text[0] if text else type(error).__name__
