"""The FastAPI application: :func:`create_app` opens the store and wires the routes.

Every route is under ``/api``; the OpenAPI document is at ``/openapi.json`` and declares
the ``HTTPBearer`` scheme. The dashboard (:mod:`lunarstation.web`) is added beside it by
``lunarstation serve``. Runs are dispatched to worker processes while the app runs
(its lifespan starts and stops the :class:`~lunarstation.api.worker.Dispatcher`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from lunarstation import __version__
from lunarstation.api import errors
from lunarstation.api.limits import DEFAULT_MAX_REQUEST_BYTES, BodyLimit
from lunarstation.api.routes import accounts, feed, runs, scenarios
from lunarstation.api.worker import Dispatcher
from lunarstation.scenario import LoadLimits
from lunarstation.store import Store

DESCRIPTION = """The partners' shared server of lunarstation: scenarios with immutable,
server-numbered versions, private to their partner until shared; runs executed as tasks;
a change feed. Authenticate with `Authorization: Bearer ls_…` (a key from
`lunarstation admin key create`). Writes to an existing object need `If-Match` with its
ETag (428 without, 412 when stale). Another partner's private object is 404."""


def create_app(
    db_url: str,
    *,
    workers: int = 1,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    load_limits: LoadLimits | None = None,
    poll_s: float = 0.5,
) -> FastAPI:
    """The API on the store at ``db_url`` (created and migrated if new).

    ``workers``: runs executed at once (0: runs stay queued, for tests of the API alone);
    ``max_request_bytes``: larger request bodies get 413; ``load_limits``: the scenario
    loader's limits applied to uploads.

    Raises:
        StoreError: an unsupported URL or an unreachable database.
    """
    store = Store.open(db_url)
    dispatcher = Dispatcher(store, workers=workers, poll_s=poll_s)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        dispatcher.start()
        try:
            yield
        finally:
            dispatcher.stop()
            store.close()

    app = FastAPI(
        title="lunarstation shared server",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.store = store
    app.state.dispatcher = dispatcher
    app.state.load_limits = load_limits or LoadLimits()
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=max_request_bytes)
    for module in (scenarios, runs, feed, accounts):
        app.include_router(module.router)
    return app
