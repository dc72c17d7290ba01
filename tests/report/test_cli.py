"""``lunarstation report`` and ``compare``, and ``run --no-report``, in process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lunarstation.cli import main


def test_run_no_report_writes_none_and_report_draws_it_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    assert main(["run", "minimal", "--out", str(out), "--no-report"]) == 0
    assert not (out / "report.html").exists()
    manifest = json.loads((out / "files.json").read_text())
    assert all(entry["kind"] != "report" for entry in manifest["files"])
    capsys.readouterr()
    assert main(["report", str(out), "--out", str(tmp_path / "page.html")]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {tmp_path / 'page.html'}" in printed
    assert "figures" in printed
    assert (tmp_path / "page.html").stat().st_size > 4_000_000  # Plotly's bundle is in it


def test_report_png_writes_one_png_per_figure(
    small_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(small_folder, folder)
    (folder / "report.html").unlink()
    assert main(["report", str(folder), "--png", str(tmp_path / "png")]) == 0
    pngs = sorted(p.name for p in (tmp_path / "png").iterdir())
    assert "site-ridge-soc.png" in pngs
    assert len(pngs) >= 10
    assert (folder / "report.html").is_file()
    assert "PNGs into" in capsys.readouterr().out


def test_compare_json_and_report(
    small_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "compare.html"
    assert (
        main(["compare", str(small_folder), str(small_folder), "--json", "--report", str(page)])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["findings_appeared"] == []
    assert data["findings_disappeared"] == []
    assert {row["site"] for row in data["sites"]} == {"ridge"}
    assert all(row["shed_h_change"] == 0 for row in data["sites"])
    text = page.read_text(encoding="utf-8")
    assert 'id="sec-comparison"' in text
    assert "(A solid, B dashed)" in text


def test_compare_prints_tables(small_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(small_folder), str(small_folder)]) == 0
    printed = capsys.readouterr().out
    for title in ("Findings that appear in B", "Mission margins", "Sites:", "Partners' shares"):
        assert title in printed
