"""The report commands: ``report`` (re-render a run folder's report, PNGs) and ``compare``.

``lunarstation report RUN_DIR [--out FILE] [--png DIR]`` reads a run folder (its
``files.json``) and writes ``report.html`` again without simulating; ``compare RUN_A
RUN_B [--json] [--report FILE]`` prints what changes from A to B. :func:`report_writer`
is what ``lunarstation run`` uses to put the report into the run folder.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lunarstation.cli.console import EXIT_OK, stderr, stdout
from lunarstation.errors import OutputError
from lunarstation.report.compare import compare_runs, comparison_html, overlay_figures
from lunarstation.report.figures import RunView, build_figures
from lunarstation.report.files import REPORT_NAME
from lunarstation.report.html import write_report
from lunarstation.simulate import RunResult

app = typer.Typer()  # registered without a name in cli/app.py: top-level commands

Progress3 = Callable[[str, int, int], None]


@contextmanager
def progress_bar(what: str) -> Iterator[Progress3]:
    """A Rich bar on stderr (shown on a terminal only), as ``progress(step, index, total)``."""
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task(what, total=None)

        def advance(step: str, index: int, total: int) -> None:
            bar.update(task, description=f"{what}: {step}", completed=index, total=total)

        yield advance


def report_writer(result: RunResult) -> Callable[[Path], object]:
    """What ``write_run`` calls to write ``report.html`` of ``result`` (with a progress bar)."""

    def write(path: Path) -> object:
        with progress_bar("report") as advance:
            return write_report(RunView.from_result(result), path, progress=advance)

    return write


@app.command("report")
def report_command(
    run_dir: Annotated[Path, typer.Argument(help="A run folder (written by `lunarstation run`).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the page (default RUN_DIR/report.html)."),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also write every figure as a 1920×1080 PNG into this folder."),
    ] = None,
) -> int:
    """Draw a run's report again from its folder (no simulation); optionally PNGs for slides."""
    run = RunView.from_folder(run_dir)
    if out is not None and out.is_dir():
        raise OutputError(f"--out {out} is a folder; give the path of the HTML file to write")
    if png is not None and png.exists() and not png.is_dir():
        raise OutputError(f"--png {png} is a file; give a folder for the PNGs")
    target = out if out is not None else run_dir / REPORT_NAME
    with progress_bar("figures") as advance:
        specs = build_figures(run, progress=advance)
    write_report(run, target, specs=specs)
    stdout.print(f"Wrote {target} ({len(specs)} figures, {target.stat().st_size / 1e6:.1f} MB)",
                 markup=False)  # fmt: skip
    if png is not None:
        from lunarstation.report.png import write_pngs

        with progress_bar("PNG") as advance:
            written = write_pngs(specs, png, progress=advance)
        stdout.print(f"Wrote {len(written)} PNGs into {png}/", markup=False)
    return EXIT_OK


def _table(title: str, rows: list[dict[str, object]]) -> Table:
    table = Table(title=title, title_justify="left")
    if not rows:
        table.add_column("none")
        return table
    for column in rows[0]:
        table.add_column(
            column, justify="right" if column.endswith(("_a", "_b", "_change")) else "left"
        )
    for row in rows:
        table.add_row(*(_cell(v) for v in row.values()))
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


@app.command("compare")
def compare_command(
    run_a: Annotated[Path, typer.Argument(help="Run folder A (the baseline).")],
    run_b: Annotated[Path, typer.Argument(help="Run folder B (the changed run).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Also write an HTML page overlaying A and B in the same figures."
        ),
    ] = None,
) -> int:
    """What changes from run A to run B: findings, mission margins, sites, partners' shares."""
    a = RunView.from_folder(run_a, what="RUN_A")
    b = RunView.from_folder(run_b, what="RUN_B")
    if report is not None and report.is_dir():
        raise OutputError(f"--report {report} is a folder; give the path of the HTML file to write")
    comparison = compare_runs(a, b)
    data = comparison.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        stdout.print(f"A: {comparison.a}\nB: {comparison.b}", markup=False)
        shown = ("severity", "engine", "code", "subject", "time")
        for key, title in (
            ("findings_appeared", "Findings that appear in B"),
            ("findings_disappeared", "Findings that disappear from A"),
        ):
            stdout.print(_table(title, [{k: r[k] for k in shown} for r in data[key]]))
        stdout.print(_table("Mission margins (Δv m/s; launch kg)", data["missions"]))
        stdout.print(_table("Sites: shedding hours, lowest state of charge", data["sites"]))
        stdout.print(_table("Partners' shares", data["partners"]))
    if report is not None:
        with progress_bar("overlaid figures"):
            specs = overlay_figures(a, b)
        write_report(a, report, specs=specs, preface=comparison_html(comparison))
        (stderr if as_json else stdout).print(f"Wrote {report}", markup=False)
    return EXIT_OK
