"""Errors as responses: readable messages, never a stack trace or SQL.

* :class:`~lunarstation.store.access.AccessError` (404, 403, 409, 412, 428, 422) → its status
  and message;
* :class:`~lunarstation.api.uploads.UploadRejectedError` → 422 with the loader's messages;
* request validation → 422 with one ``where: what`` line per problem (the input is not
  echoed back);
* any other exception is a bug: logged with its traceback, answered 500 with a generic
  message, and counted in ``app.state.server_errors`` (the tests assert it stays 0).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lunarstation.api.uploads import UploadRejectedError
from lunarstation.store.access import AccessError

log = logging.getLogger("lunarstation.api")


def problem(
    status: int, detail: str, errors: list[str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response."""
    return JSONResponse(
        {"detail": detail, "errors": errors or []}, status_code=status, headers=headers
    )


def _where(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in location if p != "body"] or ["body"]
    return ".".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.state.server_errors = 0

    @app.exception_handler(AccessError)
    async def _access(_: Request, error: AccessError) -> JSONResponse:
        return problem(error.status, error.message)

    @app.exception_handler(UploadRejectedError)
    async def _upload(_: Request, error: UploadRejectedError) -> JSONResponse:
        return problem(422, "the scenario files do not load; nothing was stored", error.messages)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        lines = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in error.errors()]
        return problem(422, "the request is not valid: " + "; ".join(lines[:5]), lines[:50])

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        headers = dict(error.headers or {})
        return problem(error.status_code, str(error.detail), headers=headers)

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> JSONResponse:
        app.state.server_errors += 1
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "internal error: the server log has the details")
