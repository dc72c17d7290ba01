"""The run report: one self-contained HTML page (``report.html``) of a run's figures.

Everything is inline: Plotly's bundle (:func:`plotly_bundle`, once, about 4.6 MB), the CSS, the figures' JSON and a little plain JavaScript for drawing them and
filtering the findings table. A Content-Security-Policy in the page forbids every
network request (no fonts, CDN, MathJax or modebar upload), so the page opens from disk
on a machine without internet and shows the same thing there.

The page: a header with the verdict, the scenario and the run's provenance (version,
input digests, seed); a table of contents by section; each section's figures with their
caption and how their series were reduced; the findings table, filterable by severity,
engine and subject, each row linking to the figure (zoomed to the finding's time) it
concerns.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from lunarstation.errors import OutputError
from lunarstation.report.figures import FigureSpec, RunView, build_figures, figure_json
from lunarstation.report.figures.findings import finding_rows
from lunarstation.report.figures.view import SECTIONS
from lunarstation.report.files import REPORT_NAME

SECTION_TITLES = {
    "programme": "Programme",
    "logistics": "Logistics",
    "interop": "Interoperability",
    "ledger": "Ledger",
    "science": "Science",
    "orbits": "Orbits and relays",
    "findings": "Findings",
}

CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; worker-src blob:"
)
"""No request to any address: inline code and data: URLs only."""

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
"""Plotly's modebar without anything that would reach a server."""

CSS = """
:root { --fg: #1d1d1f; --muted: #666; --line: #ddd; --warn: #d62728; --ok: #2ca02c; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--fg); margin: 0; background: #fafafa; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 18px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 10px; color: white;
  font-weight: 600; } .verdict.ok { background: var(--ok); } .verdict.bad { background: var(--warn); }
.meta { color: var(--muted); } .meta code { font-size: 12px; }
details.provenance { margin: 8px 0; } details.provenance table td { padding: 1px 8px 1px 0;
  vertical-align: top; } details.provenance code { word-break: break-all; }
nav.toc { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px;
  margin: 12px 0; columns: 3; } nav.toc a { color: #1f5fa8; text-decoration: none; }
nav.toc div.sec { break-inside: avoid; margin-bottom: 6px; } nav.toc div.sec > b { display: block; }
figure { background: white; border: 1px solid var(--line); border-radius: 6px; margin: 14px 0;
  padding: 8px; } figure .plot { width: 100%; min-height: 300px; }
figcaption { color: var(--fg); padding: 4px 6px; } figcaption .reduction { display: block;
  color: var(--muted); font-size: 12px; }
.filters { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; align-items: end; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
table.findings { border-collapse: collapse; width: 100%; background: white; font-size: 13px; }
table.findings th, table.findings td { border-bottom: 1px solid var(--line); padding: 4px 6px;
  text-align: left; vertical-align: top; }
tr.error td.sev { color: var(--warn); font-weight: 600; } tr.warning td.sev { color: #c77700; }
tr.info td.sev { color: #2b8cbe; } .hidden { display: none; }
footer { color: var(--muted); font-size: 12px; margin: 30px 0; }
"""

SCRIPT = """
(function () {
  // Figures in (or near) the viewport are drawn first, as they come into view; the rest
  // one at a time in the background, so the first screen does not wait for all of them.
  var figures = JSON.parse(document.getElementById('figures-data').textContent);
  var config = JSON.parse(document.getElementById('plotly-config').textContent);
  var drawn = 0, began = performance.now(), timings = {}, byId = {};
  window.lunarstationDrawMs = timings;
  function draw(spec) {
    if (!spec || spec.done) { return; }
    spec.done = true;
    var div = document.querySelector('[data-figure="' + spec.id + '"]');
    if (div) {
      var t0 = performance.now();
      Plotly.newPlot(div, spec.plotly.data, spec.plotly.layout, config);
      timings[spec.id] = Math.round(performance.now() - t0);
    }
    drawn += 1;
    if (drawn === figures.length) {
      document.body.setAttribute('data-figures-drawn', String(drawn));
      document.body.setAttribute('data-draw-ms', String(Math.round(performance.now() - began)));
    }
  }
  window.lunarstationDraw = function (id) { draw(byId[id]); };
  var observer = null;
  if ('IntersectionObserver' in window) {
    var first = true;
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          draw(byId[entry.target.getAttribute('data-figure')]);
          observer.unobserve(entry.target);
        }
      });
      if (first) {
        first = false;
        document.body.setAttribute('data-first-screen-ms', String(Math.round(performance.now())));
      }
    }, {rootMargin: '600px 0px'});
  }
  figures.forEach(function (spec) {
    byId[spec.id] = spec;
    var div = document.querySelector('[data-figure="' + spec.id + '"]');
    if (div && observer) { observer.observe(div); }
  });
  if (!figures.length) { document.body.setAttribute('data-figures-drawn', '0'); }
  function drainOne() {
    for (var k = 0; k < figures.length; k += 1) {
      if (!figures[k].done) { draw(figures[k]); setTimeout(drainOne, 0); return; }
    }
  }
  setTimeout(drainOne, observer ? 200 : 0);
  var table = document.getElementById('findings-table');
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
  var severity = document.getElementById('filter-severity');
  var engine = document.getElementById('filter-engine');
  var subject = document.getElementById('filter-subject');
  var count = document.getElementById('findings-shown');
  function filter() {
    var s = severity.value, e = engine.value, q = subject.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!s || row.dataset.severity === s) && (!e || row.dataset.engine === e) &&
        (!q || row.dataset.subject.toLowerCase().indexOf(q) >= 0);
      row.classList.toggle('hidden', !ok);
      if (ok) { shown += 1; }
    });
    count.textContent = shown + ' of ' + rows.length;
  }
  [severity, engine].forEach(function (el) { el.addEventListener('change', filter); });
  subject.addEventListener('input', filter);
  filter();
  table.addEventListener('click', function (event) {
    var link = event.target.closest('a[data-time]');
    if (!link || !link.dataset.time) { return; }
    var id = link.getAttribute('href').slice(1);
    draw(byId[id]);
    var div = document.querySelector('[data-figure="' + id + '"]');
    if (!div || !div.layout || !div.layout.xaxis || div.layout.xaxis.type !== 'date') { return; }
    var t = Date.parse(link.dataset.time), pad = 20 * 86400000;
    var update = {};
    Object.keys(div.layout).forEach(function (key) {
      if (/^xaxis\\d*$/.test(key) && div.layout[key].type === 'date') {
        update[key + '.range'] = [t - pad, t + pad];
      }
    });
    Plotly.relayout(div, update);
  });
})();
"""


@cache
def plotly_bundle() -> bytes:
    """Plotly's JavaScript bundle from the installed plotly package
    (:func:`plotly.offline.get_plotlyjs`), read once per process."""
    from plotly.offline import get_plotlyjs

    bundle: str = get_plotlyjs()
    return bundle.encode("utf-8")


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</`` and no HTML comment openers."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def section_title(section: str, run: RunView) -> str:
    """The heading of a section (``site:<id>``: the site's name)."""
    if section.startswith("site:"):
        site = section.split(":", 1)[1]
        table = run.table("environment_sites")
        if table is not None and "name" in table:
            names = dict(zip(table["site"].astype(str), table["name"].astype(str), strict=True))
            return f"Site: {names.get(site, site)}"
        return f"Site: {site}"
    return SECTION_TITLES.get(section, section.title())


def section_anchor(section: str) -> str:
    """``sec-site-connecting-ridge``: the anchor of a section."""
    return "sec-" + section.replace(":", "-")


def _section_order(specs: Sequence[FigureSpec]) -> list[str]:
    found = list(dict.fromkeys(spec.section for spec in specs))
    if "findings" not in found:
        found.append("findings")  # the table is always there
    rank = {kind: k for k, kind in enumerate(SECTIONS)}
    return sorted(found, key=lambda s: (rank.get(s.split(":", 1)[0], len(rank)), found.index(s)))


def _provenance(summary: Mapping[str, Any]) -> str:
    prov = summary.get("provenance") or {}
    rows = [
        ("lunarstation", f"{prov.get('lunarstation_version', '?')}"
         + (f" ({prov['git_describe']})" if prov.get("git_describe") else "")),
        ("scenario digest", f"<code>{html.escape(str(prov.get('scenario_sha256', '')))}</code>"),
        ("seed", str(prov.get("seed", ""))),
    ]  # fmt: skip
    for item in prov.get("inputs") or []:
        rows.append(
            (
                f"input ({html.escape(str(item.get('kind', '')))})",
                f"{html.escape(str(item.get('name', '')))} sha256 "
                f"<code>{html.escape(str(item.get('sha256', '')))}</code>",
            )
        )
    if prov.get("command"):
        rows.append(("command", f"<code>{html.escape(' '.join(prov['command']))}</code>"))
    for key in ("started", "finished", "python_version", "numpy_version", "pandas_version",
                "platform"):  # fmt: skip
        if prov.get(key):
            rows.append((key.replace("_", " "), html.escape(str(prov[key]))))
    body = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _header(run: RunView) -> str:
    summary = run.summary
    scenario = summary.get("scenario") or {}
    verdict = str(summary.get("verdict", "?"))
    counts = summary.get("findings_by_severity") or {}
    prov = summary.get("provenance") or {}
    inputs = ", ".join(
        f"{i.get('name')} ({str(i.get('sha256', ''))[:12]})" for i in prov.get("inputs") or []
    )
    title = html.escape(str(scenario.get("title") or scenario.get("name") or "run"))
    return f"""
<header>
<h1>{title}</h1>
<div><span class="verdict {"ok" if verdict == "feasible" else "bad"}">{html.escape(verdict)}</span>
  &nbsp;{counts.get("error", 0)} error, {counts.get("warning", 0)} warning,
  {counts.get("info", 0)} info findings</div>
<p class="meta">Scenario <b>{html.escape(str(scenario.get("name", "")))}</b>,
  {html.escape(str(scenario.get("start", "")))} to {html.escape(str(scenario.get("end", "")))}
  every {scenario.get("step_h", "?")} h &middot; lunarstation
  {html.escape(str(prov.get("lunarstation_version", "?")))} &middot; seed {prov.get("seed", "?")}
  &middot; inputs {html.escape(inputs)} &middot; scenario digest
  <code>{html.escape(str(prov.get("scenario_sha256", ""))[:16])}</code></p>
<details class="provenance"><summary>Provenance</summary>{_provenance(summary)}</details>
</header>"""


def _toc(run: RunView, order: Sequence[str], specs: Sequence[FigureSpec]) -> str:
    parts = []
    for section in order:
        links = "".join(
            f'<div><a href="#{html.escape(s.id)}">{html.escape(s.title)}</a></div>'
            for s in specs
            if s.section == section
        )
        if section == "findings":
            links += '<div><a href="#findings-list">Findings table</a></div>'
        parts.append(
            f'<div class="sec"><b><a href="#{section_anchor(section)}">'
            f"{html.escape(section_title(section, run))}</a></b>{links}</div>"
        )
    return f'<nav class="toc" aria-label="contents">{"".join(parts)}</nav>'


def _figure_html(spec: FigureSpec) -> str:
    reduction = (
        f'<span class="reduction">Series reduced: {html.escape(spec.reduction)}.</span>'
        if spec.reduction
        else '<span class="reduction">Drawn as computed (no reduction).</span>'
    )
    return (
        f'<figure id="{html.escape(spec.id)}"><div class="plot" data-figure="{html.escape(spec.id)}">'
        f"</div><figcaption>{html.escape(spec.caption)}{reduction}</figcaption></figure>"
    )


def _findings_table(rows: Sequence[Mapping[str, str]]) -> str:
    severities = [s for s in ("error", "warning", "info") if any(r["severity"] == s for r in rows)]
    engines = sorted({r["engine"] for r in rows if r["engine"]})

    def options(values: Sequence[str]) -> str:
        return "".join(
            f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values
        )

    body = []
    for row in rows:
        target = row["figure"]
        link = (
            f'<a href="#{html.escape(target)}" data-time="{html.escape(row["time"])}">'
            f"{html.escape(target)}</a>"
            if target
            else ""
        )
        body.append(
            f'<tr class="{html.escape(row["severity"])}" data-severity="{html.escape(row["severity"])}"'
            f' data-engine="{html.escape(row["engine"])}" data-subject="{html.escape(row["subject"])}">'
            f'<td class="sev">{html.escape(row["severity"])}</td><td>{html.escape(row["engine"])}</td>'
            f"<td>{html.escape(row['code'])}</td><td>{html.escape(row['subject'])}</td>"
            f"<td>{html.escape(row['time'][:16].replace('T', ' '))}</td>"
            f"<td>{html.escape(row['message'])}</td><td>{link}</td></tr>"
        )
    return f"""
<div id="findings-list">
<div class="filters">
  <label>severity<select id="filter-severity"><option value="">all</option>{options(severities)}</select></label>
  <label>engine<select id="filter-engine"><option value="">all</option>{options(engines)}</select></label>
  <label>subject<input id="filter-subject" type="search" placeholder="e.g. connecting-ridge"></label>
  <span class="meta">showing <span id="findings-shown">{len(rows)} of {len(rows)}</span></span>
</div>
<table class="findings" id="findings-table"><thead><tr><th>severity</th><th>engine</th>
<th>code</th><th>subject</th><th>time (UTC)</th><th>message</th><th>figure</th></tr></thead>
<tbody>{"".join(body)}</tbody></table></div>"""


def render_html(
    run: RunView,
    specs: Sequence[FigureSpec] | None = None,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    plotly_js: str | None = None,
    preface: str = "",
    figures: Sequence[Mapping[str, Any]] | None = None,
) -> str:
    """The report page of ``run`` (its figures: ``specs``, default :func:`build_figures`).

    ``plotly_js``: the bundle to inline (default Plotly's own, :func:`plotly_bundle`);
    ``preface``: HTML put before the sections (the comparison's tables); ``figures``:
    ``figure_json`` of each of ``specs``, in order, when the caller has made it already.
    """
    if specs is None:
        specs = build_figures(run, progress=progress)
    if plotly_js is None:
        plotly_js = plotly_bundle().decode("utf-8")
    if figures is None:
        figures = [figure_json(s) for s in specs]
    order = _section_order(specs)
    rows = finding_rows(run, [s.id for s in specs])
    sections = []
    for section in order:
        figures_html = "".join(_figure_html(s) for s in specs if s.section == section)
        if section == "findings":
            figures_html += _findings_table(rows)
        sections.append(
            f'<section id="{section_anchor(section)}"><h2>{html.escape(section_title(section, run))}'
            f"</h2>{figures_html}</section>"
        )
    data = _script_json(list(figures))
    title = html.escape(str((run.summary.get("scenario") or {}).get("name", "run")))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — lunarstation run report</title>
<style>{CSS}</style>
</head><body>
{_header(run)}
<main>
{_toc(run, order, specs)}
{preface}
{"".join(sections)}
<footer>Made by lunarstation from {html.escape(run.source or "a run")}; every figure is drawn
from the run's own files (docs/report.md says how). This page makes no network request.</footer>
</main>
<script>window.PlotlyConfig = {{MathJaxConfig: "local"}};</script>
<script>{plotly_js}</script>
<script type="application/json" id="figures-data">{data}</script>
<script type="application/json" id="plotly-config">{_script_json(PLOTLY_CONFIG)}</script>
<script>{SCRIPT}</script>
</body></html>
"""


def write_report(
    run: RunView,
    path: Path,
    *,
    specs: Sequence[FigureSpec] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    preface: str = "",
) -> Path:
    """Write ``run``'s report page to ``path`` (through a temporary file, then renamed).

    Raises:
        OutputError: the file cannot be written.
    """
    text = render_html(run, specs, progress=progress, preface=preface)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write the report {path}: {error.strerror}") from None
    return path


__all__ = ["REPORT_NAME", "plotly_bundle", "render_html", "section_anchor", "write_report"]
