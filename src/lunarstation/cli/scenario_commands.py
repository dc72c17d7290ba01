"""The main job and scenario commands: ``run``, ``validate``, ``schema``, ``scenarios``.

Every command that reads scenario files loads them with
:func:`lunarstation.validation.load_scenario`, the loader with every engine's static
checks, so that what ``validate`` passes a run accepts; ``-`` reads a scenario from
standard input.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lunarstation.cli.console import EXIT_OK, EXIT_STRICT_FINDINGS, stderr, stdout
from lunarstation.cli.options import RequiredScenarioFiles, ScenarioFiles
from lunarstation.cli.report_commands import report_writer
from lunarstation.cli.run_folder import check_output_folder, write_run_folder
from lunarstation.findings import Severity, count_by_severity
from lunarstation.report.files import default_output_dir, summary_json
from lunarstation.run_summary import run_summary_schema
from lunarstation.scenario import Scenario, builtin_scenarios, scenario_schema
from lunarstation.simulate import RunResult, simulate
from lunarstation.validation import load_scenario

app = typer.Typer()  # registered without a name in cli/app.py: top-level commands


def invocation(context: typer.Context) -> list[str]:
    """The command as parsed, for the provenance: command path, arguments, options set."""
    words = context.command_path.split()
    for parameter in context.command.params:
        value = context.params.get(parameter.name or "")
        flag = [] if parameter.param_type_name == "argument" else [parameter.opts[0]]
        if isinstance(value, list):
            words += [*flag, *map(str, value)] if value else []
        elif value is True:
            words += flag
        elif value not in (None, False):
            words += [*flag, str(value)]
    return words


@app.command("run")
def run_command(
    context: typer.Context,
    files: ScenarioFiles = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Output folder (default runs/<scenario>-<UTC time>-<input digest>)."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the run already in the --out folder (only a run folder; the new "
            "run is written beside it first and swapped in at the end).",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print summary.json to stdout instead of tables.")
    ] = False,
    series_csv: Annotated[
        bool,
        typer.Option(
            "--csv",
            help="Also write the hourly series as CSV for spreadsheets (they are always "
            "written as Parquet).",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 3 when error-level findings exist.")
    ] = False,
    no_report: Annotated[
        bool, typer.Option("--no-report", help="Do not write report.html into the run folder.")
    ] = False,
) -> int:
    """Load, validate and simulate a scenario; print a summary and write the run's files."""
    scenario = load_scenario(*(files or []))
    if out is not None:
        check_output_folder(out, force=force)  # before simulating: fail fast
    result = _simulate_with_progress(scenario, invocation(context))
    out_dir = out if out is not None else default_output_dir(result, datetime.now(UTC))
    report = None if no_report else report_writer(result)
    replaced = write_run_folder(result, out_dir, force=force, series_csv=series_csv, report=report)
    if replaced is not None:
        stderr.print(f"--force: replaced {replaced}", markup=False)
    if as_json:
        sys.stdout.write(summary_json(result) + "\n")
    else:
        print_summary(result)
        stdout.print(
            f"\nWrote {out_dir}/ (summary.json, findings.json, tables as CSV, series as "
            f"Parquet{'' if no_report else ', report.html'}; files.json lists them)",
            markup=False,
        )
    if strict and not result.feasible:
        return EXIT_STRICT_FINDINGS
    return EXIT_OK


def _simulate_with_progress(scenario: Scenario, command: list[str] | None) -> RunResult:
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task("simulating", total=None)

        def advance(engine: str, index: int, total: int) -> None:
            bar.update(task, description=f"engine {engine}", completed=index, total=total)

        return simulate(scenario, progress=advance, command=command)


def print_summary(result: RunResult) -> None:
    """The Rich summary of a run: verdict, stages, partners, highlights, findings."""
    summary = result.summary()
    timeline = summary.get("timeline") or {}
    ledger = summary.get("ledger") or {}
    scenario = result.scenario
    colour = "green" if result.feasible else "red"
    stdout.print(f"[bold]{scenario.title or scenario.name}[/bold]  ({scenario.name})")
    stdout.print(f"Verdict: [bold {colour}]{result.verdict}[/]")
    stages = Table(title="Stages", title_justify="left")
    for column in ("stage", "span", "missions", "partners"):
        stages.add_column(column)
    for stage in timeline.get("stages", []):
        stages.add_row(
            stage["name"], f"{stage['start']} … {stage['end']}", str(len(stage["missions"])),
            ", ".join(stage["partners"]),
        )  # fmt: skip
    stdout.print(stages)
    partners = Table(title="Partners", title_justify="left")
    parity = {row["partner"]: row for row in ledger.get("partners", [])}
    partners.add_column("partner")
    basis = f"contrib ({ledger['contribution_basis']})" if parity else ""
    for column in ("missions", "mass delivered (t)", *((basis, "benefit") if parity else ())):
        partners.add_column(column, justify="right")
    for partner in scenario.partners:
        missions = timeline.get("missions_by_partner", {}).get(partner.id, 0)
        mass_t = timeline.get("mass_delivered_by_partner_kg", {}).get(partner.id, 0.0) / 1000
        cells = [partner.name, str(missions), f"{mass_t:,.1f}"]
        if partner.id in parity:
            row = parity[partner.id]
            cells += [
                f"{100 * row['contribution_share']:.1f}%",
                f"{100 * row['benefit_share']:.1f}%",
            ]
        partners.add_row(*cells)
    stdout.print(partners)
    for line in result.highlights:
        stdout.print(f"• {line}", markup=False)
    _print_findings(result)


def _print_findings(result: RunResult, limit: int = 25) -> None:
    counts = count_by_severity(result.findings)
    stdout.print(
        f"\nFindings: {counts['error']} error, {counts['warning']} warning, {counts['info']} info"
    )
    style = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    for finding in result.findings[:limit]:
        when = "" if finding.time is None else f" {finding.time:%Y-%m-%d}"
        stdout.print(
            f"[{style[finding.severity]}]{finding.severity.value:<7}[/] "
            f"[bold]{finding.code}[/] {escape(finding.subject)}{when}: {escape(finding.message)}"
        )
    if len(result.findings) > limit:
        stdout.print(f"... and {len(result.findings) - limit} more in findings.json")


@app.command("validate")
def validate_command(files: RequiredScenarioFiles) -> int:
    """Check scenario files as a run would; exit 0 if valid, 2 with every problem listed if not."""
    scenario = load_scenario(*files)
    counts = ", ".join(f"{len(getattr(scenario, name))} {name}" for name in scenario.by_id)
    stdout.print(f"{scenario.name}: valid ({counts})", markup=False)
    return EXIT_OK


@app.command("schema")
def schema_command(
    run_summary: Annotated[
        bool,
        typer.Option("--run-summary", help="Print the schema of a run's summary.json instead."),
    ] = False,
    overlay: Annotated[
        bool,
        typer.Option(
            "--overlay",
            help="Print the schema of an overlay file (a file laid over others: every "
            "section optional) instead.",
        ),
    ] = False,
) -> int:
    """Print the JSON Schema of scenario files (for editor completion and checking)."""
    if run_summary and overlay:
        raise typer.BadParameter("give one of --run-summary and --overlay", param_hint="--overlay")
    if run_summary:
        schema = run_summary_schema()
    else:
        schema = scenario_schema(overlay=True) if overlay else scenario_schema()
    sys.stdout.write(json.dumps(schema, indent=2) + "\n")
    return EXIT_OK


@app.command("scenarios")
def scenarios_command() -> int:
    """List the built-in scenarios."""
    table = Table(show_header=True)
    table.add_column("name")
    table.add_column("title")
    for name, builtin in builtin_scenarios().items():
        table.add_row(name, builtin.title)
    stdout.print(table)
    return EXIT_OK
