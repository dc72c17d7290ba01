"""Shared fixtures: writing scenario files into a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lunarstation import Scenario, load_scenario
from tests.support import WriteScenario


@pytest.fixture
def write_scenario(tmp_path: Path) -> WriteScenario:
    """Write dedented YAML text to ``tmp_path/<name>`` and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def minimal() -> Scenario:
    """The built-in minimal scenario."""
    return load_scenario("minimal")


@pytest.fixture(scope="session")
def reference() -> Scenario:
    """The built-in ILRS reference scenario."""
    return load_scenario("ilrs-reference")


@pytest.fixture(scope="session")
def spacenet_qs1() -> Scenario:
    """The built-in SpaceNet QS1 sortie (a flight plan with stagings and moves)."""
    return load_scenario("spacenet-qs1")
