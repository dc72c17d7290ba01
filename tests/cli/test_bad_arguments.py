"""Every command, given bad arguments, exits 2 with a message on stderr and no traceback.

The commands are read from the Typer app itself: a new command without a case in
``BAD_VALUES`` fails ``test_every_command_has_bad_value_cases``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from lunarstation.cli import app, main

RIDGE = ["--lat", "-89.45", "--lon", "222.7"]
SPAN = ["--start", "2030-01-01", "--end", "2030-01-03"]
BATTERY = ["size", "battery", *RIDGE, *SPAN]
ENVELOPE = ["interop", "envelope", "--family", "idss"]

# Per command: arguments with one bad value each, and what the message must say.
BAD_VALUES: dict[str, list[tuple[list[str], str]]] = {
    "run": [
        (["run", "no-such-scenario"], "no-such-scenario"),
        (["run", "/no/such/scenario.yaml"], "/no/such/scenario.yaml"),
        (["run", "minimal", "--out", "dem.tif"], "--out dem.tif is a file, not a folder"),
        (["run", "minimal", "--out", "dem.tif", "--force"], "--out dem.tif is a file"),
        (["run", "minimal", "--out", ".", "--force"], "holds the current folder"),
        (["run", "minimal", "--out", "."], "already exists and is not empty"),
        (["run", "minimal", "--force=yes"], "--force"),
    ],
    "validate": [
        (["validate", "no-such-scenario"], "no-such-scenario"),
        (["validate", "minimal", "no-such-overlay"], "no-such-overlay"),
        (["validate"], "Missing argument"),
    ],
    "schema": [
        (["schema", "extra"], "unexpected extra argument"),
        (["schema", "--overlay", "--run-summary"], "--overlay: give one of"),
    ],
    "scenario show": [
        (["scenario", "show", "no-such-scenario"], "no-such-scenario"),
        (["scenario", "show", "minimal", "/no/such/overlay.yaml"], "/no/such/overlay.yaml"),
        (["scenario", "show", "minimal", "--format", "xml"], "--format:"),
    ],
    "scenarios": [(["scenarios", "extra"], "unexpected extra argument")],
    "transfers": [
        (["transfers", "no-such-scenario"], "no-such-scenario"),
        (["transfers", "/no/such/scenario.yaml"], "/no/such/scenario.yaml"),
    ],
    "ledger": [(["ledger", "no-such-scenario"], "no-such-scenario")],
    "sun": [
        (["sun", "--lat", "nan", "--lon", "0", *SPAN], "--lat: must be a finite number, got nan"),
        (["sun", "--lat", "0", "--lon", "inf", *SPAN], "--lon: must be a finite number, got inf"),
        (["sun", "--lat", "0", "--lon", "400", *SPAN], "--lon: must be between -180 and 360"),
        (["sun", *RIDGE, *SPAN, "--mast-m", "-inf"], "--mast-m: must be a finite number"),
        (["sun", *RIDGE, *SPAN, "--height-m", "nan"], "--height-m: must be a finite number"),
        (["sun", *RIDGE, *SPAN, "--azimuth-step", "0"], "--azimuth-step: must be greater than 0"),
        (["sun", *RIDGE, *SPAN, "--format", "xml"], "--format:"),
        (["sun", *RIDGE, *SPAN, "--dem", "/no/such/dem.tif"], "/no/such/dem.tif"),
        (["sun", "--lon", "0", *SPAN], "Missing option '--lat'"),
    ],
    "sun-map": [
        (["sun-map", "--dem", "/no/such/dem.tif", *SPAN], "/no/such/dem.tif"),
        (["sun-map", "--dem", "dem.tif", *SPAN, "--mast-m", "nan"], "--mast-m: must be a finite"),
        (["sun-map", "--dem", "dem.tif", *SPAN, "--azimuth-step", "90"],
         "--azimuth-step: must be greater than 0 and at most 45, got 90"),
    ],
    "interop check": [
        (["interop", "check", "idss-activ", "idss-passive"], "did you mean 'idss-active'"),
        (["interop", "check", "idss-active", "idss-passive", "--format", "yaml"], "--format:"),
        (["interop", "check", "idss-active"], "Missing argument"),
    ],
    "interop catalog": [
        (["interop", "catalog", "--format", "xml"], "--format:"),
        (["interop", "catalog", "extra"], "unexpected extra argument"),
    ],
    "interop envelope": [
        ([*ENVELOPE, "--closing-rate-m-s", "nan"],
         "--closing-rate-m-s: must be a finite number, got nan"),
        ([*ENVELOPE, "--closing-rate-m-s", "0.07", "--yaw-rate-deg-s", "-inf"],
         "--yaw-rate-deg-s: must be a finite number, got -inf"),
        (["interop", "envelope", "--family", "idds", "--closing-rate-m-s", "0.07"],
         "did you mean 'idss'"),
    ],
    "size battery": [
        ([*BATTERY, "--load-kw", "nan"], "--load-kw: must be a finite number, got nan"),
        ([*BATTERY, "--load-kw", "1", "--array-kw", "inf"], "--array-kw: must be a finite number"),
        ([*BATTERY, "--load-kw", "lots"], "--load-kw: must be a number, got 'lots'"),
    ],
    "size consumables": [
        (["size", "consumables", "--crew", "4", "--days", "nan"], "--days: must be a finite number"),
        (["size", "consumables", "--crew", "four", "--days", "3"], "--crew: must be a whole number"),
    ],
}  # fmt: skip


def command_paths(group: object, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every command of the app that runs something, as ``"interop check"``."""
    commands = getattr(group, "commands", None)
    if commands is None:
        return [" ".join(prefix)]
    paths: list[str] = []
    for name, command in commands.items():
        paths += command_paths(command, (*prefix, name))
    return paths


COMMANDS = command_paths(typer.main.get_command(app))
GROUPS = ["", "interop", "scenario", "size"]


def assert_refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``lunarstation ARGS`` in process; it must exit 2 with an error and no traceback."""
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2, captured
    assert captured.err.startswith("error: "), captured.err
    assert "Traceback" not in captured.out + captured.err
    return captured.err


def test_the_app_has_the_commands_we_expect() -> None:
    assert {"run", "sun", "sun-map", "interop check", "size battery", "ledger",
            "scenario show"} <= set(COMMANDS)  # fmt: skip


def test_every_command_has_bad_value_cases() -> None:
    missing = sorted(set(COMMANDS) - set(BAD_VALUES))
    assert not missing, f"add bad-argument cases to BAD_VALUES for: {missing}"
    assert not set(BAD_VALUES) - set(COMMANDS), "BAD_VALUES names a command that is gone"


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_exits_2(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = assert_refused([*command.split(), "--no-such-option"], capsys)
    assert "No such option: --no-such-option" in err
    assert f"Try 'lunarstation {command} --help' for help." in err


@pytest.mark.parametrize("group", GROUPS)
def test_unknown_command_exits_2(group: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = assert_refused([*group.split(), "no-such-command"], capsys)
    assert "No such command 'no-such-command'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [case for cases in BAD_VALUES.values() for case in cases],
    ids=[" ".join(args) for cases in BAD_VALUES.values() for args, _ in cases],
)
def test_bad_value_exits_2(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # whatever a command might write lands here
    (tmp_path / "dem.tif").write_bytes(b"")  # exists; the bad number is refused first
    err = assert_refused(args, capsys)
    assert message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif"]


def test_the_console_script_refuses_nan_too() -> None:
    script = Path(sys.executable).with_name("lunarstation")
    completed = subprocess.run(
        [str(script), "sun", "--lat", "nan", "--lon", "0", *SPAN, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.startswith("error: --lat: must be a finite number, got nan\n")
    assert "Traceback" not in completed.stderr
