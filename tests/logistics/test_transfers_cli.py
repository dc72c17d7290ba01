"""``lunarstation transfers``: the mission table, one mission's burns, and its errors."""

from __future__ import annotations

import json

import pytest

from lunarstation.cli import main


def test_transfers_table_lists_every_mission(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transfers", "minimal"]) == 0
    out = capsys.readouterr().out
    for mission in ("m1-power", "m3-crew"):
        assert mission in out
    assert "2,991" in out  # TLI → LLO → surface: 950 + 2,030 + 11 m/s


def test_one_missions_burns_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transfers", "spacenet-qs1", "--mission", "qs1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    burns = [row for row in rows if row["action"] == "burn"]
    assert [row["label"] for row in burns[:3]] == ["earth>leo", "earth>leo", "leo>llpo"]
    # SpaceNet V2: the TLI burn leaves the EDS 9,623.24 of its 115,470.64 kg
    assert burns[2]["propellant_kg"] == pytest.approx(115_470.64 - 9_623.24, abs=0.015)
    assert {row["action"] for row in rows} == {"burn", "move"}


def test_unknown_mission_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transfers", "spacenet-qs1", "--mission", "qs2"]) == 2
    err = capsys.readouterr().err
    assert "--mission 'qs2': no such mission; did you mean 'qs1'?" in err
    assert "Traceback" not in err
