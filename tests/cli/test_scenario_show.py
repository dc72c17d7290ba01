"""``lunarstation scenario show``: every entity of the resolved scenario, with its id."""

from __future__ import annotations

import io
import json
import sys

import pytest

from lunarstation.cli import main
from tests.support import WriteScenario

COLLECTIONS = {"partners", "stages", "sites", "orbits", "launch_vehicles", "resources",
               "elements", "missions", "experiments"}  # fmt: skip


def test_tables_name_every_entity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "show", "minimal"]) == 0
    out = capsys.readouterr().out
    for text in (
        "Partners",
        "agency-a",
        "ridge",
        "heavy-a",
        "Elements",
        "hab-1",
        "hatch: idss-passive (docking)",
        "power: 120vdc; data: tte; atmosphere: cabin-101kpa",
        "m2-habitat",
        "hab-1 + power-1 (power data)",
        "seismometer",
    ):
        assert text in out, text  # fmt: skip
    assert "Orbits" not in out  # minimal has none: an empty table is not printed


def test_machine_formats_have_every_collection(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "show", "ilrs-reference", "--format", "json"]) == 0
    tables = json.loads(capsys.readouterr().out)
    assert set(tables) == COLLECTIONS
    orel = next(row for row in tables["elements"] if row["id"] == "orel-1")
    assert orel["ports"] == "nose: orel-docking (docking)"
    visit = next(row for row in tables["missions"] if row["id"] == "orel-nrho-visit")
    assert visit["dockings"] == "orel-1.nose > station-halo.fwd"
    assert visit["launch"] == "2032-09-01T00:00:00Z"
    assert main(["scenario", "show", "minimal", "--format", "csv"]) == 0
    assert "# elements\nid,name,partner,kind,dry_mass_kg,ports,interfaces\n" in (
        capsys.readouterr().out
    )


def test_json_is_the_resolved_document(
    write_scenario: WriteScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = write_scenario(
        "x.yaml",
        "partners:\n  - {id: agency-x, name: X, agency: X, country: X, joined: 2024-01-01}\n",
    )
    assert main(["scenario", "show", "minimal", str(overlay), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["name"] == "minimal"
    assert [p["id"] for p in document["partners"]] == ["agency-a", "agency-x"]
    assert document["elements"][1]["ports"][0] == {
        "id": "hatch", "standard": "idss-passive", "kind": "docking"
    }  # fmt: skip


def test_an_invalid_file_is_refused_with_its_location(
    write_scenario: WriteScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_scenario("bad.yaml", "partners:\n  - {id: agency-x, name: X}\n")
    assert main(["scenario", "show", "minimal", str(bad)]) == 2
    assert f"error: {bad}:2:" in capsys.readouterr().err


def test_a_scenario_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "partners:\n  - {id: agency-x, name: X, agency: X, country: X, joined: 2024-01-01}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), "utf-8"))
    assert main(["scenario", "show", "minimal", "-", "--format", "json"]) == 0
    partners = json.loads(capsys.readouterr().out)["partners"]
    assert [p["id"] for p in partners] == ["agency-a", "agency-x"]
