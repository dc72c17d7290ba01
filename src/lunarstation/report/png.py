"""PNGs for slides: the report's figures drawn again with matplotlib, from the same specs.

``write_pngs(specs, folder)`` writes ``<figure id>.png`` per :class:`FigureSpec` at slide
resolution (1920 × 1080 px: 12 × 6.75 in at 160 dpi). It reads each Plotly figure's own
traces and layout, so a PNG shows exactly the data of the page: scatter lines, markers and
bands (``fill``), bars (stacked or not), heatmaps with their discrete colour scale, the
shaded episodes (rectangle shapes), on the same subplot grid (axis domains) and with the
same titles and units. What it does not draw: hover text, annotations other than titles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lunarstation.errors import OutputError
from lunarstation.report.figures import FigureSpec
from lunarstation.report.figures.view import decode_typed

SLIDE_INCHES = (12.0, 6.75)
SLIDE_DPI = 160
"""12 × 6.75 in at 160 dpi: 1920 × 1080 px, a 16:9 slide."""

_DASHES = {"dash": (0, (5, 3)), "dot": (0, (1, 2)), "dashdot": (0, (5, 2, 1, 2))}


def _colour(value: Any, default: str = "#1f77b4") -> Any:
    """A matplotlib colour from a Plotly one (``rgba(r, g, b, a)`` included)."""
    if not isinstance(value, str):
        return default
    match = re.fullmatch(r"rgba?\(([^)]*)\)", value.replace(" ", ""))
    if match:
        parts = [float(p) for p in match.group(1).split(",")]
        rgb = [p / 255 for p in parts[:3]]
        return (*rgb, parts[3] if len(parts) > 3 else 1.0)
    return value


def _axis_key(ref: str | None, letter: str) -> str:
    """``x2`` → ``xaxis2``; ``x``/None → ``xaxis``."""
    ref = ref or letter
    return f"{letter}axis{ref[1:]}"


def _values(data: Mapping[str, Any], key: str) -> np.ndarray | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, np.ndarray):
        return np.atleast_1d(value)
    return np.atleast_1d(
        np.asarray(list(value) if isinstance(value, tuple) else value, dtype=object)
    )


def _x_of(trace: Mapping[str, Any], count: int) -> np.ndarray:
    x = _values(trace, "x")
    if x is not None:
        return x
    x0 = float(trace.get("x0", 0.0) or 0.0)
    dx = float(trace.get("dx", 1.0) or 1.0)
    return x0 + dx * np.arange(count)


def _dates(values: np.ndarray) -> np.ndarray:
    """Plotly date-axis values (ms numbers or ISO text) as numpy datetimes (UTC)."""
    if values.dtype.kind in "fiu" or all(isinstance(v, (int, float)) or v is None for v in values):
        numeric = np.array([np.nan if v is None else float(v) for v in values])
        out = np.full(len(numeric), np.datetime64("NaT"), dtype="datetime64[ms]")
        ok = np.isfinite(numeric)
        out[ok] = numeric[ok].astype("int64").astype("datetime64[ms]")
        return out
    parsed = pd.to_datetime(pd.Series(values), utc=True, errors="coerce")
    return parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[ms]")


class _Axes:
    """One matplotlib axes per Plotly (xaxis, yaxis) pair, with category positions."""

    def __init__(self, figure: Any, layout: Mapping[str, Any]) -> None:
        self.figure = figure
        self.layout = layout
        self.axes: dict[tuple[str, str], Any] = {}
        self.categories: dict[str, list[str]] = {}

    def get(self, xref: str | None, yref: str | None) -> Any:
        key = (_axis_key(xref, "x"), _axis_key(yref, "y"))
        if key not in self.axes:
            x_dom = (self.layout.get(key[0]) or {}).get("domain") or [0, 1]
            y_dom = (self.layout.get(key[1]) or {}).get("domain") or [0, 1]
            left, right, bottom, top = 0.07, 0.98, 0.09, 0.86
            box = [
                left + (right - left) * x_dom[0], bottom + (top - bottom) * y_dom[0],
                (right - left) * (x_dom[1] - x_dom[0]) - 0.035,
                (top - bottom) * (y_dom[1] - y_dom[0]) - 0.05,
            ]  # fmt: skip
            axes = self.figure.add_axes(box)
            for name, setter in ((key[0], axes.set_xlabel), (key[1], axes.set_ylabel)):
                title = ((self.layout.get(name) or {}).get("title") or {}).get("text")
                if title:
                    setter(title)
            axes.grid(True, color="#e5e5e5", linewidth=0.6)
            self.axes[key] = axes
        return self.axes[key]

    def is_date(self, ref: str | None) -> bool:
        return (self.layout.get(_axis_key(ref, "x")) or {}).get("type") == "date"

    def positions(self, name: str, values: np.ndarray) -> np.ndarray:
        """Category labels as 0, 1, 2 ... on axis ``name`` (None: NaN)."""
        known = self.categories.setdefault(
            name, [str(v) for v in ((self.layout.get(name) or {}).get("categoryarray") or [])]
        )
        out = np.full(len(values), np.nan)
        for k, value in enumerate(values):
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            label = str(value)
            if label not in known:
                known.append(label)
            out[k] = known.index(label)
        return out

    def finish(self) -> None:
        for (x_name, y_name), axes in self.axes.items():
            for name, ticks, labels in (
                (x_name, axes.set_xticks, axes.set_xticklabels),
                (y_name, axes.set_yticks, axes.set_yticklabels),
            ):
                if self.categories.get(name):
                    cats = self.categories[name]
                    ticks(range(len(cats)))
                    labels(cats, fontsize=8, rotation=35 if name.startswith("x") else 0,
                           ha="right")  # fmt: skip
            reversed_axis = (self.layout.get(y_name) or {}).get("autorange") == "reversed"
            if reversed_axis and not getattr(axes, "_image_rows_down", False):
                axes.invert_yaxis()


def _coords(axes: _Axes, trace: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    y_raw = _values(trace, "y")
    y_raw = np.array([]) if y_raw is None else y_raw
    x_raw = _x_of(trace, len(y_raw))
    x_name, y_name = _axis_key(trace.get("xaxis"), "x"), _axis_key(trace.get("yaxis"), "y")
    if axes.is_date(trace.get("xaxis")):
        x: np.ndarray = _dates(np.asarray(x_raw))
    elif np.asarray(x_raw).dtype.kind in "fiu":
        x = np.asarray(x_raw, dtype=float)
    else:
        x = axes.positions(x_name, np.asarray(x_raw, dtype=object))
    if np.asarray(y_raw).dtype.kind in "fiu":
        y = np.asarray(y_raw, dtype=float)
    elif all(v is None or isinstance(v, (int, float)) for v in y_raw):
        y = np.array([np.nan if v is None else float(v) for v in y_raw])
    else:
        y = axes.positions(y_name, np.asarray(y_raw, dtype=object))
    return x, y


def _scatter(axes: _Axes, trace: Mapping[str, Any], previous: dict[Any, Any]) -> None:
    ax = axes.get(trace.get("xaxis"), trace.get("yaxis"))
    x, y = _coords(axes, trace)
    if not len(y):
        return
    line = trace.get("line") or {}
    marker = trace.get("marker") or {}
    colour = _colour(line.get("color") or marker.get("color"))
    mode = str(trace.get("mode") or "lines")
    label = trace.get("name") if trace.get("showlegend", True) is not False else None
    fill = trace.get("fill")
    if fill == "tonexty" and id(ax) in previous:
        px, py = previous[id(ax)]
        if len(px) == len(x):
            ax.fill_between(x, py, y, color=_colour(trace.get("fillcolor"), "#cccccc"),
                            linewidth=0, label=label, step=None)  # fmt: skip
    elif fill == "tozeroy":
        ax.fill_between(x, 0, y, color=_colour(trace.get("fillcolor"), colour), alpha=0.35,
                        linewidth=0)  # fmt: skip
    width = float(line.get("width", 1.5) if line.get("width") is not None else 1.5)
    if "lines" in mode and width > 0:
        style = "steps-post" if line.get("shape") == "hv" else "default"
        ax.plot(x, y, color=colour, linewidth=min(width, 6) * 0.8, drawstyle=style,
                linestyle=_DASHES.get(str(line.get("dash")), "solid"),
                label=label if fill != "tonexty" else None)  # fmt: skip
    if "markers" in mode:
        colours = marker.get("color")
        symbol = {"star": "*", "x": "X", "diamond": "D", "square": "s"}.get(
            str(marker.get("symbol")), "o"
        )
        many = isinstance(colours, (list, tuple, np.ndarray)) and len(colours) == len(x)
        ax.scatter(x, y, s=float(np.mean(marker.get("size", 6))) ** 2 * 0.6,
                   color=[_colour(c) for c in colours or ()] if many else colour, marker=symbol,
                   label=label if "lines" not in mode else None, zorder=3)  # fmt: skip
    if "text" in mode and trace.get("text") is not None:
        for xi, yi, text in zip(x, y, trace["text"], strict=False):
            ax.annotate(str(text), (xi, yi), fontsize=7, xytext=(0, 5),
                        textcoords="offset points", ha="center")  # fmt: skip
    previous[id(ax)] = (x, y)


def _bar(axes: _Axes, trace: Mapping[str, Any], bottoms: dict[Any, dict[Any, float]],
         stacked: bool) -> None:  # fmt: skip
    ax = axes.get(trace.get("xaxis"), trace.get("yaxis"))
    x, y = _coords(axes, trace)
    y = np.nan_to_num(y)
    colours = (trace.get("marker") or {}).get("color")
    colour = (
        [_colour(c) for c in colours]
        if isinstance(colours, (list, tuple, np.ndarray))
        else _colour(colours)
    )
    base = np.zeros(len(y))
    if stacked:
        store = bottoms.setdefault(id(ax), {})
        base = np.array([store.get(xi, 0.0) for xi in x])
        for xi, yi in zip(x, y, strict=True):
            store[xi] = store.get(xi, 0.0) + yi
    width = 0.8 if np.asarray(x).dtype.kind != "M" else 20
    ax.bar(x, y, bottom=base, color=colour, width=width, label=trace.get("name"))


def _heatmap(axes: _Axes, trace: Mapping[str, Any]) -> None:
    from matplotlib.colors import LinearSegmentedColormap

    ax = axes.get(trace.get("xaxis"), trace.get("yaxis"))
    z = np.asarray(trace.get("z"), dtype=float)
    scale = trace.get("colorscale")
    cmap: Any = "Blues"
    if isinstance(scale, (list, tuple)) and scale:
        cmap = LinearSegmentedColormap.from_list(
            "plotly", [(float(p), _colour(c)) for p, c in scale]
        )
    image = ax.imshow(z, cmap=cmap, vmin=trace.get("zmin"), vmax=trace.get("zmax"),
                      aspect="auto", interpolation="nearest")  # fmt: skip
    x_labels: Any = trace.get("x")
    y_labels: Any = trace.get("y")
    xs = [str(v) for v in (range(z.shape[1]) if x_labels is None else x_labels)]
    ys = [str(v) for v in (range(z.shape[0]) if y_labels is None else y_labels)]
    ax.set_xticks(range(len(xs)), xs, rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(ys)), ys, fontsize=8)
    text = trace.get("text")
    if text is not None:
        for i, row in enumerate(text):
            for j, cell in enumerate(row):
                if cell:
                    ax.text(j, i, str(cell), ha="center", va="center", fontsize=7)
    bar = trace.get("colorbar") or {}
    colourbar = axes.figure.colorbar(image, ax=ax, fraction=0.03)
    if bar.get("tickvals") is not None:
        colourbar.set_ticks(list(bar["tickvals"]), labels=[str(t) for t in bar["ticktext"]])
    ax.grid(False)
    ax._image_rows_down = True  # imshow already puts the first row on top


def _shapes(axes: _Axes, layout: Mapping[str, Any]) -> None:
    for shape in layout.get("shapes") or ():
        if shape.get("type") != "rect":
            continue
        xref = str(shape.get("xref", "x"))
        if xref == "paper":
            continue
        yref = str(shape.get("yref", "y")).replace(" domain", "")
        ax = axes.get(xref, "y" if yref == "paper" else yref)
        x0, x1 = shape.get("x0"), shape.get("x1")
        if axes.is_date(xref):
            x0, x1 = _dates(np.array([x0, x1], dtype=object))
        colour = _colour(shape.get("fillcolor"), "#eeeeee")
        alpha = shape.get("opacity")
        ax.axvspan(x0, x1, color=colour, alpha=alpha, linewidth=0, zorder=0)


def render_png(spec: FigureSpec, path: Path) -> Path:
    """Draw ``spec`` with matplotlib and save it as a 1920 × 1080 PNG at ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plotly = decode_typed(spec.figure.to_plotly_json())
    layout = plotly.get("layout") or {}
    figure = plt.figure(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    try:
        axes = _Axes(figure, layout)
        _shapes(axes, layout)
        previous: dict[Any, Any] = {}
        bottoms: dict[Any, dict[Any, float]] = {}
        stacked = layout.get("barmode") in ("stack", "relative")
        for trace in plotly.get("data") or []:
            kind = trace.get("type", "scatter")
            if kind in ("scatter", "scattergl"):
                _scatter(axes, trace, previous)
            elif kind == "bar":
                _bar(axes, trace, bottoms, stacked)
            elif kind == "heatmap":
                _heatmap(axes, trace)
        axes.finish()
        for ax in axes.axes.values():
            handles, _ = ax.get_legend_handles_labels()
            if handles:
                ax.legend(fontsize=7, loc="best", framealpha=0.8)
        figure.suptitle(spec.title, x=0.07, y=0.97, ha="left", fontsize=14)
        figure.text(0.07, 0.015, spec.caption, fontsize=8, color="#444444", wrap=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=SLIDE_DPI)
    finally:
        plt.close(figure)
    return path


def write_pngs(
    specs: Sequence[FigureSpec],
    folder: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Path]:
    """``folder/<id>.png`` for each figure; returns the paths.

    Raises:
        OutputError: the folder is a file or cannot be written.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--png {folder} is a file; give a folder for the PNGs")
    written = []
    for index, spec in enumerate(specs):
        if progress is not None:
            progress(spec.id, index, len(specs))
        try:
            written.append(render_png(spec, folder / f"{spec.id}.png"))
        except OSError as error:
            raise OutputError(f"cannot write {folder / spec.id}.png: {error.strerror}") from None
    return written


__all__ = ["SLIDE_DPI", "SLIDE_INCHES", "render_png", "write_pngs"]
