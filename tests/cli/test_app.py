"""The app's shape: every command module's sub-app registered explicitly, no import cycle."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import lunarstation
from lunarstation.cli import app, main

CLI = Path(lunarstation.__file__).parent / "cli"
COMMAND_MODULES = sorted(path.stem for path in CLI.glob("*_commands.py"))


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"lunarstation {lunarstation.__version__}\n"


def test_version_through_the_console_script() -> None:
    script = Path(sys.executable).with_name("lunarstation")
    completed = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    assert (completed.returncode, completed.stdout) == (
        0,
        f"lunarstation {lunarstation.__version__}\n",
    )


def test_every_command_module_is_registered() -> None:
    registered = [group.typer_instance for group in app.registered_groups]
    # Sub-apps added to a group (orbit export) count too.
    registered += [g.typer_instance for sub in list(registered) for g in sub.registered_groups]
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"lunarstation.cli.{name}")
        assert any(sub_app is module.app for sub_app in registered), f"{name}.app is not registered"


@pytest.mark.parametrize("name", [*COMMAND_MODULES, "console", "options", "tables"])
def test_command_modules_never_import_the_app(name: str) -> None:
    tree = ast.parse((CLI / f"{name}.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "lunarstation.cli.app" not in imported
    assert "lunarstation.cli" not in imported  # its __init__ imports the app


def test_groups_keep_their_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("run", "validate", "schema", "scenarios", "scenario", "transfers",
                    "ledger", "sun", "sun-map", "interop", "size"):  # fmt: skip
        assert f"\n  {command} " in out
    assert main(["interop", "--help"]) == 0
    out = capsys.readouterr().out
    assert all(f"\n  {c} " in out for c in ("check", "catalog", "envelope"))
    assert main(["scenario", "--help"]) == 0
    assert "\n  show " in capsys.readouterr().out
    assert main(["size", "--help"]) == 0
    out = capsys.readouterr().out
    assert all(f"\n  {c} " in out for c in ("battery", "consumables"))


def test_a_group_without_a_command_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["interop"]) == 2
    assert "check" in capsys.readouterr().err
