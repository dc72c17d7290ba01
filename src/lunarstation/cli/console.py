"""What every command module shares: the two consoles, the exit codes, the error printers.

Exit codes: 0 completed, or the answer to a yes/no question is yes; 1 the answer is no
(like ``grep``: ``interop check`` with verdict ``none``, an approach outside its envelope);
2 invalid input (a :class:`~lunarstation.errors.LunarstationError` or a usage error); 3 a
run with error-level findings under ``--strict``. Anything else is a bug and keeps its
traceback.

Command modules import from here, never from :mod:`lunarstation.cli.app`, which imports
them to register their commands.
"""

from __future__ import annotations

from collections.abc import Sequence

import typer
from rich.console import Console, ConsoleDimensions
from typer._click.exceptions import NoArgsIsHelpError

from lunarstation.errors import LunarstationError, ScenarioError

EXIT_OK = 0
EXIT_NO = 1
EXIT_INVALID_INPUT = 2
EXIT_STRICT_FINDINGS = 3

#: Width of the output when it is a file or a pipe: wide enough that no table wraps.
UNLIMITED_WIDTH = 100_000


class OutputConsole(Console):
    """A console that, writing to a file or a pipe, is as wide as its widest table.

    Rich takes the width of whatever terminal it finds (stdin's too, or ``$COLUMNS``)
    even when stdout is redirected, and then wraps table cells or cuts them with "…".
    Text that goes to a file or to another program is never cut: off a terminal the
    width is unlimited, and tables, which take only the width they need, print whole.
    """

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size on a terminal; an unlimited width elsewhere."""
        size = Console.size.fget(self)  # type: ignore[attr-defined]
        if self.is_terminal:
            return size  # type: ignore[no-any-return]
        return ConsoleDimensions(UNLIMITED_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


stdout = OutputConsole(soft_wrap=True, highlight=False)
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


def report_usage_error(error: typer.TyperException) -> None:
    """Print a usage error as ``error: --option: problem`` and where to find help.

    A group called without a command (``lunarstation interop``) prints its help instead.
    """
    if isinstance(error, NoArgsIsHelpError):
        error.show()
        return
    stderr.print(f"error: {usage_message(error)}", markup=False)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        stderr.print(f"Try '{ctx.command_path} --help' for help.", markup=False)


def usage_message(error: typer.TyperException) -> str:
    """The message of a usage error; a bad value reads ``--option: problem``."""
    if isinstance(error, typer.BadParameter) and error.message:
        # Typer reads values through pydantic, whose messages start "Value error, ".
        message = error.message.removeprefix("Value error, ")
        name = _parameter_name(error)
        if name:
            return f"{name}: {message}"
    format_message = getattr(error, "format_message", None)
    return str(format_message() if callable(format_message) else error)


def _parameter_name(error: typer.BadParameter) -> str:
    hint = error.param_hint
    if hint is not None:
        return hint if isinstance(hint, str) else " / ".join(hint)
    param = error.param
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        options: Sequence[str] = param.opts
        return max(options, key=len) if options else str(param.name)
    return str(getattr(param, "human_readable_name", param.name))
