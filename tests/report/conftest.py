"""Fixtures of the report tests: one small run (the minimal scenario with a battery and an
array small enough to shed loads), simulated once and written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from lunarstation.report.figures import FigureSpec, RunView, build_figures
from lunarstation.report.files import write_run
from lunarstation.report.html import write_report
from lunarstation.simulate import RunResult, simulate
from lunarstation.validation import load_scenario

BUILTIN = Path(__file__).parents[2] / "src" / "lunarstation" / "scenario" / "builtin"
SHEDDING_EDITS = (("capacity_kwh: 120", "capacity_kwh: 30"), ("area_m2: 40", "area_m2: 8"))
"""The minimal scenario with a 30 kWh battery and an 8 m² array: it sheds loads."""


def shedding_yaml() -> str:
    """The text of the minimal scenario, edited so that it sheds loads."""
    text = (BUILTIN / "minimal.yaml").read_text(encoding="utf-8")
    for old, new in SHEDDING_EDITS:
        assert old in text, f"minimal.yaml no longer holds {old!r}; update SHEDDING_EDITS"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="session")
def shedding_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "shedding.yaml"
    path.write_text(shedding_yaml(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_result(shedding_path: Path) -> RunResult:
    return simulate(load_scenario(str(shedding_path)))


@pytest.fixture(scope="session")
def small_folder(small_result: RunResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small run written as ``lunarstation run`` writes it, report included."""
    folder = tmp_path_factory.mktemp("runs") / "small"
    write_run(
        small_result, folder, report=lambda p: write_report(RunView.from_result(small_result), p)
    )
    return folder


@pytest.fixture(scope="session")
def small_view(small_folder: Path) -> RunView:
    return RunView.from_folder(small_folder)


@pytest.fixture(scope="session")
def small_specs(small_view: RunView) -> dict[str, FigureSpec]:
    return {spec.id: spec for spec in build_figures(small_view)}
