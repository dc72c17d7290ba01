"""The run report of the reference run (issue 13): size, build time, render time.

1. ``ilrs-reference`` (20 years hourly, 4 sites) simulated once, then
   :func:`~lunarstation.report.figures.build_figures` and
   :func:`~lunarstation.report.html.render_html` timed; the page's size (target < 10 MB).
2. Render time in headless Chromium (Debian's, through ``tests/browser_support.py``):
   from navigation start to every figure drawn (target < 3 s); skipped without chromium.
3. Peer: Plotly's own ``write_html`` of one site's state of charge drawn hourly, unreduced
   (175,320 points), against the reduced figure the report draws.
4. PNG: three figures at 1920 × 1080 with matplotlib.

Run: ``.venv/bin/python benchmarks/bench_report.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import plotly.graph_objects as go

from lunarstation.report.figures import RunView, build_figures
from lunarstation.report.html import render_html
from lunarstation.report.png import write_pngs
from lunarstation.simulate import simulate
from lunarstation.validation import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def browser_render_s(page_path: Path) -> tuple[float, float] | None:
    """(first screen drawn, every figure drawn), seconds from navigation start."""
    sys.path.insert(0, str(ROOT))
    try:
        from tests.browser_support import browser_page, chromium_path
    except ImportError:
        return None
    if chromium_path() is None:
        return None
    with browser_page() as browser:
        browser.page.goto(page_path.as_uri())
        browser.page.wait_for_function(
            "document.body.dataset.figuresDrawn !== undefined", timeout=120_000
        )
        first = float(browser.page.evaluate("document.body.dataset.firstScreenMs")) / 1000
        every = float(browser.page.evaluate("performance.now()")) / 1000
        errors = browser.console_errors + browser.blocked
    if errors:
        print(f"  browser problems: {errors[:3]}")
    return first, every


def main() -> None:
    tick = time.perf_counter()
    result = simulate(load_scenario("ilrs-reference"))
    print(f"simulate ilrs-reference: {time.perf_counter() - tick:.1f} s")
    run = RunView.from_result(result)
    tick = time.perf_counter()
    specs = build_figures(run)
    built = time.perf_counter() - tick
    tick = time.perf_counter()
    page = render_html(run, specs)
    rendered = time.perf_counter() - tick
    size = len(page.encode("utf-8"))
    print(f"figures: {len(specs)}, built in {built:.2f} s; page rendered in {rendered:.2f} s")
    print(f"report.html: {size / 1e6:.2f} MB (target < 10 MB; Plotly's bundle ≈ 4.8 MB of it)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(page, encoding="utf-8")
        seconds = browser_render_s(path)
        if seconds is None:
            print("browser render: skipped (install Debian's chromium)")
        else:
            print(
                f"browser: first screen drawn {seconds[0]:.2f} s after navigation (target < 3 s), "
                f"every figure drawn {seconds[1]:.2f} s"
            )
        # Peer: the SOC of the main site drawn hourly as it is.
        series = run.tables["station_series"]
        site = series[(series["site"] == "connecting-ridge") & series["state_of_charge"].notna()]
        peer = go.Figure(go.Scatter(x=site["time"], y=site["state_of_charge"], mode="lines"))
        peer_path = Path(folder) / "peer.html"
        tick = time.perf_counter()
        peer.write_html(peer_path, include_plotlyjs=False, include_mathjax=False)
        peer_s = time.perf_counter() - tick
        ours = next(s for s in specs if s.id == "site-connecting-ridge-soc")
        ours_bytes = len(ours.figure.to_json())
        print(f"SOC of connecting-ridge, {len(site):,} hourly points: Plotly write_html unreduced "
              f"{peer_path.stat().st_size / 1e6:.2f} MB in {peer_s:.2f} s (without the bundle); "
              f"reduced as the report draws it {ours_bytes / 1e6:.3f} MB "
              f"({peer_path.stat().st_size / ours_bytes:.0f}× smaller)")  # fmt: skip
        tick = time.perf_counter()
        chosen = [s for s in specs if s.id in ("programme-missions", "site-connecting-ridge-soc",
                                               "interop-matrix")]  # fmt: skip
        write_pngs(chosen, Path(folder) / "png")
        print(f"PNG: {len(chosen)} figures at 1920×1080 in {time.perf_counter() - tick:.2f} s")


if __name__ == "__main__":
    main()
