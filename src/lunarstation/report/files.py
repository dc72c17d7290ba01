"""Writing a run to a folder: ``summary.json``, ``findings.json`` and one CSV per table.

Files are written into a temporary sibling folder that is renamed into place at
the end, so an interrupted run leaves nothing half-written, and an existing
non-empty folder is never overwritten.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from lunarstation.errors import LunarstationError
from lunarstation.simulate import RunResult


class OutputError(LunarstationError):
    """The output folder cannot be used (exists and is not empty, or not writable)."""


def default_output_dir(result: RunResult, now: datetime, root: Path = Path("runs")) -> Path:
    """``runs/<scenario>-<UTC timestamp>``, e.g. ``runs/ilrs-reference-20261123T101500Z``."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = root / f"{result.scenario.name}-{stamp}"
    suffix = 1
    while candidate.exists():
        suffix += 1
        candidate = root / f"{result.scenario.name}-{stamp}-{suffix}"
    return candidate


def to_jsonable(value: Any) -> Any:
    """Plain JSON types from numpy scalars, dates, enums, DataFrames and NaN (as null)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return to_jsonable(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.DataFrame):
        return to_jsonable(value.to_dict(orient="records"))
    return value


def summary_json(result: RunResult) -> str:
    """``summary.json`` text."""
    return json.dumps(to_jsonable(result.summary()), indent=2, ensure_ascii=False)


def findings_json(result: RunResult) -> str:
    """``findings.json`` text: a list of findings, most severe first."""
    return json.dumps([f.to_dict() for f in result.findings], indent=2, ensure_ascii=False)


def write_run(result: RunResult, out_dir: Path, *, parquet: bool = False) -> list[Path]:
    """Write the run's files into ``out_dir`` (created; must not hold files already).

    Every table is written as CSV; with ``parquet`` also as Parquet (typed, compact,
    the UTC time zone kept), which pandas, Arrow and DuckDB read directly.
    """
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise OutputError(
            f"output folder {out_dir} already exists and is not empty; "
            "choose another --out or remove it (nothing was written)"
        )
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    except OSError as error:
        raise OutputError(f"cannot create output folder {out_dir}: {error.strerror}") from None
    try:
        (staging / "summary.json").write_text(summary_json(result) + "\n", encoding="utf-8")
        (staging / "findings.json").write_text(findings_json(result) + "\n", encoding="utf-8")
        for name, table in result.tables.items():
            _write_csv(table, staging / f"{name}.csv")
            if parquet:
                table.to_parquet(staging / f"{name}.parquet")
        if out_dir.exists():
            out_dir.rmdir()
        staging.rename(out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write run files to {out_dir}: {error.strerror}") from None
    return sorted(out_dir.iterdir())


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    """CSV through Arrow (about 7× faster than pandas for the hourly station series).

    Times are written as ``2031-02-06T00:00:00Z`` so that spreadsheets and
    ``pd.read_csv(..., parse_dates=[...])`` read them as UTC.
    """
    frame = table if isinstance(table.index, pd.RangeIndex) else table.reset_index()
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    for position, field in enumerate(arrow.schema):
        if pa.types.is_timestamp(field.type):
            # whole seconds: Arrow's %S prints the fraction of finer units
            seconds = pc.cast(arrow.column(position), pa.timestamp("s", tz="UTC"), safe=False)
            text = pc.strftime(seconds, format="%Y-%m-%dT%H:%M:%SZ")
            arrow = arrow.set_column(position, field.name, text)
    pa_csv.write_csv(arrow, path)
