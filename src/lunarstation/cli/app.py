"""The Typer application and the one place where errors become messages and exit codes.

Exit codes: 0 completed (with or without findings); 2 invalid input (a
:class:`~lunarstation.errors.LunarstationError` or a usage error); 3 a run
with error-level findings under ``--strict``. Anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer
from rich.console import Console

from lunarstation.errors import LunarstationError, ScenarioError

EXIT_OK = 0
EXIT_INVALID_INPUT = 2
EXIT_STRICT_FINDINGS = 3

app = typer.Typer(
    name="lunarstation",
    help="Plan and simulate an international lunar research station.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

stdout = Console(soft_wrap=True, highlight=False)
stderr = Console(stderr=True, soft_wrap=True, highlight=False)


def report_error(error: LunarstationError) -> None:
    """Print a user error the way a compiler would: ``file:line:col: field: message``."""
    if isinstance(error, ScenarioError):
        count = len(error.issues)
        for issue in error.issues:
            stderr.print(f"error: {issue}", markup=False)
        stderr.print(
            f"{count} error{'s' if count != 1 else ''}; nothing was written.", markup=False
        )
    else:
        stderr.print(f"error: {error}", markup=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lunarstation`` command; returns the exit code."""
    # Importing the command modules registers their commands on ``app``.
    from lunarstation.cli import commands  # noqa: F401

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
        # Usage errors (unknown option, bad parameter) from Typer's bundled Click.
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            stderr.print(f"error: {error}", markup=False)
        return EXIT_INVALID_INPUT
    return int(result) if isinstance(result, int) else EXIT_OK


def console_main() -> None:
    """Console-script wrapper: exit with :func:`main`'s code."""
    raise SystemExit(main())
