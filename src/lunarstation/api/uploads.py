"""Uploaded scenario files, validated exactly as the command line validates files.

The files are written, under the names they were uploaded with, into a private
temporary folder and loaded with :func:`lunarstation.validation.load_scenario` — the
loader ``lunarstation validate`` and ``run`` use, with its :class:`LoadLimits` on size,
depth, aliases and strings — in the order given (the first is the base, the rest
overlays). Messages name the uploaded file, line, column and field, exactly as the CLI
prints them for files of the same name; the temporary folder never appears in them.
"""

from __future__ import annotations

import atexit
import multiprocessing
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from lunarstation.errors import LunarstationError, ScenarioError
from lunarstation.scenario import LoadLimits, Scenario
from lunarstation.store.scenarios import UploadedFile
from lunarstation.validation import load_scenario


class UploadRejectedError(Exception):
    """Uploaded files that do not load: ``messages`` as the CLI prints them."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)


def validate_files(
    groups: Sequence[Sequence[UploadedFile]], limits: LoadLimits | None = None
) -> Scenario:
    """Load the files of ``groups`` (versions in load order, each a list of files) as one
    scenario.

    Raises:
        UploadRejectedError: the loader's messages (file:line:column: field: what is wrong).
    """
    with tempfile.TemporaryDirectory(prefix="lunarstation-upload-") as folder:
        root = Path(folder)
        paths: list[Path] = []
        for index, files in enumerate(groups):
            # One sub-folder per version, so two versions may use the same file names; the
            # first version's files sit at the top so messages read like the CLI's.
            target = root if index == 0 else root / f"overlay-{index}"
            target.mkdir(exist_ok=True)
            for file in files:
                path = target / file.name
                path.write_text(file.content, encoding="utf-8")
                paths.append(path)
        try:
            return load_scenario(*paths, limits=limits)
        except ScenarioError as error:
            raise UploadRejectedError(
                [_relative(str(issue), root) for issue in error.issues]
            ) from None
        except LunarstationError as error:
            raise UploadRejectedError([_relative(str(error), root)]) from None


VALIDATOR_PROCESSES = 2
"""Processes that validate uploads for the request threads (one per core of the 2-core
reference box). Loading a scenario is CPU work under Python's global lock: in the server's
own process it made every read wait behind the writers' uploads (p95 of reads above
200 ms under load, ``benchmarks/README.md``)."""

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def check_files(groups: Sequence[Sequence[UploadedFile]], limits: LoadLimits | None = None) -> None:
    """:func:`validate_files` in a validator process, so the server's threads keep
    answering; the same messages.

    Raises:
        UploadRejectedError: the loader's messages, or that the validator process stopped
            (an upload it could not finish: the pool is started again for the next one).
    """
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            # The one forkserver of this process is shared with the run dispatcher
            # (api/worker.py): whichever starts it first preloads the engines for both.
            context.set_forkserver_preload(["lunarstation.api.task"])
            _pool = ProcessPoolExecutor(VALIDATOR_PROCESSES, mp_context=context)
            atexit.register(_pool.shutdown, wait=False, cancel_futures=True)
        pool = _pool
    try:
        messages = pool.submit(_messages_of, list(map(list, groups)), limits).result()
    except BrokenProcessPool:
        with _pool_lock:
            if _pool is pool:
                _pool = None
        raise UploadRejectedError(
            ["the files could not be validated: the validator process stopped before it "
             "finished (files too large or too complex?); nothing was stored"]
        ) from None  # fmt: skip
    if messages is not None:
        raise UploadRejectedError(messages)


def _messages_of(
    groups: Sequence[Sequence[UploadedFile]], limits: LoadLimits | None
) -> list[str] | None:
    """In the validator process: None when the files load, else the messages (plain
    strings cross the process boundary; the loaded scenario is not needed)."""
    try:
        validate_files(groups, limits)
    except UploadRejectedError as rejected:
        return rejected.messages
    return None


def _relative(text: str, root: Path) -> str:
    """``text`` with the temporary folder's path removed (messages name the uploaded file)."""
    return text.replace(f"{root}/", "").replace(str(root), "")
