"""Command-line interface: ``lunarstation run``, ``validate``, ``schema`` and friends.

The CLI is thin: it parses arguments, calls the public API and prints. Each command
module holds its own Typer sub-app; :mod:`lunarstation.cli.app` registers them all and
is the one place where errors become messages and exit codes. Shared pieces:
:mod:`~lunarstation.cli.console` (consoles, exit codes, error printing),
:mod:`~lunarstation.cli.options` (finite-number options) and
:mod:`~lunarstation.cli.tables` (tables as Rich, CSV, TSV or JSON).
"""

import gc

# The import graph (pandas, numba, pydantic models) allocates hundreds of thousands of
# long-lived objects: collecting while importing them, and again at exit, costs about
# 0.4 s of a run (benchmarks/README.md, "Run"). Freeze them out of the collector instead.
gc.disable()
from lunarstation.cli.app import app, console_main, main  # noqa: E402

gc.freeze()
gc.enable()

__all__ = ["app", "console_main", "main"]
