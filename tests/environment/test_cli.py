"""``lunarstation sun`` and ``sun-map``, run in process through ``cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lunarstation.cli import main
from lunarstation.environment.dem import Dem, read_dem, write_geotiff

JSON_KEYS = {
    "sun_center_lit_fraction",
    "sun_disk_visible_fraction",
    "longest_darkness_h",
    "darkness_periods",
    "earth_visible_fraction",
    "longest_earth_blackout_h",
    "sun_elevation_max_deg",
    "sun_elevation_min_deg",
}
RIDGE = ["--lat", "-89.45", "--lon", "222.7"]


def test_sun_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sun", *RIDGE, "--start", "2030-01-01", "--end", "2030-12-31T23:00", "--json"]
    assert main(args) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats.keys() >= JSON_KEYS
    # ephemeris.md §1b: 48.7 % of 2030's hours above the geometric horizon, max +2.069°.
    assert stats["sun_center_lit_fraction"] == pytest.approx(0.487, abs=0.001)
    assert stats["sun_elevation_max_deg"] == pytest.approx(2.069, abs=0.001)
    assert stats["darkness_periods"][0].keys() == {"start", "hours"}
    assert stats["longest_darkness_h"] == max(p["hours"] for p in stats["darkness_periods"])


def test_sun_table(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sun", *RIDGE, "--mast-m", "10", "--start", "2030-01-01", "--end", "2030-03-01"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Sun centre above skyline" in printed
    assert "Longest darkness periods" in printed


def test_height_m_is_the_ground_and_mast_m_the_mast(capsys: pytest.CaptureFixture[str]) -> None:
    # A bare sphere through the site's ground: raising the ground raises the whole sphere
    # and leaves the skyline where it was; only a mast lowers it (more Sun).
    span = ["--start", "2030-01-01", "--end", "2030-03-01", "--json"]
    runs = {}
    for name, extra in {
        "bare": [],
        "ground": ["--height-m", "10"],
        "mast": ["--mast-m", "10"],
    }.items():
        assert main(["sun", *RIDGE, *extra, *span]) == 0
        runs[name] = json.loads(capsys.readouterr().out)
    site = {name: (run["site"]["ground_height_m"], run["site"]["mast_height_m"])
            for name, run in runs.items()}  # fmt: skip
    assert site == {"bare": (0.0, 0.0), "ground": (10.0, 0.0), "mast": (0.0, 10.0)}
    lit = {name: run["sun_center_lit_fraction"] for name, run in runs.items()}
    assert lit["ground"] == pytest.approx(lit["bare"], abs=1e-12)
    assert lit["mast"] > lit["bare"]


@pytest.mark.parametrize("table_format", ["csv", "tsv", "json"])
def test_sun_tables_machine_readable(table_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sun", *RIDGE, "--start", "2030-01-01", "--end", "2030-03-01"]
    assert main([*args, "--format", table_format]) == 0
    out = capsys.readouterr().out
    if table_format == "json":
        tables = json.loads(out)
        assert set(tables) == {"site", "darkness"}
        quantities = {row["quantity"]: row["value"] for row in tables["site"]}
        assert quantities["epochs"] == 1417
        assert tables["darkness"][0].keys() == {"start", "hours"}
    else:
        sep = "," if table_format == "csv" else "\t"
        lines = out.splitlines()
        assert lines[:2] == ["# site", sep.join(["quantity", "value", "unit"])]
        assert sep.join(["epochs", "1417", ""]) in lines
        assert "# darkness" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--lat", "-91", "--lon", "0", "--start", "2030-01-01", "--end", "2031-01-01"],
            "error: --lat: must be between -90 and 90, got -91",
        ),
        (
            [*RIDGE, "--start", "2030-01-01", "--end", "2031-01-01", "--mast-m", "-1"],
            "error: --mast-m: must be at least 0, got -1",
        ),
        (
            [
                *RIDGE,
                "--start",
                "2030-01-01",
                "--end",
                "2031-01-01",
                "--dem",
                "pit.tif",
                "--height-m",
                "5",
            ],
            "error: --height-m: the ground height comes from --dem",
        ),
        ([*RIDGE, "--start", "2031-01-01", "--end", "2030-01-01"], "after start"),
        ([*RIDGE, "--start", "2030-01-01", "--end", "2031-01-01", "--step", "0h"], "positive"),
        ([*RIDGE, "--start", "2030-01-01", "--end", "2031-01-01", "--dem", "/no/such.tif"], "DEM"),
        ([*RIDGE, "--start", "2055-01-01", "--end", "2056-01-01"], "1900-01-01 to 2050-12-31"),
        ([*RIDGE, "--start", "soon", "--end", "2031-01-01"], "ISO 8601"),
    ],
)
def test_sun_bad_input_exits_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sun", *args]) == 2
    assert message in capsys.readouterr().err


def test_sun_map_writes_geotiff_and_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    x = np.arange(15) * 400.0
    heights = 50.0 * np.sin(x / 1500.0)[None, :] * np.cos(x / 1100.0)[:, None]
    dem = Dem(heights, -3_000.0, 3_000.0, 400.0)
    write_geotiff(tmp_path / "dem.tif", heights, dem)
    out = tmp_path / "maps"
    args = ["sun-map", "--dem", str(tmp_path / "dem.tif"), "--start", "2030-01-01",
            "--end", "2030-02-01", "--step", "12h", "--out", str(out), "--earth",
            "--azimuth-step", "5", "--mast-m", "2"]  # fmt: skip
    assert main(args) == 0
    names = {p.name for p in out.iterdir()}
    assert names == {
        f"{n}.{e}" for n in ("sun_lit_share", "earth_visible_share") for e in ("tif", "png")
    }
    share = read_dem(out / "sun_lit_share.tif")
    assert share.heights_m.shape == (15, 15)
    assert 0.0 <= np.nanmin(share.heights_m) <= np.nanmax(share.heights_m) <= 1.0
    assert (share.left_m, share.top_m, share.pixel_m) == (-3_000.0, 3_000.0, 400.0)
    assert "wrote" in capsys.readouterr().out


def test_sun_with_dem_uses_the_terrain_skyline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A 41 × 41 grid of 500 m pixels, a 2 km-deep pit of radius 6 km around (0 m, 4 km):
    # its wall stands ~18° high, far above the ±2° polar Sun, so the floor never sees it.
    x = -10_250.0 + (np.arange(41) + 0.5) * 500.0
    xx, yy = np.meshgrid(x, -x)
    heights = np.where(np.hypot(xx, yy - 4_000.0) < 6_000.0, -2_000.0, 0.0)
    dem = Dem(heights, -10_250.0, 10_250.0, 500.0)
    write_geotiff(tmp_path / "pit.tif", heights, dem)
    lat, lon = dem.latlon(np.array(0.0), np.array(4_000.0))
    args = ["sun", "--lat", f"{float(lat):.6f}", "--lon", f"{float(lon):.6f}", "--dem",
            str(tmp_path / "pit.tif"), "--start", "2030-01-01", "--end", "2030-02-01", "--json"]  # fmt: skip
    assert main(args) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["site"]["horizon"] == "dem"
    assert stats["site"]["ground_height_m"] == pytest.approx(-2_000.0)
    assert stats["sun_center_lit_fraction"] == 0.0
