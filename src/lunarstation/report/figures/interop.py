"""Interoperability: the element × element compatibility matrix, evidence on hover.

Reads ``summary.interop.compatibility_matrix`` (the catalog's verdict for every pair of
elements with docking ports) and ``interop_connections`` (each docking and connection
the scenario makes: verdict, adapters, confidence and sources).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lunarstation.report.figures.style import VERDICT_COLOURS, new_figure
from lunarstation.report.figures.view import FigureSpec, RunView

SECTION = "interop"
VERDICTS = tuple(VERDICT_COLOURS)
"""direct, adapter, claimed, unknown, none: the colour order of the grid."""


def figures(run: RunView) -> Iterator[FigureSpec]:
    """The matrix (none when the run has no interop section or no element pairs)."""
    matrix = (run.summary.get("interop") or {}).get("compatibility_matrix") or {}
    if matrix:
        yield matrix_figure(matrix, run.table("interop_connections"))


def _evidence(connections: pd.DataFrame | None) -> dict[frozenset[str], str]:
    """Per pair of elements, what the scenario's dockings say (mission, ports, sources)."""
    if connections is None or "kind" not in connections:
        return {}
    found: dict[frozenset[str], str] = {}
    for _, row in connections[connections["kind"] == "docking"].iterrows():
        parts = [
            f"{row['mission']}: {row['a']}.{row['a_port']} ({row['a_standard']}) to "
            f"{row['b']}.{row['b_port']} ({row['b_standard']}): {row['verdict']}",
        ]
        for label in ("adapters", "confidence", "sources"):
            value = row.get(label)
            if isinstance(value, str) and value:
                parts.append(f"{label}: {value}")
        key = frozenset((str(row["a"]), str(row["b"])))
        found[key] = (found.get(key, "") + "<br>" if key in found else "") + "<br>".join(parts)
    return found


def matrix_figure(
    matrix: Mapping[str, Mapping[str, str]], connections: pd.DataFrame | None
) -> FigureSpec:
    """A coloured grid: each cell the verdict of docking the row element to the column one."""
    elements = list(matrix)
    evidence = _evidence(connections)
    index = {v: k for k, v in enumerate(VERDICTS)}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for a in elements:
        z_row: list[float | None] = []
        t_row: list[str] = []
        h_row: list[str] = []
        for b in elements:
            verdict = matrix.get(a, {}).get(b) if a != b else None
            z_row.append(None if verdict is None else float(index.get(verdict, index["unknown"])))
            t_row.append(verdict or "")
            note = evidence.get(frozenset((a, b)), "catalog verdict (not docked in this scenario)")
            h_row.append(note if verdict else "")
        z.append(z_row)
        text.append(t_row)
        hover.append(h_row)
    n = len(VERDICTS)
    scale: list[list[Any]] = []
    for k, verdict in enumerate(VERDICTS):
        scale += [[k / n, VERDICT_COLOURS[verdict]], [(k + 1) / n, VERDICT_COLOURS[verdict]]]
    figure = new_figure(
        "Docking compatibility, element × element", "docking element (target)",
        "docking element (chaser)", height=max(420, 34 * len(elements) + 180), date_axis=False,
    )  # fmt: skip
    figure.add_trace(
        go.Heatmap(
            z=np.array(z, dtype=float), x=elements, y=elements, text=text,
            customdata=np.array(hover, dtype=object), texttemplate="%{text}",
            colorscale=scale, zmin=-0.5, zmax=n - 0.5, xgap=2, ygap=2,
            colorbar={"title": {"text": "verdict"}, "tickvals": list(range(n)),
                      "ticktext": list(VERDICTS)},
            hovertemplate="<b>%{y} → %{x}</b>: %{text}<br>%{customdata}<extra></extra>",
            name="verdict",
        )
    )  # fmt: skip
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category", tickangle=-35)
    counts = pd.Series([t for row in text for t in row if t]).value_counts()
    worst = ", ".join(f"{counts[v] // 2} {v}" for v in VERDICTS if v in counts)
    return FigureSpec(
        "interop-matrix", SECTION, "Docking compatibility, element × element",
        "Green pairs dock directly, grey ones are unknown and red ones cannot dock; hover a "
        f"cell for the standards, evidence and sources (pairs: {worst}).",
        "", figure,
    )  # fmt: skip


__all__ = ["VERDICTS", "figures", "matrix_figure"]
