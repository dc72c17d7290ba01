"""What figure builders read (:class:`RunView`) and what they return (:class:`FigureSpec`).

A :class:`RunView` is built from a run folder (``files.json`` lists its files) or from a
:class:`~lunarstation.simulate.RunResult` in memory, and the two give the same frames:
every table and series by file stem (``station_series``, ``logistics_transports``), time
columns as timezone-aware UTC, the findings as a table. Builders read nothing else, so
the HTML report, the PNGs and the shared server's dashboard draw the same figures from
the same code (``docs/report.md``).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lunarstation.errors import OutputError
from lunarstation.report.files import MANIFEST_NAME, to_jsonable

if TYPE_CHECKING:
    from lunarstation.simulate import RunResult

TIME_COLUMNS = frozenset({"time", "start", "end", "launch", "arrival", "departure_time"})
"""Columns read as UTC times wherever they occur (CSV holds them as ISO text)."""

FINDING_COLUMNS = ("severity", "code", "subject", "time", "message", "engine")

SECTIONS = ("programme", "logistics", "site", "interop", "ledger", "science", "orbits", "findings")
"""Section kinds in page order; a site's section is ``site:<id>``."""


def _utc_times(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a named index as a column and time columns as UTC datetimes."""
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    changes: dict[str, pd.Series] = {}
    for column in frame.columns:
        if column not in TIME_COLUMNS:
            continue
        values = frame[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            if str(values.dtype.tz) != "UTC":
                changes[column] = values.dt.tz_convert("UTC")
            continue
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            parsed = pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")
            if parsed.notna().sum() == values.notna().sum():  # only when every value is a time
                changes[column] = parsed
    return frame.assign(**changes) if changes else frame


def findings_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The findings table (``severity, code, subject, time, message, engine``), times UTC."""
    frame = pd.DataFrame(records, columns=list(FINDING_COLUMNS))
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    return frame


@dataclass(frozen=True)
class RunView:
    """What figures read: a run folder or a RunResult, never engine internals."""

    summary: dict[str, Any]
    """``summary.json`` as parsed (RunSummary v2 shape)."""
    tables: Mapping[str, pd.DataFrame]
    """Every table and series by file stem, time columns as UTC datetimes."""
    findings: pd.DataFrame
    """``severity, code, subject, time, message, engine``, most severe first."""
    source: str = ""
    """Where the run came from: the folder, or ``<memory>``."""

    @classmethod
    def from_folder(cls, folder: Path, *, what: str = "run folder") -> RunView:
        """Read a run folder written by :func:`~lunarstation.report.files.write_run`
        (``what``: how a missing folder is named in the error, e.g. ``RUN_A``).

        Raises:
            OutputError: ``folder`` is missing, is not a run folder (no ``files.json``), or
                a file the manifest lists cannot be read.
        """
        if not folder.is_dir():
            raise OutputError(
                f"{what} {folder} does not exist; give a folder `lunarstation run` wrote"
            )
        manifest_path = folder / MANIFEST_NAME
        if not manifest_path.is_file():
            raise OutputError(
                f"{folder} is not a run folder: it holds no {MANIFEST_NAME} "
                "(give a folder written by `lunarstation run`)"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            entries = list(manifest["files"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise OutputError(f"{manifest_path}: not a run manifest ({error})") from None
        summary: dict[str, Any] = {}
        findings: list[dict[str, Any]] = []
        tables: dict[str, pd.DataFrame] = {}
        for entry in entries:
            path = folder / str(entry.get("path", ""))
            try:
                kind, fmt, name = entry["kind"], entry["format"], entry["name"]
                if kind == "summary":
                    summary = json.loads(path.read_text(encoding="utf-8"))
                elif kind == "findings":
                    findings = json.loads(path.read_text(encoding="utf-8"))
                elif kind not in ("table", "series") or name in tables:
                    continue  # the report, or the same table in a second format
                elif fmt == "parquet":
                    tables[name] = _utc_times(pd.read_parquet(path))
                elif fmt == "csv":
                    tables[name] = _utc_times(pd.read_csv(path))
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise OutputError(f"{path}: cannot read this run file ({error})") from None
        if not summary:
            raise OutputError(f"{folder} is not a run folder: its manifest lists no summary.json")
        return cls(summary, tables, findings_frame(findings), str(folder))

    @classmethod
    def from_result(cls, result: RunResult) -> RunView:
        """The view of a run in memory (the same frames a folder of it would give)."""
        tables = {name: _utc_times(t) for name, t in {**result.tables, **result.series}.items()}
        summary = to_jsonable(result.summary())
        findings = findings_frame([f.to_dict() for f in result.findings])
        return cls(summary, tables, findings, "<memory>")

    def table(self, name: str, columns: Iterable[str] = ()) -> pd.DataFrame | None:
        """The table or series ``name`` when the run has it with rows (and every one of
        ``columns``), else None."""
        frame = self.tables.get(name)
        if frame is None or not len(frame) or not set(columns) <= set(frame.columns):
            return None
        return frame


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the report or the dashboard, with what the page says about it."""

    id: str
    """Stable HTML anchor, e.g. ``site-shackleton-rim-soc``."""
    section: str
    """``programme``, ``logistics``, ``site:<id>``, ``interop``, ``ledger``, ``science``,
    ``orbits`` or ``findings``."""
    title: str
    caption: str
    """One sentence: what to look for."""
    reduction: str
    """How long series were reduced, or ``""`` when drawn as they are."""
    figure: go.Figure


def json_safe(value: Any) -> Any:
    """Plain JSON from Plotly's JSON (numpy arrays, datetimes, NaN as null)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            return [None if pd.isna(v) else pd.Timestamp(v).isoformat() for v in value]
        if value.dtype.kind == "f":
            return [None if not math.isfinite(v) else float(v) for v in value.tolist()]
        return json_safe(value.tolist())
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    return to_jsonable(value)


TYPED_DTYPES = {
    "f8": np.float64, "f4": np.float32, "i1": np.int8, "u1": np.uint8, "i2": np.int16,
    "u2": np.uint16, "i4": np.int32, "u4": np.uint32, "i8": np.int64, "u8": np.uint64,
}  # fmt: skip
"""Plotly's typed-array codes (``{"dtype": "f4", "bdata": <base64>, "shape": "3, 2"}``)."""


def decode_typed(value: Any) -> Any:
    """Plotly JSON with every typed array (``bdata``) decoded to a numpy array, recursively.

    Plotly (6 and later) writes numpy arrays as base64 typed arrays, which Plotly.js reads
    directly and which keep the page small; this is how Python reads them back (the PNGs,
    the tests).
    """
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), TYPED_DTYPES[value["dtype"]])
            shape = value.get("shape")
            if shape:
                dims = [int(d) for d in str(shape).split(",")]
                array = array.reshape(dims)
            return array
        return {k: decode_typed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [decode_typed(v) for v in value]
    return value


def figure_json(spec: FigureSpec) -> dict[str, Any]:
    """``{"id", "section", "title", "caption", "reduction", "plotly"}``, JSON-safe.

    ``plotly`` is ``{"data": [...], "layout": {...}}`` for ``Plotly.newPlot``; numeric
    arrays are Plotly's base64 typed arrays (:func:`decode_typed` reads them back).
    """
    return {
        "id": spec.id,
        "section": spec.section,
        "title": spec.title,
        "caption": spec.caption,
        "reduction": spec.reduction,
        "plotly": json_safe(spec.figure.to_plotly_json()),
    }
