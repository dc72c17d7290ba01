"""Runs as tasks: a dispatcher thread in the server hands queued runs to worker processes.

Each run gets its own ``multiprocessing`` process, at most ``workers`` at a time, forked
by a *forkserver*: a single-threaded process started (with a fresh interpreter, so no
state of the server's threads) when dispatching starts, that imports
:mod:`lunarstation.api.task` — numpy, pandas, pyarrow, plotly, the engines: about 4 s of
CPU, measured on the 2-core reference box — once. A run then starts in milliseconds
instead of paying that import each time (``spawn``), and the runs share those pages. The
request
that queued the run has already answered 202. The dispatcher notices a worker that
ended without finishing its run (killed, out of memory) and marks the run failed with
the exit code. On start, runs left ``running`` by a previous server process are marked
failed ("interrupted"); queued ones are simply picked up.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import threading
from multiprocessing.process import BaseProcess

from lunarstation.api import task
from lunarstation.store import Store
from lunarstation.store import runs as repo

log = logging.getLogger("lunarstation.api.worker")

INTERRUPTED = (
    "interrupted: the server stopped while this run was running; start it again with POST /api/runs"
)


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the worker process was killed by {name} before the run finished"
    return f"the worker process ended with exit code {code} before the run finished"


class Dispatcher:
    """Starts worker processes for queued runs and settles the ones whose worker died."""

    def __init__(self, store: Store, workers: int = 1, poll_s: float = 0.5) -> None:
        self.store = store
        self.workers = workers
        self.poll_s = poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._running: dict[int, BaseProcess] = {}
        self._thread: threading.Thread | None = None
        self._context = multiprocessing.get_context("forkserver")
        # Replaces the default preload (``__main__``, which under uvicorn is the CLI).
        self._context.set_forkserver_preload([task.__name__])

    def recover(self) -> int:
        """Mark runs left ``running`` by a previous server as failed; how many."""
        with self.store.read() as session:
            stale = [run.id for run in repo.running_runs(session)]
        for run_id in stale:
            with self.store.write() as session:
                repo.fail(session, run_id, INTERRUPTED, only_if=("running",))
        return len(stale)

    def start(self) -> None:
        """Recover, then dispatch in a background thread."""
        self.recover()
        if self.workers > 0:
            self._thread = threading.Thread(
                target=self._loop, name="lunarstation-dispatcher", daemon=True
            )
            self._thread.start()

    def notify(self) -> None:
        """A run was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Stop dispatching and end running workers (their runs are marked interrupted)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for run_id, process in list(self._running.items()):
            process.terminate()
            process.join(timeout=5)
            with self.store.write() as session:
                repo.fail(session, run_id, INTERRUPTED)
        self._running.clear()

    def _loop(self) -> None:
        try:  # start the forkserver (and its imports) now, not at the first run
            multiprocessing.forkserver.ensure_running()
        except Exception:  # it is started again at the first run; that will say why
            log.exception("could not start the worker forkserver")
        while not self._stop.is_set():
            try:
                self._reap()
                self._launch()
            except Exception:  # the dispatcher must survive a database hiccup
                log.exception("dispatcher step failed; retrying")
            self._wake.wait(self.poll_s)
            self._wake.clear()

    def _reap(self) -> None:
        for run_id, process in list(self._running.items()):
            if process.is_alive():
                continue
            process.join()
            del self._running[run_id]
            with self.store.write() as session:
                if repo.fail(session, run_id, _exit_reason(process.exitcode)):
                    log.warning("run %s: worker ended with exit code %s", run_id, process.exitcode)

    def _launch(self) -> None:
        free = self.workers - len(self._running)
        if free <= 0:
            return
        with self.store.read() as session:
            candidates = [
                r
                for r in repo.queued_runs(session, free + len(self._running))
                if r not in self._running
            ]
        for run_id in candidates[:free]:
            process = self._context.Process(
                target=task.execute, args=(self.store.url, run_id, os.getpid()), daemon=True
            )
            process.start()
            self._running[run_id] = process
