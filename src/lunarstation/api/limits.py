"""The request size limit: bodies over ``max_bytes`` get 413 before they are read whole.

A declared ``Content-Length`` over the limit is refused at once; a chunked body is
counted as it arrives and refused when it passes the limit. The exception raised is a
413 ``HTTPException``, which FastAPI passes through its body parser unchanged.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_REQUEST_BYTES = 8_000_000
"""Twice the loader's ``max_bytes`` per file (4 MB), plus JSON quoting."""


def _too_large(max_bytes: int) -> str:
    return f"the request body is larger than the server's limit of {max_bytes:,} bytes"


class BodyLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            response = JSONResponse(
                {"detail": _too_large(self.max_bytes), "errors": []}, status_code=413
            )
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, counted, send)
