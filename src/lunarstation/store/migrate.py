"""Alembic migrations shipped in the package, run programmatically (no ``alembic.ini``).

``lunarstation serve`` and every :class:`~lunarstation.store.database.Store` call
:func:`upgrade` on opening, so a new database is created and an old one brought up to
date on first start. The scripts live in ``store/migrations/versions``; SQLite needs
Alembic's *batch mode* (``render_as_batch=True`` in ``env.py``) to alter tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs the package's migrations on ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Take the database back to ``revision`` (default ``base``: no tables)."""
    command.downgrade(alembic_config(engine), revision)
