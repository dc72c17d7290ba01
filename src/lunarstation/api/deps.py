"""Dependencies of the routes: the store, the caller (from its key) and ``If-Match``.

The key is declared through FastAPI's :class:`~fastapi.security.HTTPBearer`, so the
OpenAPI document has a ``bearer`` security scheme. A missing, malformed, unknown or
revoked key is 401 with ``WWW-Authenticate: Bearer``, the same answer for each (a
caller cannot tell a revoked key from one that never existed).

One read session per request (:func:`get_db`): the key lookup and the route's reads share
it, its connection and its transaction (on SQLite one snapshot; on PostgreSQL one pool
checkout, hence one pre-ping). A write route declares :data:`Writer` instead of
:data:`Caller`: that ends the read transaction before the route opens its write one, so
a request never holds two pooled connections.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from lunarstation.store import Store
from lunarstation.store.access import Actor
from lunarstation.store.accounts import authenticate, touch

bearer = HTTPBearer(
    auto_error=False,
    description="An API key (ls_…) from `lunarstation admin key create`, as `Authorization: Bearer ls_…`.",
)


# Dependencies that do no I/O are ``async def``: FastAPI runs a sync one in the thread
# pool, and under load every such hop waits its turn for a thread and the GIL.


async def get_store(request: Request) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


def unauthorized(detail: str) -> HTTPException:
    """401 with the challenge header."""
    return HTTPException(401, detail, headers={"WWW-Authenticate": 'Bearer realm="lunarstation"'})


async def get_db(store: Annotated[Store, Depends(get_store)]) -> AsyncIterator[Session]:
    """The request's read session (FastAPI gives every dependency of one request the same).

    Making a session does no I/O (it connects at its first query, in the route's thread);
    closing it returns the connection to the pool (a rollback), so that runs in a thread.
    """
    session = store.reader()
    try:
        yield session
    finally:
        await run_in_threadpool(session.close)


def get_actor(
    store: Annotated[Store, Depends(get_store)],
    session: Annotated[Session, Depends(get_db)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The caller, from ``Authorization: Bearer <key>``.

    ``last_used_at`` is written at most once a minute per key
    (:data:`~lunarstation.store.accounts.LAST_USED_RESOLUTION`), so a read stays a read.

    Raises:
        HTTPException: 401 for no key, or one that is unknown, malformed or revoked.
    """
    if credentials is None:
        raise unauthorized("an API key is required: send Authorization: Bearer ls_…")
    use = authenticate(session, credentials.credentials)
    if use is None:
        raise unauthorized("this API key is not valid (unknown or revoked)")
    if use.needs_touch:
        with store.write() as writer:
            touch(writer, use.actor.key_id)
    return use.actor


def get_writer(
    actor: Annotated[Actor, Depends(get_actor)], session: Annotated[Session, Depends(get_db)]
) -> Actor:
    """The caller of a write route: as :func:`get_actor`, then the read transaction ends
    (its connection goes back to the pool) before the route writes."""
    session.rollback()
    return actor


ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,10})"?\s*$')


async def if_match(
    value: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=200,
            description='The ETag of the object as last read, e.g. "3" (required on writes '
            "to an existing object: 428 without it, 412 when stale).",
        ),
    ] = None,
) -> int | None:
    """The etag number in ``If-Match`` (None when absent; 0 when unreadable: never current)."""
    if value is None:
        return None
    for part in value.split(","):
        match = ETAG.match(part)
        if match:
            return int(match.group(1))
    return 0


Caller = Annotated[Actor, Depends(get_actor)]
Writer = Annotated[Actor, Depends(get_writer)]
Db = Annotated[Session, Depends(get_db)]
StoreDep = Annotated[Store, Depends(get_store)]
IfMatch = Annotated[int | None, Depends(if_match)]
