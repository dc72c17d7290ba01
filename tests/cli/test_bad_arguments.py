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
    "report": [
        (["report", "/no/such/run"], "run folder /no/such/run does not exist"),
        (["report", "."], ". is not a run folder: it holds no files.json"),
        (["report"], "Missing argument"),
    ],
    "compare": [
        (["compare", "/no/such/a", "/no/such/b"], "RUN_A /no/such/a does not exist"),
        (["compare", ".", "."], "is not a run folder"),
        (["compare", "/no/such/a"], "Missing argument"),
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
    "science tasks": [(["science", "tasks", "no-such-scenario"], "no-such-scenario")],
    "science schedule": [
        (["science", "schedule", "no-such-scenario"], "no-such-scenario"),
        (["science", "schedule", "minimal", "--policy", "fair"], "--policy"),
        (["science", "schedule", "minimal", "--policy", "shares"], "no science.shares"),
    ],
    "science allocate": [
        (["science", "allocate", "--supply", "-1", "--demands", "a=1"],
         "--supply: supply must not be negative, got -1"),
        (["science", "allocate", "--supply", "nan", "--demands", "a=1"],
         "--supply: supply must be a finite number"),
        (["science", "allocate", "--supply", "1", "--demands", "a=1,b=1", "--weights", "a=0,b=0"],
         "--weights: weights sum to 0"),
        (["science", "allocate", "--supply", "1", "--demands", "a=1", "--weights", "c=1"],
         "--weights: unknown partner 'c'"),
        (["science", "allocate", "--supply", "1", "--demands", "a=x"], "--demands: demand of 'a'"),
        (["science", "allocate", "--demands", "a=1"], "--supply"),
        (["science", "allocate", "--drf", "--capacity", "cpu=9", "--demands", "a=gpu:1"],
         "--demands: a: 'gpu:1' is not R:D"),
        (["science", "allocate", "--drf", "--demands", "a=cpu:1"], "--capacity"),
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
    "serve": [
        (["serve", "--port", "70000"], "--port"),
        (["serve", "--db", "mysql://x/y"], "database URL 'mysql://x/y' is not supported"),
    ],
    "admin partner add": [
        (["admin", "partner", "add", "Agency A", "--name", "A"], "partner id 'Agency A' must be"),
        (["admin", "partner", "add", "agency-a"], "Missing option '--name'"),
    ],
    "admin key create": [
        (["admin", "key", "create", "--partner", "agency-a", "--role", "boss"],
         "role 'boss' is not one of viewer, member, partner_admin, site_admin"),
        (["admin", "key", "create", "--partner", "a", "--role", "member", "--db", "mysql://x"],
         "is not supported"),
    ],
    "admin key revoke": [(["admin", "key", "revoke", "ls_abc"], "KEY_PREFIX 'ls_abc' must be")],
    "admin member deactivate": [
        (["admin", "member", "deactivate", "alice"], "member_id: Input should be a valid integer"),
        (["admin", "member", "deactivate", "0"], "member_id: Input should be greater than or equal to 1"),
        (["admin", "member", "deactivate", "3", "--db", "mysql://x"], "is not supported"),
        (["admin", "member", "deactivate"], "Missing argument 'MEMBER_ID'"),
    ],
    "size consumables": [
        (["size", "consumables", "--crew", "4", "--days", "nan"], "--days: must be a finite number"),
        (["size", "consumables", "--crew", "four", "--days", "3"], "--crew: must be a whole number"),
    ],
    "orbit nrho": [
        (["orbit", "nrho", "--resonance", "1:1"], "no NRHO with resonance 1:1"),
        (["orbit", "nrho", "--resonance", "nine"], "resonance must be 'p:q'"),
        (["orbit", "nrho", "--period-days", "nan"], "--period-days: must be a finite number"),
        (["orbit", "nrho", "--branch", "east"], "branch must be 'north' or 'south'"),
        (["orbit", "nrho", "--lagrange", "L4"], "lagrange must be one of L1, L2"),
        (["orbit", "nrho", "--lu-km", "-1"], "--lu-km: must be greater than 0"),
    ],
    "orbit propagate": [
        (["orbit", "propagate", "--state", "1,0,0", "--duration-tu", "1"], "six comma-separated"),
        (["orbit", "propagate", "--state", "1,0,0,0,x,0", "--duration-tu", "1"],
         "every component must be a number"),
        (["orbit", "propagate", "--state", "1,0,0,0,nan,0", "--duration-tu", "1"],
         "components must be finite"),
        (["orbit", "propagate", "--state", "0.8,0,0,0,0.1,0", "--duration-tu", "inf"],
         "--duration-tu: must be a finite number"),
        (["orbit", "propagate", "--state", "0.8,0,0,0,0.1,0", "--duration-tu", "1", "--mu", "0.6"],
         "--mu: must be greater than 0 and at most"),
        (["orbit", "propagate", "--state", "0.8,0,0,0,0.1,0", "--duration-tu", "1", "--mu", "0"],
         "--mu: must be greater than 0"),
    ],
    "orbit family": [
        (["orbit", "family", "vertical"], "family must be 'halo' or 'lyapunov'"),
        (["orbit", "family", "halo", "--count", "0"], "--count: must be between 1 and 500"),
        (["orbit", "family", "halo", "--branch", "up"], "branch must be 'north' or 'south'"),
    ],
    "orbit export": [
        (["orbit", "export", "minimal", "--element", "x", "--format", "oem"], "--out: give the file"),
        (["orbit", "export", "--element", "nobody", "--out", "o.oem"], "--element 'nobody': not an element in an orbit"),
        (["orbit", "export", "--element", "queqiao-2", "--format", "xml", "--out", "o"], "--format"),
        (["orbit", "export", "--element", "queqiao-2", "--step-s", "nan", "--out", "o"], "--step-s: must be a finite number"),
        (["orbit", "export", "--element", "queqiao-2", "--start", "2020-01-01", "--out", "o"], "is not in an orbit then"),
    ],
    "coverage": [
        (["coverage", "no-such-scenario"], "no-such-scenario"),
        (["coverage", "--site", "nowhere"], "--site 'nowhere': no such site"),
        (["coverage", "--mask-deg", "nan"], "--mask-deg: must be a finite number"),
        (["coverage", "--step-min", "0"], "--step-min: must be greater than 0"),
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
GROUPS = ["", "interop", "scenario", "size", "orbit", "science"]


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


def test_admin_member_deactivate_refuses_an_unknown_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Needs a database, unlike the cases above: a fresh SQLite file with no members."""
    db = f"sqlite:///{tmp_path / 'server.db'}"
    err = assert_refused(["admin", "member", "deactivate", "42", "--db", db], capsys)
    assert err.startswith("error: no member 42 (GET /api/members lists the members")
