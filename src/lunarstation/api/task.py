"""One run, executed in a worker process (forked by the worker forkserver, see
:mod:`lunarstation.api.worker`) outside any request, at a lower CPU priority than the
server (:data:`WORKER_NICENESS`), so that requests are answered first while runs compute.

The worker opens the store itself, claims the run (``queued → running``, with its pid),
loads the input versions' files exactly as an upload is validated, calls
:func:`lunarstation.simulate.simulate`, writes the run folder with
:func:`lunarstation.report.files.write_run` into a temporary folder and stores the
summary, findings and every file of that folder (tables as CSV and Parquet, series as
Parquet, the HTML report) in one transaction. A refusal (invalid input, an engine's
error) marks the run failed with the message. A watchdog thread ends the worker when
its server process is gone, so an orphan never writes a result after a crash.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from lunarstation.api.uploads import UploadRejectedError, validate_files
from lunarstation.errors import LunarstationError
from lunarstation.report.figures import RunView, build_figures, figure_json
from lunarstation.report.files import write_run
from lunarstation.report.html import REPORT_NAME, plotly_bundle, render_html
from lunarstation.simulate import simulate
from lunarstation.store import Store
from lunarstation.store import runs as repo
from lunarstation.store.scenarios import UploadedFile

WATCHDOG_PERIOD_S = 0.5
WORKER_NICENESS = 10
"""Added to the worker's nice value: a run is a batch job; the API must stay responsive
(``benchmarks/README.md``, "Shared server": reads' p95 while runs compute)."""


def _watch_parent(parent_pid: int) -> None:
    # The worker's parent is the forkserver, which exits when the server does; the
    # server itself is watched too. Either gone: this worker is an orphan.
    forkserver = os.getppid()
    while True:
        time.sleep(WATCHDOG_PERIOD_S)
        if os.getppid() != forkserver or not _alive(parent_pid):
            os._exit(3)  # the server died: leave the run for the restart to settle


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's: not ours, but not gone either
        return True
    return True


def execute(url: str, run_id: int, parent_pid: int) -> None:
    """Run ``run_id`` of the store at ``url`` to completion (done or failed)."""
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    with contextlib.suppress(OSError):  # a platform without nice: the server's priority
        os.nice(WORKER_NICENESS)
    store = Store.open(url, migrate=False)
    try:
        with store.write() as session:
            if not repo.claim(session, run_id, os.getpid()):
                return
        with store.read() as session:
            groups = [
                [UploadedFile(n, c) for n, c in files]
                for files in repo.input_files(session, run_id)
            ]
        try:
            summary, findings, files = _simulate(groups)
        except UploadRejectedError as error:
            _fail(store, run_id, "the inputs do not load: " + "; ".join(error.messages))
            return
        except LunarstationError as error:
            _fail(store, run_id, f"the run stopped: {error}")
            return
        with store.write() as session:
            repo.finish(session, run_id, summary=summary, findings=findings, files=files)
    except Exception as error:  # a bug: say which, keep the worker's traceback in its log
        _fail(
            store,
            run_id,
            f"internal error in the worker ({type(error).__name__}); see the server log",
        )
        raise
    finally:
        store.close()


def _fail(store: Store, run_id: int, reason: str) -> None:
    with store.write() as session:
        repo.fail(session, run_id, reason)


def _simulate(
    groups: list[list[UploadedFile]],
) -> tuple[dict[str, object], list[dict[str, object]], dict[str, bytes]]:
    scenario = validate_files(groups)
    result = simulate(scenario, command=["lunarstation", "serve", "(run)"])
    with tempfile.TemporaryDirectory(prefix="lunarstation-run-") as folder:
        out = Path(folder) / "run"
        write_run(result, out, parquet=True)
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
        files.update(report_files(out))
    summary = json.loads(files["summary.json"])
    findings = json.loads(files["findings.json"])
    return summary, findings, files


PLOTLY_MARKER = "/*lunarstation: plotly.js bundle*/"
"""Stands for Plotly's 4.6 MB bundle in a stored report; :func:`with_plotly` puts it back
when the report is served, so each run does not store its own copy."""


FIGURES_NAME = "figures.json"
"""The report's figures as JSON (``figure_json`` of each), stored beside the report."""


def report_files(folder: Path) -> dict[str, bytes]:
    """The run report page of a run folder (:func:`lunarstation.report.html.render_html`,
    with :data:`PLOTLY_MARKER` in place of Plotly's bundle) and its figures' JSON, both
    from one :func:`build_figures` and one ``figure_json`` of each figure."""
    view = RunView.from_folder(folder)
    specs = build_figures(view)
    figures = [figure_json(spec) for spec in specs]
    page = render_html(view, specs, plotly_js=PLOTLY_MARKER, figures=figures)
    text = json.dumps(figures, ensure_ascii=False, allow_nan=False)
    return {REPORT_NAME: page.encode("utf-8"), FIGURES_NAME: text.encode("utf-8")}


def with_plotly(stored: bytes) -> bytes:
    """A stored report with Plotly's bundle inlined again."""
    return stored.replace(PLOTLY_MARKER.encode("utf-8"), plotly_bundle(), 1)
