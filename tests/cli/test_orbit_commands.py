"""``lunarstation orbit nrho|propagate|family`` in process (values: tests/orbits/)."""

from __future__ import annotations

import json

import pytest

from lunarstation.cli import main


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(args) == 0
    payload: dict[str, object] = json.loads(capsys.readouterr().out)
    return payload


def test_nrho_json_has_every_field_and_the_system(capsys: pytest.CaptureFixture[str]) -> None:
    record = run_json(["orbit", "nrho", "--resonance", "9:2", "--json"], capsys)
    for key in ("state", "period_days", "jacobi", "perilune_radius_km", "apolune_radius_km",
                "mu", "lu_km", "tu_s", "stability"):  # fmt: skip
        assert key in record
    assert record["period_days"] == pytest.approx(6.562353, abs=1e-6)
    assert record["lu_km"] == 389_703.2648292776
    assert record["perilune_radius_km"] == pytest.approx(2_936, abs=2)
    state = record["state"]
    assert isinstance(state, dict)
    assert set(state) == {"x", "y", "z", "vx", "vy", "vz"}


def test_nrho_with_lu_384400(capsys: pytest.CaptureFixture[str]) -> None:
    record = run_json(["orbit", "nrho", "--lu-km", "384400", "--json"], capsys)
    assert record["perilune_radius_km"] == pytest.approx(3_249, abs=2)
    assert record["tu_s"] == pytest.approx(375_190.26, abs=0.01)


def test_nrho_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["orbit", "nrho", "--period-days", "6.562353"]) == 0
    out = capsys.readouterr().out
    assert "perilune_radius_km" in out
    assert "stability.nu1" in out


def test_propagate_returns_final_state_and_trajectory(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["orbit", "propagate", "--state", "0.8,0,0,0,0.1,0", "--duration-tu", "1", "--json"]
    final = run_json(args, capsys)
    assert final["jacobi_final"] == pytest.approx(final["jacobi_initial"], abs=1e-11)
    with_steps = run_json([*args, "--steps", "4"], capsys)
    trajectory = with_steps["trajectory"]
    assert isinstance(trajectory, list)
    assert len(trajectory) == 5
    assert trajectory[-1]["x"] == pytest.approx(final["final"]["x"], abs=1e-12)  # type: ignore[index]


def test_family_lists_members(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["orbit", "family", "halo", "--lagrange", "L2", "--branch", "south", "--count", "3"]
    record = run_json([*args, "--json"], capsys)
    members = record["members"]
    assert isinstance(members, list)
    assert len(members) == 3
    assert all("period_tu" in m and "jacobi" in m for m in members)
    assert main(args) == 0
    assert "L2 halo family (south)" in capsys.readouterr().out
