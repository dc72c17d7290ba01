"""The command line, tested in process: exit codes, files written, nothing written on bad input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from lunarstation.cli import main
from tests.support import BASE_YAML, WriteScenario


def test_run_writes_the_three_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    assert main(["run", "minimal", "--out", str(out)]) == 0
    assert {"summary.json", "findings.json", "timeline_events.csv", "station_series.parquet"} <= {
        p.name for p in out.iterdir()
    }
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"]["name"] == "minimal"
    assert summary["verdict"] == "feasible"
    assert summary["provenance"]["command"] == ["lunarstation", "run", "minimal", "--out", str(out)]
    timeline = pd.read_csv(out / "timeline_events.csv", parse_dates=["time"])
    assert timeline["time"].iloc[0] == pd.Timestamp("2031-02-01T00:00:00Z")
    printed = capsys.readouterr().out
    assert "Verdict: feasible" in printed
    assert "Agency A" in printed


def test_run_json_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "minimal", "--out", str(tmp_path / "r"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["timeline"]["missions_by_partner"] == {"agency-a": 3}


def test_run_default_is_ilrs_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["scenario"]["name"] == "ilrs-reference"
    (run_dir,) = (tmp_path / "runs").iterdir()
    assert run_dir.name.startswith("ilrs-reference-")
    # the folder name ends with a short digest of the resolved scenario
    assert run_dir.name.endswith("-" + summary["provenance"]["scenario_sha256"][:8])


def test_invalid_input_exits_2_and_writes_nothing(
    tmp_path: Path, write_scenario: WriteScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_scenario(
        "bad.yaml", BASE_YAML.replace("payload_leo_kg: 20000", "payload_leo_kg: -1")
    )
    out = tmp_path / "never"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert f"error: {bad}:9:" in err
    assert "launch_vehicles[0].payload_leo_kg: input should be greater than 0; found -1" in err
    assert "Traceback" not in err


def test_strict_exits_3_on_error_findings(tmp_path: Path, write_scenario: WriteScenario) -> None:
    heavy = write_scenario(
        "heavy.yaml", BASE_YAML.replace("dry_mass_kg: 4000", "dry_mass_kg: 9000")
    )
    assert main(["run", str(heavy), "--out", str(tmp_path / "a")]) == 0
    assert main(["run", str(heavy), "--out", str(tmp_path / "b"), "--strict"]) == 3
    findings = json.loads((tmp_path / "b" / "findings.json").read_text())
    assert findings[0]["code"] == "LAUNCH_OVERMASS"


def test_existing_output_folder_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    assert main(["run", "minimal", "--out", str(out)]) == 2
    assert (out / "keep.txt").read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert "already exists and is not empty" in capsys.readouterr().err


def test_validate(write_scenario: WriteScenario, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "minimal"]) == 0
    assert "minimal: valid" in capsys.readouterr().out
    bad = write_scenario("bad.yaml", "name: x\n")
    assert main(["validate", str(bad)]) == 2
    assert "required field 'stages' is missing" in capsys.readouterr().err


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "missions" in schema["properties"]
    mission = schema["$defs"]["Mission"]["properties"]
    assert "launch_vehicle" in mission


def test_scenarios_lists_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "ilrs-reference" in out
    assert "minimal" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--no-such-option"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_series_are_parquet_with_utc_and_csv_on_request(tmp_path: Path) -> None:
    out = tmp_path / "pq"
    assert main(["run", "minimal", "--out", str(out)]) == 0
    series = pd.read_parquet(out / "station_series.parquet")
    assert str(series["time"].dt.tz) == "UTC"
    assert set(series["site"]) == {"ridge"}
    assert not (out / "station_series.csv").exists()
    both = tmp_path / "csv"
    assert main(["run", "minimal", "--out", str(both), "--csv"]) == 0
    assert len(pd.read_csv(both / "station_series.csv")) == len(series)


def test_schema_of_the_run_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    assert main(["schema", "--run-summary"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"provenance", "logistics", "ledger", "station"} <= set(schema["properties"])
    out = tmp_path / "run"
    assert main(["run", "minimal", "--out", str(out)]) == 0
    jsonschema.Draft202012Validator(schema).validate(json.loads((out / "summary.json").read_text()))


def test_force_replaces_a_previous_run_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    assert main(["run", "minimal", "--out", str(out), "--csv"]) == 0
    assert (out / "station_series.csv").exists()
    (out / "notes.txt").write_text("from the earlier run")
    capsys.readouterr()
    assert main(["run", "minimal", "--out", str(out), "--force"]) == 0
    err = capsys.readouterr().err
    assert f"--force: replaced {out}/ (a run of minimal, " in err
    assert not (out / "notes.txt").exists()
    assert not (out / "station_series.csv").exists()  # the new run was asked for no CSV
    assert json.loads((out / "summary.json").read_text())["scenario"]["name"] == "minimal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no staging folder left


def test_force_leaves_a_folder_that_is_not_a_run_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("precious")
    assert main(["run", "minimal", "--out", str(out), "--force"]) == 2
    assert "--force replaces only a run folder (one holding files.json or summary.json)" in (
        capsys.readouterr().err
    )
    assert sorted(p.name for p in out.iterdir()) == ["chapter1.tex"]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_out_naming_a_file_says_it_is_a_file(
    force: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "results.csv"
    target.write_text("keep")
    assert main(["run", "minimal", "--out", str(target), *force]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: --out {target} is a file, not a folder;")
    assert target.read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]


def test_schema_of_an_overlay(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--overlay"]) == 0
    overlay = json.loads(capsys.readouterr().out)
    assert overlay["$schema"].endswith("2020-12/schema")
    assert "stages" not in overlay.get("required", [])
    assert main(["schema"]) == 0
    assert "stages" in json.loads(capsys.readouterr().out)["required"]


def test_validate_and_run_read_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def stdin(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), "utf-8"))

    stdin(BASE_YAML)
    assert main(["validate", "-"]) == 0
    assert "base: valid" in capsys.readouterr().out
    stdin(BASE_YAML)
    assert main(["run", "-", "--out", str(tmp_path / "r"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["scenario"]["name"] == "base"
    stdin(BASE_YAML.replace("payload_leo_kg: 20000", "payload_leo_kg: -1"))
    assert main(["validate", "-"]) == 2
    assert "launch_vehicles[0].payload_leo_kg: input should be greater than 0" in (
        capsys.readouterr().err
    )
