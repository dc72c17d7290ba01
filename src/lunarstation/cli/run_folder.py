"""The output folder of ``lunarstation run``: checked before simulating, replaced on ``--force``.

:func:`~lunarstation.report.files.write_run` writes into a staging folder, renames it
into place at the end, and never writes into a folder that holds files. ``--force``
replaces such a folder, but only a run folder (one holding ``files.json`` or
``summary.json``, as ``write_run`` leaves them), never a file, a symbolic link or the
folder the command runs in: the new run is first written completely beside the old one,
then the old folder is moved aside, the new one renamed into its place and the old one
deleted. If the swap fails the old folder is put back; an interrupted run leaves the old
folder as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from lunarstation.errors import OutputError
from lunarstation.report.files import write_run
from lunarstation.simulate import RunResult

RUN_FOLDER_MARKERS = ("files.json", "summary.json")
"""Files that make a folder a run folder, which ``--force`` may replace."""


def check_output_folder(out: Path, *, force: bool) -> None:
    """Refuse, before anything is simulated, an ``--out`` that the run could not use.

    Raises:
        OutputError: ``out`` is a file; or a non-empty folder without ``force``; or, with
            ``force``, a link, the current folder (or one above it), or not a run folder.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(
            f"--out {out} is a file, not a folder; give the path of a folder for the run's "
            "files (nothing was written)"
        )
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not force:
        raise OutputError(
            f"output folder {out} already exists and is not empty; choose another --out, "
            "remove it, or give --force to replace the run in it (nothing was written)"
        )
    if out.is_symlink():
        raise OutputError(
            f"--force: {out} is a symbolic link; give the folder itself (nothing was written)"
        )
    here = Path.cwd().resolve()
    if out.resolve() in (here, *here.parents):
        raise OutputError(
            f"--force: {out} holds the current folder; it is never replaced (nothing was written)"
        )
    if not any((out / name).is_file() for name in RUN_FOLDER_MARKERS):
        raise OutputError(
            f"--force replaces only a run folder (one holding {' or '.join(RUN_FOLDER_MARKERS)}); "
            f"{out} holds other files, so it is left alone (nothing was written)"
        )


def write_run_folder(
    result: RunResult,
    out: Path,
    *,
    force: bool,
    series_csv: bool = False,
    report: Callable[[Path], object] | None = None,
) -> str | None:
    """Write the run's files into ``out``; with ``force``, replace the run already there.

    ``report(path)`` writes the run report into the folder (see ``write_run``).
    Returns what was replaced, in words (None when nothing was).

    Raises:
        OutputError: as :func:`check_output_folder`, or the folder cannot be written or
            swapped (the old folder is then kept).
    """
    check_output_folder(out, force=force)
    if not out.is_dir() or not any(out.iterdir()):
        write_run(result, out, series_csv=series_csv, report=report)
        return None
    replaced = describe_run_folder(out)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    old = fresh.with_name(fresh.name.replace("-new-", "-old-", 1))
    try:
        write_run(result, fresh, series_csv=series_csv, report=report)
        _swap(out, fresh, old)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return replaced


def _swap(out: Path, fresh: Path, old: Path) -> None:
    """``fresh`` becomes ``out``; the folder that was ``out`` becomes ``old``."""
    try:
        out.rename(old)
    except OSError as error:
        raise OutputError(f"--force: cannot move {out} aside: {error.strerror}") from None
    try:
        fresh.rename(out)
    except OSError as error:
        old.rename(out)
        raise OutputError(f"--force: cannot put the new run at {out}: {error.strerror}") from None


def describe_run_folder(folder: Path) -> str:
    """``runs/x/ (a run of minimal, 14 files)``: what a run folder holds, for the message."""
    count = sum(1 for path in folder.rglob("*") if path.is_file())
    name = ""
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        name = str(summary["scenario"]["name"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    what = f"a run of {name}, " if name else ""
    return f"{folder}/ ({what}{count} file{'s' if count != 1 else ''})"
