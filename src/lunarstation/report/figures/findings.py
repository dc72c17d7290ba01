"""Findings: when each finding falls, and which figure each concerns.

:func:`finding_rows` gives the rows of the page's findings table with the anchor of the
figure each concerns (by engine and subject: a site's finding links to that site's
figure, a mission's to the margins, an interface's to the matrix); the figure here puts
the findings on the campaign's time axis by engine, coloured by severity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from lunarstation.report.figures.style import WARNING, epoch_ms, new_figure
from lunarstation.report.figures.view import FigureSpec, RunView

SECTION = "findings"
SEVERITY_COLOURS = {"error": WARNING, "warning": "#ff9f1c", "info": "#2b8cbe"}

CODE_FIGURES = {
    "SITE_LONG_DARKNESS": "site-{subject}-sky",
    "SITE_NO_DIRECT_EARTH_LINK": "site-{subject}-sky",
    "LOADS_SHED": "site-{subject}-power",
    "SURVIVAL_SHORTFALL": "site-{subject}-soc",
    "CONSUMABLE_LOW": "site-{subject}-stores",
    "CONSUMABLE_EXHAUSTED": "site-{subject}-stores",
    "DATA_BACKLOG": "site-{subject}-backlog",
    "DESIGN_LIFE_EXCEEDED": "programme-missions",
    "MISSION_FAILED": "programme-missions",
}
"""Finding code → the figure it concerns (``{subject}`` filled in)."""
ENGINE_FIGURES = {
    "environment": ("site-{subject}-sky",),
    "station": ("site-{subject}-power", "site-{subject}-soc"),
    "logistics": ("logistics-margins",),
    "interop": ("interop-matrix",),
    "ledger": ("ledger-parity",),
    "timeline": ("programme-missions",),
    "science": ("science-use", "science-schedule"),
    "orbits": ("orbits-coverage", "orbits-contacts"),
}
"""Otherwise by engine: the first of these the page has."""


def target_figure(finding: Mapping[str, Any], ids: Iterable[str]) -> str | None:
    """The anchor of the figure a finding concerns, among the page's figure ids."""
    present = set(ids)
    subject = str(finding.get("subject") or "")
    candidates = []
    code = str(finding.get("code") or "")
    if code in CODE_FIGURES:
        candidates.append(CODE_FIGURES[code].format(subject=subject))
    candidates += [
        c.format(subject=subject) for c in ENGINE_FIGURES.get(str(finding.get("engine")), ())
    ]
    candidates += [f"site-{subject}-power", f"site-{subject}-sky"]  # a site-like subject
    return next((c for c in candidates if c in present), None)


def finding_rows(run: RunView, ids: Iterable[str]) -> list[dict[str, Any]]:
    """The findings table: severity, engine, code, subject, time (ISO UTC or ""), message,
    figure (the anchor it links to, or "")."""
    known = list(ids)
    rows = []
    records = cast(list[dict[str, Any]], run.findings.to_dict(orient="records"))
    for record in records:
        time = record.get("time")
        rows.append(
            {
                "severity": str(record["severity"]),
                "engine": str(record.get("engine") or ""),
                "code": str(record["code"]),
                "subject": str(record.get("subject") or ""),
                "time": "" if time is None or pd.isna(time) else pd.Timestamp(time).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"),
                "message": str(record["message"]),
                "figure": target_figure(record, known) or "",
            }
        )  # fmt: skip
    return rows


def figures(run: RunView) -> Iterator[FigureSpec]:
    """Findings over time by engine (none when no finding carries a time)."""
    timed = run.findings[run.findings["time"].notna()]
    if timed.empty:
        return
    figure = new_figure("Findings over the campaign", "time (UTC)", "engine", height=360)
    for severity, colour in SEVERITY_COLOURS.items():
        rows = timed[timed["severity"] == severity]
        if rows.empty:
            continue
        figure.add_scatter(
            x=epoch_ms(rows["time"]), y=rows["engine"], mode="markers", name=severity,
            marker={"color": colour, "size": 10, "symbol": "diamond"},
            customdata=np.stack([rows["code"], rows["subject"], rows["message"].str.slice(0, 160)], axis=1),
            hovertemplate=(
                "<b>%{customdata[0]}</b> %{customdata[1]}<br>%{x|%Y-%m-%d %H:%M} UTC"
                "<br>%{customdata[2]}<extra>%{y}</extra>"
            ),
        )  # fmt: skip
    figure.update_yaxes(type="category")
    counts = run.findings["severity"].value_counts()
    said = ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITY_COLOURS)
    yield FigureSpec(
        "findings-timeline", SECTION, "Findings over the campaign",
        f"When each engine's findings fall ({said}); clusters show the stretch of the "
        "campaign to look at first, and the table below links each to its figure.",
        "", figure,
    )  # fmt: skip


__all__ = ["CODE_FIGURES", "figures", "finding_rows", "target_figure"]
