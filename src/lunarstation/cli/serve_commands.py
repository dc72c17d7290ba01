"""``lunarstation serve``: the partners' shared server (API and dashboard) on one port.

The database is ``--db``, else ``$LUNARSTATION_DB_URL``, else the SQLite file
``./lunarstation.db`` (created and migrated on first start; its path is printed).
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from lunarstation.cli.console import EXIT_OK, stdout
from lunarstation.store.database import check_url, default_sqlite_path

app = typer.Typer()  # registered without a name: `lunarstation serve`

DB_ENV = "LUNARSTATION_DB_URL"
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL: sqlite:///path.db or postgresql+psycopg://user:pw@host/db "
        f"(default ${DB_ENV}, else ./lunarstation.db).",
    ),
]


def database_url(given: str | None) -> str:
    """The database to use: ``--db``, ``$LUNARSTATION_DB_URL``, or ``./lunarstation.db``.

    Raises:
        StoreError: an unsupported URL.
    """
    url = given or os.environ.get(DB_ENV) or f"sqlite:///{default_sqlite_path()}"
    return check_url(url)


def build_app(url: str, workers: int = 1):  # type: ignore[no-untyped-def]
    """The API with the dashboard, on the store at ``url``."""
    from lunarstation.api import create_app
    from lunarstation.web import install

    return install(create_app(url, workers=workers))


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=0, max=64, help="Runs executed at once (worker processes)."),
    ] = 1,
) -> int:
    """Start the shared server: the HTTP API under /api and the dashboard at /."""
    import uvicorn

    url = database_url(db)
    app_ = build_app(url, workers)
    where = url if not url.startswith("sqlite:///") else url.removeprefix("sqlite:///")
    stdout.print(f"lunarstation: database {where}", markup=False)
    stdout.print(
        f"lunarstation: serving on http://{host}:{port}/ (API at /api, OpenAPI at /openapi.json)",
        markup=False,
    )
    uvicorn.run(app_, host=host, port=port, log_level="warning")
    return EXIT_OK
