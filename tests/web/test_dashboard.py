"""The dashboard in headless Debian Chromium (Playwright) against a real server: partner A
signs in, uploads a scenario, runs it and sees its figures; partner B signs in and
cannot find it; no console errors, no request leaves the machine; screenshots saved."""

from __future__ import annotations

from pathlib import Path

from lunarstation.store import Store
from tests.api.support import MINIMAL, seed
from tests.api.test_durability import _kill, _port, _start
from tests.browser_support import browser_page

NAME = "a-dashboard-outpost"


def _sign_in(page, base: str, key: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/")
    page.fill("#key", key)
    page.click("#signin button")
    page.wait_for_selector("#scenarios")


def test_partner_a_runs_and_sees_figures_partner_b_cannot_find_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dash.db'}"
    store = Store.open(url)
    keys = seed(store)
    store.close()
    scenario_file = tmp_path / "base.yaml"
    scenario_file.write_text(MINIMAL, encoding="utf-8")
    port = _port()
    server = _start(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with browser_page(viewport=(1366, 900), timeout_ms=120_000) as a:
            _sign_in(a.page, base, keys.keys["agency-a"]["member"])
            a.page.fill("#scenario-name", NAME)
            a.page.set_input_files("#scenario-files", str(scenario_file))
            a.page.click("#upload button")
            a.page.wait_for_selector("#versions")
            a.page.click("#start-run")
            a.page.wait_for_selector("#run-state.status-done")
            a.page.wait_for_selector("#figures .figure .plot .main-svg")
            figures = a.page.locator("#figures .figure").count()
            assert figures >= 5
            assert a.page.locator("#interop-matrix .main-svg").count() >= 1  # compatibility matrix
            assert a.page.locator("#ledger-parity .main-svg").count() >= 1  # ledger
            a.page.screenshot(path=str(tmp_path / "partner-a-run.png"), full_page=True)
            scenario_id = a.page.evaluate(
                "fetch('/api/scenarios', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('lunarstation.key')}}).then(r => r.json()).then(b => b.items[0].id)"
            )
            assert not a.console_errors, a.console_errors
            assert not a.blocked, a.blocked
        with browser_page(viewport=(1366, 900)) as b:
            _sign_in(b.page, base, keys.keys["agency-b"]["member"])
            assert NAME not in b.page.content()
            assert b.page.locator("#scenarios tbody tr").count() == 0
            b.page.screenshot(path=str(tmp_path / "partner-b-list.png"), full_page=True)
            assert not b.console_errors, b.console_errors
            b.page.goto(f"{base}/#/scenario/{scenario_id}")
            b.page.wait_for_selector("#not-found")
            assert "that this key may see" in b.page.inner_text("#not-found")
            assert NAME not in b.page.content()
            b.page.screenshot(path=str(tmp_path / "partner-b-not-found.png"), full_page=True)
            # The only complaint allowed: the browser's own note of the 404 it was answered.
            assert all("404" in message for message in b.console_errors), b.console_errors
            assert not b.blocked, b.blocked
    finally:
        _kill(server)
    for name in ("partner-a-run.png", "partner-b-list.png", "partner-b-not-found.png"):
        assert (tmp_path / name).stat().st_size > 10_000
