"""``lunarstation size ...`` commands and the sizing helpers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lunarstation.cli.app import main
from lunarstation.station.sizing import smallest_battery_kwh

KWH = 1.0


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, float]:
    assert main(list(args)) == 0
    result: dict[str, float] = json.loads(capsys.readouterr().out)
    return result


def test_size_consumables_json(capsys: pytest.CaptureFixture[str]) -> None:
    # 4 crew × 30 d × 0.816 kg O2/CM-d (NASA BVAD 2015, ref §3a) = 97.92 kg.
    result = run_json(capsys, "size", "consumables", "--crew", "4", "--days", "30", "--json")
    assert result["o2_kg"] == pytest.approx(97.92, abs=0.001)
    assert {"water_kg", "food_kg"} <= result.keys()
    closed = run_json(capsys, "size", "consumables", "--crew", "4", "--days", "30",
                      "--closed-loop", "--json")  # fmt: skip
    assert closed["water_kg"] < result["water_kg"] / 10


def test_size_battery_is_load_times_longest_darkness(capsys: pytest.CaptureFixture[str]) -> None:
    # With ample arrays the battery only bridges the longest darkness:
    # load · hours / (DoD 0.8 · η_d 0.95), to the helper's 0.1 % bisection tolerance.
    result = run_json(capsys, "size", "battery", "--lat", "-89.45", "--lon", "222.7",
                      "--start", "2031-05-01", "--end", "2031-08-01", "--load-kw", "2", "--json")  # fmt: skip
    hours = result["longest_darkness_h"]
    assert hours > 0
    assert result["battery_kwh"] == pytest.approx(2 * hours / (0.8 * 0.95), rel=2e-3)


@pytest.mark.parametrize(
    "args",
    [
        ["size", "consumables", "--crew", "-1", "--days", "30"],
        ["size", "consumables", "--crew", "4", "--days", "0"],
        ["size", "battery", "--lat", "-89", "--lon", "0", "--start", "2031-02-01",
         "--end", "2031-01-01", "--load-kw", "1"],
    ],
)  # fmt: skip
def test_bad_arguments_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert "error:" in capsys.readouterr().err


BATTERY = ["size", "battery", "--lat", "-89.45", "--lon", "222.7", "--start", "2031-05-01",
           "--end", "2031-06-01"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*BATTERY, "--load-kw", "nan"], "--load-kw: must be a finite number, got nan"),
        ([*BATTERY, "--load-kw", "1", "--array-kw", "inf"],
         "--array-kw: must be a finite number, got inf"),
        ([*BATTERY, "--load-kw", "1", "--array-kw", "0"], "--array-kw: must be greater than 0 and at most 1000000, got 0"),
        ([*BATTERY, "--load-kw", "-2"], "--load-kw: must be between 0 and 1000000, got -2"),
        ([*BATTERY, "--load-kw", "1", "--mast-m", "-3"], "--mast-m: must be at least 0, got -3"),
        ([*BATTERY, "--load-kw", "1", "--height-m", "nan"],
         "--height-m: must be a finite number, got nan"),
        (["size", "consumables", "--crew", "-1", "--days", "30"],
         "--crew: must be between 1 and 10000, got -1"),
        (["size", "consumables", "--crew", "2.5", "--days", "30"],
         "--crew: must be a whole number, got '2.5'"),
        (["size", "consumables", "--crew", "4", "--days", "0"], "--days: must be greater than 0 and at most 36525, got 0"),
        (["size", "consumables", "--crew", "4", "--days", "-inf"],
         "--days: must be a finite number, got -inf"),
    ],
)  # fmt: skip
def test_numbers_are_finite_and_in_range(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert f"error: {message}" in captured.err
    assert captured.out == ""


def test_size_battery_height_m_is_the_ground_and_mast_m_the_mast(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Over a bare sphere the ground height moves the sphere, the mast lowers the skyline.
    plain = run_json(capsys, *BATTERY, "--load-kw", "1", "--json")
    ground = run_json(capsys, *BATTERY, "--load-kw", "1", "--height-m", "1900", "--json")
    mast = run_json(capsys, *BATTERY, "--load-kw", "1", "--mast-m", "10", "--json")
    assert ground["longest_darkness_h"] == plain["longest_darkness_h"]
    assert mast["longest_darkness_h"] < plain["longest_darkness_h"]


def test_smallest_battery_with_a_small_array_needs_more_than_darkness_alone() -> None:
    # 10 h dark then 10 h lit at 1.5 kW for a 1 kW load, ten times: each night draws
    # 10/0.95 = 10.53 kWh, each day puts back 0.5 kW·10 h·0.95 = 4.75 kWh. The deepest point,
    # after the 10th night, is 10·10.53 − 9·4.75 = 62.51 kWh usable ⇒ 62.51/0.8 = 78.14 kWh.
    cycle = np.r_[np.zeros(10), np.full(10, 1.5e3)]
    assert smallest_battery_kwh(np.tile(cycle, 10), 1e3, 3600.0) == pytest.approx(
        (10 * 10 / 0.95 - 9 * 4.75) / 0.8, rel=2e-3
    )
    # With 3 kW in the light the battery only bridges the 10-h darkness: 10 / (0.8·0.95).
    cycle = np.r_[np.zeros(10), np.full(10, 3e3)]
    assert smallest_battery_kwh(np.tile(cycle, 10), 1e3, 3600.0) == pytest.approx(
        10 / 0.76, rel=2e-3
    )
