"""Run folders: small tables as CSV, hourly series as Parquet, the manifest, safe writing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lunarstation import load_scenario, simulate
from lunarstation.findings import Finding, Severity
from lunarstation.report import files
from lunarstation.report.files import OutputError, default_output_dir, write_run

SITES = ("ridge", "rim", "basin")


def long_series(hours: int = 48, sites: tuple[str, ...] = SITES) -> pd.DataFrame:
    """Hourly station-like series in long form: smooth, step-like, integer and 0/1 floats."""
    parts = []
    time = pd.date_range("2031-02-01", periods=hours, freq="h", tz="UTC")
    h = np.arange(hours, dtype=float)
    for k, site in enumerate(sites):
        parts.append(
            pd.DataFrame(
                {
                    "time": time,
                    "site": site,
                    "generation_w": 40e3 * np.clip(np.sin(2 * np.pi * (h + 7 * k) / 708), 0, None),
                    "demand_w": np.where(h > hours // 3, 3000.0, 1000.0),
                    "crew": np.where((h // 720) % 4 == 0, 4.0, 0.0),  # one month in four
                    "lit": np.where((h + 97 * k) % 708 < 450, 1.0, 0.0),  # polar lit spells
                    "state_of_charge": np.where(h > 5, 0.5 + 0.4 * np.cos(h / 11), np.nan),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


@dataclass
class FakeRun:
    """The part of a run result that ``write_run`` reads."""

    tables: Mapping[str, pd.DataFrame]
    series: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    def summary(self) -> dict[str, Any]:
        return {"verdict": "feasible", "tables": sorted(self.tables)}


def timeline() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "time": pd.DatetimeIndex(
                [pd.Timestamp("2031-02-06T00:00:00Z"), pd.Timestamp("2031-03-01T12:30:00Z"), pd.NaT]
            ),
            "event": ["launch", "arrival", "departure"],
            "payload_kg": [1000.0, 1000.0, np.nan],
        }
    )


def fake_run(**series: pd.DataFrame) -> FakeRun:
    finding = Finding(
        Severity.WARNING, "POWER_SHORT", "ridge", datetime(2031, 2, 2, tzinfo=UTC), "Short."
    )
    counts = pd.DataFrame(
        {"elements": [1, 2]},
        index=pd.DatetimeIndex(["2031-02-06", "2031-03-01"], tz="UTC", name="time"),
    )
    return FakeRun(
        tables={"timeline": timeline(), "elements_by_site": counts},
        series=series or {"station": long_series()},
        findings=(finding,),
    )


def test_series_parquet_tables_csv_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "run"
    manifest = write_run(fake_run(), out)
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "elements_by_site.csv",
        "files.json",
        "findings.json",
        "station.parquet",
        "summary.json",
        "timeline.csv",
    ]
    assert json.loads((out / "files.json").read_text()) == manifest
    entries = {entry["path"]: entry for entry in manifest["files"]}
    assert set(entries) == set(names) - {"files.json"}
    for path, entry in entries.items():
        assert entry["bytes"] == (out / path).stat().st_size
    assert entries["station.parquet"] == {
        "path": "station.parquet",
        "kind": "series",
        "name": "station",
        "format": "parquet",
        "rows": 3 * 48,
        "columns": list(long_series().columns),
        "bytes": entries["station.parquet"]["bytes"],
    }
    assert entries["timeline.csv"]["kind"] == "table"
    assert entries["timeline.csv"]["rows"] == 3
    assert entries["elements_by_site.csv"]["columns"] == ["time", "elements"]
    assert entries["summary.json"]["kind"] == "summary"
    assert entries["findings.json"]["rows"] == 1
    assert entries["findings.json"]["columns"] == list(fake_run().findings[0].to_dict())


def test_parquet_reads_back_with_utc_time_and_same_values(tmp_path: Path) -> None:
    series = long_series()
    write_run(fake_run(station=series), tmp_path / "run")
    back = pd.read_parquet(tmp_path / "run" / "station.parquet")
    assert isinstance(back["time"].dtype, pd.DatetimeTZDtype)
    assert str(back["time"].dt.tz) == "UTC"
    assert back["time"].iloc[0] == pd.Timestamp("2031-02-01T00:00:00Z")
    expected = series.assign(time=series["time"].astype("datetime64[us, UTC]"))
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    assert (back.dtypes.iloc[2:] == "float64").all()  # values keep the engine's dtypes


def test_parquet_types_are_plain_for_duckdb_and_polars(tmp_path: Path) -> None:
    write_run(fake_run(), tmp_path / "run")
    parquet = pq.ParquetFile(tmp_path / "run" / "station.parquet")
    schema = parquet.schema_arrow
    assert schema.field("time").type == pa.timestamp("us", tz="UTC")
    assert pa.types.is_string(schema.field("site").type) or pa.types.is_large_string(
        schema.field("site").type
    )
    assert schema.field("crew").type == pa.float64()
    time_type = str(parquet.schema.column(0).logical_type)
    assert "isAdjustedToUTC=true" in time_type
    assert "microseconds" in time_type


def test_one_row_group_per_site_zstd_and_delta_time(tmp_path: Path) -> None:
    write_run(fake_run(), tmp_path / "run")
    metadata = pq.ParquetFile(tmp_path / "run" / "station.parquet").metadata
    assert metadata.num_row_groups == len(SITES)
    for group in range(metadata.num_row_groups):
        site = metadata.row_group(group).column(1).statistics
        assert site.min == site.max == SITES[group]
        time_chunk = metadata.row_group(group).column(0)
        assert time_chunk.compression == "ZSTD"
        assert "DELTA_BINARY_PACKED" in time_chunk.encodings


def test_interleaved_sites_are_written_as_they_come(tmp_path: Path) -> None:
    interleaved = long_series().sort_values(["time", "site"], ignore_index=True)
    write_run(fake_run(station=interleaved), tmp_path / "run")
    path = tmp_path / "run" / "station.parquet"
    assert pq.ParquetFile(path).metadata.num_row_groups == 1
    back = pd.read_parquet(path)
    assert back["site"].tolist() == interleaved["site"].tolist()


def column_bytes(path: Path) -> dict[str, int]:
    """Compressed bytes of each column of a Parquet file, summed over row groups."""
    metadata = pq.ParquetFile(path).metadata
    sizes: dict[str, int] = {}
    for group in range(metadata.num_row_groups):
        for index in range(metadata.num_columns):
            chunk = metadata.row_group(group).column(index)
            name = chunk.path_in_schema
            sizes[name] = sizes.get(name, 0) + chunk.total_compressed_size
    return sizes


def test_integer_and_flag_floats_are_not_bloated(tmp_path: Path) -> None:
    """Floats holding counts or 0/1 keep their dtype and cost under a bit a value.

    That is less than the same values as a bit-packed boolean column before compression
    (a regular hourly time column, far less).
    """
    hours = 20_000
    write_run(fake_run(station=long_series(hours, SITES[:2])), tmp_path / "run")
    path = tmp_path / "run" / "station.parquet"
    sizes = column_bytes(path)
    rows = 2 * hours
    for name in ("crew", "lit", "demand_w"):
        assert sizes[name] < rows / 8, (name, sizes[name])
    assert sizes["time"] < rows / 80
    assert pq.ParquetFile(path).schema_arrow.field("crew").type == pa.float64()


def test_series_csv_also_writes_series_as_csv(tmp_path: Path) -> None:
    manifest = write_run(fake_run(), tmp_path / "run", series_csv=True)
    formats = {(e["name"], e["format"]) for e in manifest["files"] if e["kind"] == "series"}
    assert formats == {("station", "parquet"), ("station", "csv")}
    text = (tmp_path / "run" / "station.csv").read_text().splitlines()
    assert text[0].startswith('"time","site","generation_w"')
    assert text[1].startswith('"2031-02-01T00:00:00Z","ridge",0')
    back = pd.read_csv(tmp_path / "run" / "station.csv", parse_dates=["time"])
    assert str(back["time"].dt.tz) == "UTC"
    assert len(back) == 3 * 48


def test_csv_times_are_iso_utc_and_missing_times_empty(tmp_path: Path) -> None:
    write_run(fake_run(), tmp_path / "run")
    lines = (tmp_path / "run" / "timeline.csv").read_text().splitlines()
    assert lines[1] == '"2031-02-06T00:00:00Z","launch",1000'
    assert lines[2] == '"2031-03-01T12:30:00Z","arrival",1000'
    assert lines[3] == ',"departure",'
    counts = (tmp_path / "run" / "elements_by_site.csv").read_text().splitlines()
    assert counts == ['"time","elements"', '"2031-02-06T00:00:00Z",1', '"2031-03-01T00:00:00Z",2']


def test_parquet_flag_also_writes_tables_as_parquet(tmp_path: Path) -> None:
    manifest = write_run(fake_run(), tmp_path / "run", parquet=True)
    assert {"timeline.parquet", "elements_by_site.parquet"} <= {
        e["path"] for e in manifest["files"]
    }
    back = pd.read_parquet(tmp_path / "run" / "timeline.parquet")
    assert str(back["time"].dt.tz) == "UTC"


def test_default_output_dir_has_time_and_scenario_digest(tmp_path: Path) -> None:
    run = SimpleNamespace(
        scenario=SimpleNamespace(name="minimal"),
        provenance=SimpleNamespace(scenario_sha256="b2c4fb18" + "0" * 56),
    )
    now = datetime(2026, 11, 23, 11, 15, tzinfo=UTC)
    first = default_output_dir(cast(Any, run), now, tmp_path)
    assert first == tmp_path / "minimal-20261123T111500Z-b2c4fb18"
    first.mkdir()
    assert default_output_dir(cast(Any, run), now, tmp_path).name == first.name + "-2"


def test_existing_non_empty_folder_is_never_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    with pytest.raises(OutputError, match="already exists and is not empty"):
        write_run(fake_run(), out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_existing_empty_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_run(fake_run(), out)
    assert (out / "station.parquet").exists()


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (FakeRun({"a": timeline()}, {"a": long_series()}), "both a table and a series"),
        (FakeRun({}, {"s": long_series().drop(columns="time")}), "no 'time' column"),
        (
            FakeRun({}, {"s": long_series().assign(time=lambda f: f["time"].dt.tz_localize(None))}),
            "timezone-aware UTC",
        ),
        (FakeRun({"../escape": timeline()}), "not a file name"),
    ],
)
def test_broken_contract_is_an_error_before_anything_is_written(
    tmp_path: Path, run: FakeRun, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        write_run(run, tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


def test_series_time_in_another_zone_is_written_as_utc(tmp_path: Path) -> None:
    series = long_series().assign(time=lambda f: f["time"].dt.tz_convert("Europe/Paris"))
    write_run(fake_run(station=series), tmp_path / "run")
    back = pd.read_parquet(tmp_path / "run" / "station.parquet")
    assert back["time"].iloc[0] == pd.Timestamp("2031-02-01T00:00:00Z")
    assert str(back["time"].dt.tz) == "UTC"


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(arrow: pa.Table, path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_write_parquet", full_disk)
    with pytest.raises(OutputError, match=r"cannot write run files to .*No space left on device"):
        write_run(fake_run(), tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


def test_real_minimal_run(tmp_path: Path) -> None:
    """A real ``RunResult``: every table as CSV, every series as Parquet with UTC times."""
    result = simulate(load_scenario("minimal"))
    manifest = write_run(result, tmp_path / "run")
    entries = {(e["kind"], e["name"], e["format"]): e for e in manifest["files"]}
    for name, table in result.tables.items():
        assert entries["table", name, "csv"]["rows"] == len(table)
    for name, frame in getattr(result, "series", {}).items():
        assert entries["series", name, "parquet"]["rows"] == len(frame)
        back = pd.read_parquet(tmp_path / "run" / f"{name}.parquet")
        assert str(back["time"].dt.tz) == "UTC"
        assert back["time"].iloc[0] == frame["time"].iloc[0]
    on_disk = {p.name for p in (tmp_path / "run").iterdir()}
    assert on_disk == {e["path"] for e in manifest["files"]} | {"files.json"}
    timed = [
        e for e in manifest["files"] if e["format"] == "csv" and "time" in (e["columns"] or [])
    ]
    assert timed
    first = pd.read_csv(tmp_path / "run" / timed[0]["path"], parse_dates=["time"])
    assert str(first["time"].dt.tz) == "UTC"
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["scenario"]["name"] == "minimal"
