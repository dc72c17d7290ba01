"""docs/interop.md: every command runs and every Python example prints what the page says."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from lunarstation.cli import main

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "interop.md").read_text(encoding="utf-8")
COMMANDS = [
    line.removeprefix("$ ").strip()
    for block in re.findall(r"```console\n(.*?)```", PAGE, flags=re.DOTALL)
    for line in block.splitlines()
    if line.startswith("$ lunarstation ")
]
PYTHON = re.findall(r"```python\n(.*?)```", PAGE, flags=re.DOTALL)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_runs(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out


@pytest.mark.parametrize("source", PYTHON, ids=[f"block{i}" for i in range(len(PYTHON))])
def test_python_example_prints_its_comments(source: str) -> None:
    expected = [
        line.removeprefix("# => ") for line in source.splitlines() if line.startswith("# => ")
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "docs/interop.md", "exec"), {})
    assert out.getvalue().splitlines() == expected


def test_page_has_examples() -> None:
    assert len(COMMANDS) >= 5
    assert len(PYTHON) >= 2
