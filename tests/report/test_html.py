"""The report page, read as text: one file, everything inline, nothing fetched."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lunarstation.report.figures import FigureSpec, RunView
from lunarstation.report.files import REPORT_NAME
from lunarstation.report.html import render_html


def test_the_run_folder_holds_the_report_and_the_manifest_lists_it(small_folder: Path) -> None:
    manifest = json.loads((small_folder / "files.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in manifest["files"] if e["kind"] == "report"]
    assert entry["path"] == REPORT_NAME
    assert entry["format"] == "html"
    assert entry["bytes"] == (small_folder / REPORT_NAME).stat().st_size


def test_the_page_is_self_contained(small_folder: Path) -> None:
    page = (small_folder / REPORT_NAME).read_text(encoding="utf-8")
    # No external script, style, font, image or frame; no MathJax or CDN loader.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert "@import" not in page
    assert "url(http" not in page
    assert page.count("Content-Security-Policy") == 1
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    assert "default-src 'none'" in csp.group(1)
    assert "connect-src 'none'" in csp.group(1)
    # Plotly's bundle inlined exactly once.
    assert page.count("plotly.js v") == 1 or page.count("* plotly.js") == 1


def test_header_has_verdict_scenario_and_provenance(
    small_view: RunView, small_folder: Path
) -> None:
    page = (small_folder / REPORT_NAME).read_text(encoding="utf-8")
    summary = small_view.summary
    assert f'class="verdict ok">{summary["verdict"]}<' in page
    assert summary["scenario"]["name"] in page
    prov = summary["provenance"]
    assert prov["scenario_sha256"] in page
    for item in prov["inputs"]:
        assert item["sha256"] in page
    assert f"seed {prov['seed']}" in page
    assert prov["lunarstation_version"] in page


def test_every_figure_has_its_anchor_toc_entry_caption_and_reduction(
    small_view: RunView, small_specs: dict[str, FigureSpec]
) -> None:
    page = render_html(small_view, list(small_specs.values()), plotly_js="/* plotly */")
    for spec in small_specs.values():
        assert f'<figure id="{spec.id}">' in page
        assert f'href="#{spec.id}"' in page
    assert "Series reduced: daily min/mean/max of the hourly values" in page
    data = re.search(
        r'<script type="application/json" id="figures-data">(.*?)</script>', page, re.S
    )
    assert data is not None
    figures = json.loads(data.group(1))
    assert [f["id"] for f in figures] == list(small_specs)


def test_findings_table_rows_filter_attributes_and_links(
    small_view: RunView, small_specs: dict[str, FigureSpec]
) -> None:
    page = render_html(small_view, list(small_specs.values()), plotly_js="")
    rows = re.findall(r'<tr class="(\w+)" data-severity="(\w+)" data-engine="([\w-]*)"', page)
    assert len(rows) == len(small_view.findings)
    assert {r[2] for r in rows} == set(small_view.findings["engine"])
    assert 'href="#site-ridge-sky" data-time="' in page
    for select in ("filter-severity", "filter-engine", "filter-subject"):
        assert f'id="{select}"' in page


def test_a_script_closing_tag_in_data_cannot_end_the_script(small_view: RunView) -> None:
    import plotly.graph_objects as go

    spec = FigureSpec("x", "findings", "</script><b>", "a caption.", "", go.Figure())
    page = render_html(small_view, [spec], plotly_js="")
    assert "</script><b>" not in page
