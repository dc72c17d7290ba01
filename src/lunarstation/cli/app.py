"""The ``lunarstation`` command: every command group registered, errors converted here.

Each command module defines its own ``app = typer.Typer()`` holding its commands; this
module imports them and registers each explicitly. A sub-app registered without a name
adds its commands at the top level (``run``, ``sun``, ``ledger``); one with a name is a
group (``interop check``, ``size battery``). Command modules import their consoles and
exit codes from :mod:`lunarstation.cli.console`, never from here, so there is no cycle.

:func:`main` is the one place where errors become messages and exit codes (listed in
:mod:`lunarstation.cli.console`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from lunarstation import __version__
from lunarstation.cli import (
    admin_commands,
    coverage_commands,
    environment_commands,
    interop_commands,
    logistics_commands,
    orbit_commands,
    report_commands,
    scenario_commands,
    science_commands,
    serve_commands,
    show_commands,
    station_commands,
)
from lunarstation.cli.console import (
    EXIT_INVALID_INPUT,
    EXIT_OK,
    report_error,
    report_usage_error,
    stderr,
    stdout,
)
from lunarstation.errors import LunarstationError

app = typer.Typer(
    name="lunarstation",
    help="Plan and simulate an international lunar research station.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(scenario_commands.app)
app.add_typer(logistics_commands.app)
app.add_typer(environment_commands.app)
app.add_typer(show_commands.app, name="scenario")
app.add_typer(interop_commands.app, name="interop")
app.add_typer(station_commands.app, name="size")
app.add_typer(report_commands.app)
app.add_typer(science_commands.app, name="science")
app.add_typer(orbit_commands.app, name="orbit")
app.add_typer(coverage_commands.app)
app.add_typer(serve_commands.app)
app.add_typer(admin_commands.app, name="admin")


def _print_version(wanted: bool) -> None:
    if wanted:
        stdout.print(f"lunarstation {__version__}", markup=False)
        raise typer.Exit(EXIT_OK)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Plan and simulate an international lunar research station."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lunarstation`` command; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = app(args=args, prog_name="lunarstation", standalone_mode=False)
    except LunarstationError as error:
        report_error(error)
        return EXIT_INVALID_INPUT
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        stderr.print("aborted", markup=False)
        return 1
    except typer.TyperException as error:
        # Usage errors (unknown option, bad value) from Typer's bundled Click.
        report_usage_error(error)
        return EXIT_INVALID_INPUT
    return int(result) if isinstance(result, int) else EXIT_OK


def console_main() -> None:
    """Console-script wrapper: exit with :func:`main`'s code."""
    code = main()
    gc.freeze()  # what the run built is freed by the process's exit, not by the collector
    raise SystemExit(code)
