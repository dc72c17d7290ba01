"""The store: partners, keys, scenario versions, runs, changes and the audit log.

SQLite (WAL) by default, PostgreSQL through psycopg 3 for a shared deployment; the
schema is kept by Alembic migrations shipped in the package (:mod:`.migrate`).
"""

from lunarstation.store.database import Store, StoreError, default_sqlite_path

__all__ = ["Store", "StoreError", "default_sqlite_path"]
