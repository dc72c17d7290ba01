"""``lunarstation coverage`` and ``orbit export`` on the reference scenario, small spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lunarstation.cli import main
from tests.orbits.oem_reader import read_oem

OVERLAY = """
name: short
simulation: {start: 2030-01-01T00:00:00Z, end: 2030-01-08T00:00:00Z}
"""


@pytest.fixture(scope="module")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cov") / "short.yaml"
    path.write_text(OVERLAY, encoding="utf-8")
    return path


def test_coverage_json_gives_share_gap_and_windows(
    overlay: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["coverage", "ilrs-reference", str(overlay), "--site", "connecting-ridge",
                 "--step-min", "5", "--json"])  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    (row,) = payload["coverage"]
    assert row["site"] == "connecting-ridge"
    assert row["relay"] == "queqiao-2"
    # A 24-h ELFO with apolune over the south sees the pole most of each day (about 90 %
    # here) and leaves a gap around perilune of a few hours.
    assert 0.8 < row["share"] < 0.97
    assert 1.0 < row["longest_gap_h"] < 6.0
    assert len(row["windows"]) in (7, 8)
    first = row["windows"][0]
    assert first["start"] < first["end"]
    assert 5.0 <= first["max_elevation_deg"] <= 90.0


def test_export_oem_and_czml(tmp_path: Path, overlay: Path) -> None:
    oem = tmp_path / "q.oem"
    assert main(["orbit", "export", "ilrs-reference", str(overlay), "--element", "queqiao-2",
                 "--format", "oem", "--out", str(oem), "--start", "2030-01-02",
                 "--end", "2030-01-02T06:00:00Z", "--step-s", "600"]) == 0  # fmt: skip
    message = read_oem(oem.read_text(encoding="utf-8"))
    (segment,) = message.segments
    assert segment.metadata["CENTER_NAME"] == "MOON"
    assert segment.metadata["OBJECT_ID"] == "queqiao-2"
    assert len(segment.epochs) == 37
    czml = tmp_path / "q.czml"
    assert main(["orbit", "export", "ilrs-reference", str(overlay), "--element", "queqiao-2",
                 "--format", "czml", "--out", str(czml), "--start", "2030-01-02",
                 "--step-s", "600"]) == 0  # fmt: skip
    document = json.loads(czml.read_text(encoding="utf-8"))
    assert document[0]["id"] == "document"
    assert document[0]["version"] == "1.0"
