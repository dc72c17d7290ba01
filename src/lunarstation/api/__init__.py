"""The HTTP API of the partners' shared server (FastAPI): :func:`create_app`."""

from lunarstation.api.app import create_app

__all__ = ["create_app"]
