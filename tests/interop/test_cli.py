"""``lunarstation interop`` commands, run in process."""

from __future__ import annotations

import json

import pytest

from lunarstation.cli import main


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "check", "idss-active", "idss-passive", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["verdict"] == "direct"
    assert any("R09" in e["sources"] for e in payload["evidence"])
    assert payload["evidence"][0]["source_titles"]


def test_check_adapter_chain_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "check", "apas-95", "idss-active"]) == 0
    out = capsys.readouterr().out
    assert "adapter" in out
    assert "added mass 526 kg" in out


def test_check_unknown_port_exits_2_with_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "check", "idss-activ", "idss-passive"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'idss-active'" in err
    assert "cbm-passive" in err


def test_catalog_json_lists_ports(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "catalog", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "ssvp-m-drogue" in {port["id"] for port in payload["ports"]}
    assert payload["sources"]["R10"]["title"]


def test_catalog_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "catalog"]) == 0
    out = capsys.readouterr().out
    assert "Adapters" in out
    assert "cn-docking-passive" in out


def test_envelope_json_reports_violation(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["interop", "envelope", "--family", "idss", "--closing-rate-m-s", "0.12", "--json"]
    assert main(args) == 1  # outside the envelope: "no", like grep
    payload = json.loads(capsys.readouterr().out)
    assert payload["within"] is False
    assert payload["violations"][0]["quantity"] == "closing_rate_m_s"
    assert payload["violations"][0]["max"] == 0.10


def test_envelope_text_within(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "envelope", "--family", "idss", "--closing-rate-m-s", "0.07"]) == 0
    assert "within the envelope" in capsys.readouterr().out


def test_envelope_unknown_family_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "envelope", "--family", "idds", "--closing-rate-m-s", "0.07"]) == 2
    assert "did you mean 'idss'" in capsys.readouterr().err


def test_check_exits_1_when_the_halves_cannot_mate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "check", "ssvp-probe", "idss-passive"]) == 1
    assert ": none (" in capsys.readouterr().out
    assert main(["interop", "check", "ssvp-probe", "idss-passive", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "none"


def test_check_help_documents_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "check", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "0 when the verdict is direct, adapter, unknown or claimed; 1 when it is none" in out


def test_envelope_exits_1_outside_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["interop", "envelope", "--family", "idss", "--closing-rate-m-s", "0.07"]
    assert main([*args, "--pitch-deg", "3", "--yaw-deg", "3"]) == 1
    out = capsys.readouterr().out
    assert "OUTSIDE the envelope" in out
    assert main(["interop", "envelope", "--help"]) == 0
    assert "1 outside it" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--closing-rate-m-s", "nan", "must be a finite number, got nan"),
        ("--closing-rate-m-s", "inf", "must be a finite number, got inf"),
        ("--pitch-deg", "-inf", "must be a finite number, got -inf"),
        ("--roll-deg", "400", "must be between -180 and 180, got 400"),
        ("--lateral-offset-m", "x", "must be a number, got 'x'"),
    ],
)
def test_envelope_refuses_numbers_that_are_not(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["interop", "envelope", "--family", "idss", "--closing-rate-m-s", "0.07"]
    assert main([*args, option, value]) == 2
    captured = capsys.readouterr()
    assert f"error: {option}: {message}" in captured.err
    assert "within" not in captured.out


def test_catalog_as_csv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "catalog", "--format", "json"]) == 0
    tables = json.loads(capsys.readouterr().out)
    assert set(tables) == {
        "families", "ports", "adapters", "power_interfaces", "data_interfaces",
        "comms_interfaces", "atmosphere_interfaces", "converters",
    }  # fmt: skip
    idss = next(row for row in tables["families"] if row["id"] == "idss")
    assert idss["passage_mm"] == 800
    assert idss["demonstrated"] is True
    assert main(["interop", "catalog", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["# families", "id,rule,passage_mm,demonstrated,confidence,sources"]
    assert "# adapters" in lines


def test_check_as_tsv_has_the_verdict_and_its_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop", "check", "apas-95", "idss-active", "--format", "tsv"]) == 0
    blocks = capsys.readouterr().out.split("\n\n")
    verdict = blocks[0].splitlines()
    assert verdict[0] == "# verdict"
    header = verdict[1].split("\t")
    row = dict(zip(header, verdict[2].split("\t"), strict=True))
    assert (row["verdict"], row["added_mass_kg"]) == ("adapter", "526.0")
    assert blocks[1].startswith("# evidence\nrow\tconfidence\tsources\tnote\n")


def test_catalog_lists_resource_interfaces_and_converters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["interop", "catalog", "--format", "json"]) == 0
    tables = json.loads(capsys.readouterr().out)
    power = {row["id"]: row for row in tables["power_interfaces"]}
    assert power["ispsis-120vdc"]["voltage_v"] == 120
    assert "120vdc" in power["ispsis-120vdc"]["aliases"].split()
    assert {row["id"] for row in tables["data_interfaces"]} >= {"sae-as6802-tte", "spacewire"}
    assert any(row["band_min_mhz"] for row in tables["comms_interfaces"])
    sea_level = next(row for row in tables["atmosphere_interfaces"] if row["id"] == "sea-level")
    assert sea_level["pressure_kpa"] > 100
    umic = next(row for row in tables["converters"] if row["id"] == "umic")
    assert umic["joins"] == "ispsis-120vdc ↔ lunar-grid-3kvac"
    assert main(["interop", "catalog"]) == 0
    out = capsys.readouterr().out
    for title in ("Power interfaces", "Data interfaces", "Comms interfaces",
                  "Atmosphere interfaces", "Converters"):  # fmt: skip
        assert title in out
