"""Alembic environment: runs on the engine handed over by ``lunarstation.store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from lunarstation.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through lunarstation.store.migrate, which passes the engine")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
