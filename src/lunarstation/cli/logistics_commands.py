"""CLI commands of the logistics and partner engines: ``lunarstation ledger``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from lunarstation.cli.app import EXIT_OK, app, stdout
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.partners.ledger import LedgerEngine
from lunarstation.report.files import to_jsonable
from lunarstation.scenario import load_scenario


@app.command("ledger")
def ledger_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Scenario files or built-in names; none: ilrs-reference."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ledger as JSON.")] = False,
) -> int:
    """Print each partner's contributions, benefits and parity gap."""
    scenario = load_scenario(*(files or []))
    timeline = TimelineEngine().run(scenario, {})
    result = LedgerEngine().run(scenario, {"timeline": timeline})
    rows = result.summary["ledger"]
    if as_json:
        sys.stdout.write(json.dumps(to_jsonable(rows), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    table = Table(title=f"Partner ledger — {scenario.title or scenario.name}", title_justify="left")
    columns = ("partner", "missions", "launches", "mass t", "cost M$", "crew d", "expt d",
               "contrib", "benefit", "gap pp")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "partner" else "right")
    for row in rows:
        table.add_row(
            row["partner"], str(row["missions"]), str(row["launches"]),
            f"{row['mass_delivered_kg'] / 1000:,.1f}", f"{row['estimated_cost_musd']:,.0f}",
            f"{row['crew_days']:,.1f}", f"{row['experiment_days']:,.0f}",
            f"{100 * row['contribution_share']:.1f}%", f"{100 * row['benefit_share']:.1f}%",
            f"{100 * row['parity_gap']:+.1f}",
        )  # fmt: skip
    stdout.print(table)
    stdout.print(
        "contrib: share of mass delivered; benefit: mean share of crew-days and "
        "experiment-days; gap = contrib − benefit, percentage points (docs/logistics.md)",
        markup=False,
    )
    return EXIT_OK
