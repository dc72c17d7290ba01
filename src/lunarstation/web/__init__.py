"""The dashboard: static pages served at ``/`` by the server, drawing with Plotly offline.

:func:`install` adds the pages (``web/static``, shipped as package data) and Plotly's
bundle (:func:`lunarstation.report.html.plotly_bundle`, from the installed plotly), to
an app made by :func:`lunarstation.api.create_app`. Nothing is fetched from a CDN: the
dashboard works on a machine without internet. The figures it draws come from
``GET /api/runs/{id}/figures``, the same figure builders as the HTML report.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from lunarstation.report.html import plotly_bundle

STATIC = Path(__file__).with_name("static")


def install(app: FastAPI) -> FastAPI:
    """Serve the dashboard at ``/`` (after every ``/api`` route) and ``/plotly.min.js``."""

    @app.get("/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(
            plotly_bundle(),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    app.mount("/", StaticFiles(directory=STATIC, html=True), name="dashboard")
    return app


__all__ = ["STATIC", "install", "plotly_bundle"]
