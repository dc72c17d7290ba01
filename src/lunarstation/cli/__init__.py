"""Command-line interface: ``lunarstation run``, ``validate``, ``schema`` and friends.

The CLI is thin: it parses arguments, calls the public API and prints. Errors
become messages and exit codes in :mod:`lunarstation.cli.app` only.
"""

from lunarstation.cli.app import app, console_main, main

__all__ = ["app", "console_main", "main"]
