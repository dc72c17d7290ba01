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
    assert main(args) == 0
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
