"""The report in a real browser: headless Chromium (Debian's), every non-local request
blocked. Every figure renders with data, the console stays clean, nothing is fetched, and
the state-of-charge trace Plotly holds equals the station table reduced as stated.

Skips without chromium (``apt-get install chromium``) except under ``CI=true``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lunarstation.report.figures import FigureSpec, RunView
from lunarstation.report.figures.reduce import daily_bands
from lunarstation.report.files import REPORT_NAME
from tests.browser_support import BrowserPage, browser_page, is_local

DRAWN = "document.body.dataset.figuresDrawn !== undefined"


@pytest.fixture(scope="module")
def opened(small_folder: Path) -> BrowserPage:
    """The small run's report, opened once for the module."""
    with browser_page() as browser:
        browser.page.goto((small_folder / REPORT_NAME).as_uri())
        browser.page.wait_for_function(DRAWN)
        yield browser  # type: ignore[misc]


def test_every_figure_renders_with_data(
    opened: BrowserPage, small_specs: dict[str, FigureSpec]
) -> None:
    counts = opened.page.evaluate(
        """Array.from(document.querySelectorAll('.js-plotly-plot')).map(
             d => [d.getAttribute('data-figure'), d.data.length,
                   d.querySelectorAll('.main-svg').length])"""
    )
    assert [c[0] for c in counts] == list(small_specs)
    for figure, traces, svgs in counts:
        assert traces > 0, figure
        assert svgs > 0, figure
    assert opened.page.evaluate("document.body.dataset.figuresDrawn") == str(len(small_specs))


def test_console_is_clean_and_nothing_was_fetched(opened: BrowserPage) -> None:
    assert opened.console_errors == []
    assert opened.blocked == []


def test_soc_trace_in_the_page_equals_the_table_reduced(
    opened: BrowserPage, small_view: RunView
) -> None:
    trace = opened.page.evaluate(
        """(() => { const d = document.querySelector('[data-figure="site-ridge-soc"]');
             const t = d._fullData.find(t => t.name.endsWith('daily mean'));
             return {x0: t.x0, dx: t.dx, y: Array.from(t.y, v => (isNaN(v) ? null : v))}; })()"""
    )
    series = small_view.tables["station_series"]
    rows = series[(series["site"] == "ridge") & series["state_of_charge"].notna()]
    bands = daily_bands(rows["time"], 100 * rows["state_of_charge"])
    assert trace["x0"] == bands.x0_ms
    assert trace["dx"] == 86_400_000
    y = np.array([np.nan if v is None else v for v in trace["y"]], dtype=float)
    assert np.allclose(y, bands.mean, atol=1e-3, equal_nan=True)  # float32 in the page


def test_findings_filter_and_link_zoom(opened: BrowserPage, small_view: RunView) -> None:
    page = opened.page
    total = len(small_view.findings)
    page.select_option("#filter-engine", "logistics")
    shown = page.locator("#findings-table tbody tr:not(.hidden)").count()
    assert shown == int((small_view.findings["engine"] == "logistics").sum()) < total
    page.select_option("#filter-engine", "")
    page.fill("#filter-subject", "ridge")
    assert page.locator("#findings-table tbody tr:not(.hidden)").count() == int(
        small_view.findings["subject"].str.contains("ridge").sum()
    )
    page.fill("#filter-subject", "")
    page.click('#findings-table a[href="#site-ridge-sky"]')
    span = page.evaluate(
        """(() => { const r = document.querySelector('[data-figure="site-ridge-sky"]')
             .layout.xaxis.range; return [Date.parse(r[0] + 'Z'), Date.parse(r[1] + 'Z')]; })()"""
    )
    assert span[1] - span[0] == pytest.approx(40 * 86_400_000, rel=1e-6)


def test_screenshot_is_saved(opened: BrowserPage, tmp_path: Path) -> None:
    path = tmp_path / "report.png"
    opened.page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 20_000
    # Kept with the test's output (tmp_path); docs/images/report.png is taken by hand.


def test_a_page_that_reaches_out_is_caught(tmp_path: Path) -> None:
    page_file = tmp_path / "leaky.html"
    page_file.write_text(
        '<html><body><img src="https://example.com/x.png"><script>'
        "fetch('http://198.51.100.7/').catch(() => console.error('fetch failed'))"
        "</script></body></html>",
        encoding="utf-8",
    )
    with browser_page() as browser:
        browser.page.goto(page_file.as_uri())
        browser.page.wait_for_timeout(500)
    assert any("example.com" in url for url in browser.blocked)
    assert any("198.51.100.7" in url for url in browser.blocked)
    assert is_local("http://127.0.0.1:8000/x")
    assert not is_local("https://cdn.plot.ly/x.js")
