"""Fixtures of the store tests: each test runs on SQLite and on PostgreSQL."""

from tests.db_fixtures import db_url, postgres_databases, server

__all__ = ["db_url", "postgres_databases", "server"]
