"""Headless Chromium for tests: Debian's ``chromium`` driven by Playwright, offline.

Shared by the report's browser tests and the server's dashboard tests. Every request
that is not ``file://``, ``data:``, ``blob:`` or to ``127.0.0.1``/``localhost`` is
aborted and recorded, so a page that tries to reach the network fails its test; console
errors and uncaught page errors are recorded too.

Without chromium (or Playwright) the tests skip with how to install it, except under
``CI=true``, where they fail: CI must run them (``make test`` installs chromium through
``tools/test-services``).
"""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "install Debian's chromium (apt-get install chromium) to run the browser tests"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about"})


def chromium_path() -> str | None:
    """The chromium executable (``$CHROMIUM`` or Debian's), None when absent."""
    for candidate in (os.environ.get("CHROMIUM"), CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_browser() -> str:
    """Chromium's path; skips the test without it (fails under ``CI=true``)."""
    path = chromium_path()
    problem = None
    if path is None:
        problem = f"no chromium at {CHROMIUM}: {INSTALL_HINT}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = f"Playwright is not installed (pip install playwright): {INSTALL_HINT}"
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser tests cannot run: {problem}")
        pytest.skip(problem)
    assert path is not None
    return path


def is_local(url: str) -> bool:
    """True for file/data/blob URLs and http(s) to this machine."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in {
        h.strip("[]") for h in LOCAL_HOSTS
    }


@dataclass
class BrowserPage:
    """A Playwright page with what it tried and what it complained about."""

    page: Any
    """The ``playwright.sync_api.Page``."""
    blocked: list[str] = field(default_factory=list)
    """Requests to other addresses, aborted."""
    console_errors: list[str] = field(default_factory=list)
    """Console messages of type error and uncaught exceptions."""


_SHARED: dict[str, Any] = {}


def _shared_browser(executable: str) -> Any:
    """One Playwright and one chromium per test process (a page context per test): a
    second ``sync_playwright()`` inside a running one is refused, and launching chromium
    once saves a second a test."""
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=executable, args=list(CHROMIUM_ARGS), headless=True
        )
        atexit.register(_close_shared)
    return _SHARED["browser"]


def _close_shared() -> None:
    browser = _SHARED.pop("browser", None)
    playwright = _SHARED.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()


@contextmanager
def browser_page(
    viewport: tuple[int, int] = (1400, 1000), timeout_ms: int = 30_000
) -> Iterator[BrowserPage]:
    """A fresh headless chromium page, non-local requests blocked, errors collected."""
    browser = _shared_browser(require_browser())
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        result = BrowserPage(page)

        def route(route: Any) -> None:
            url = route.request.url
            if is_local(url):
                route.continue_()
            else:
                result.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page.on(
            "console",
            lambda message: (
                result.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: result.console_errors.append(str(error)))
        yield result
    finally:
        context.close()


@pytest.fixture
def browser() -> Iterator[BrowserPage]:
    """``browser_page()`` as a pytest fixture (import it into a test module or conftest)."""
    with browser_page() as page:
        yield page


__all__ = [
    "CHROMIUM_ARGS",
    "INSTALL_HINT",
    "BrowserPage",
    "browser",
    "browser_page",
    "chromium_path",
    "is_local",
    "require_browser",
]
