"""CLI commands of the logistics and partner engines: ``lunarstation transfers``, ``ledger``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from lunarstation.cli.app import EXIT_OK, app, stdout
from lunarstation.errors import LunarstationError
from lunarstation.logistics.campaign import LogisticsEngine
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.partners.ledger import LedgerEngine
from lunarstation.report.files import to_jsonable
from lunarstation.scenario import load_scenario
from lunarstation.scenario.messages import did_you_mean

FilesArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Scenario files or built-in names; none: ilrs-reference."),
]


def _number(value: object, pattern: str = "{:,.0f}") -> str:
    return "—" if value is None else pattern.format(value)


@app.command("transfers")
def transfers_command(
    files: FilesArgument = None,
    mission: Annotated[
        str | None, typer.Option("--mission", "-m", help="Show this mission's flight burn by burn.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> int:
    """Print each mission's launch and Δv margins, or one mission's burns, stagings and moves."""
    scenario = load_scenario(*(files or []))
    timeline = TimelineEngine().run(scenario, {})
    result = LogisticsEngine().run(scenario, {"timeline": timeline})
    if mission is not None:
        return _print_burns(scenario.title or scenario.name, result.tables["burns"], mission,
                            [m.id for m in scenario.missions], as_json)  # fmt: skip
    rows = result.summary["missions"]
    if as_json:
        sys.stdout.write(json.dumps(to_jsonable(rows), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    table = Table(title=f"Transfers — {scenario.title or scenario.name}", title_justify="left")
    for column in ("mission", "launch vehicle", "destination", "launch margin kg",
                   "Δv needed m/s", "Δv margin m/s", "tightest leg"):  # fmt: skip
        table.add_column(column, justify="right" if "kg" in column or "m/s" in column else "left")
    for row in rows:
        table.add_row(
            row["id"], row["launch_vehicle"], row["destination"], _number(row["launch_margin_kg"]),
            _number(row["delta_v_required_m_s"]), _number(row["delta_v_margin_m_s"]),
            row["tightest_leg"] or "",
        )  # fmt: skip
    stdout.print(table)
    stdout.print(
        "Δv margin: what the firing elements have left on arriving at the end of the tightest "
        "leg (negative: short; — : no propulsion declared); docs/logistics.md",
        markup=False,
    )
    return EXIT_OK


def _print_burns(
    title: str, burns: object, mission: str, missions: list[str], as_json: bool
) -> int:
    import pandas as pd

    assert isinstance(burns, pd.DataFrame)
    if mission not in missions:
        raise LunarstationError(
            f"--mission {mission!r}: no such mission; {did_you_mean(mission, missions)}"
        )
    rows = burns[burns["mission"] == mission].drop(columns=["mission"])
    if as_json:
        records = rows.to_dict(orient="records")
        sys.stdout.write(json.dumps(to_jsonable(records), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    table = Table(title=f"{mission} — {title}", title_justify="left")
    for column in ("step", "action", "leg or item", "elements", "mass kg", "burned kg",
                   "Δv m/s", "short m/s"):  # fmt: skip
        table.add_column(column, justify="right" if column.endswith(("kg", "m/s")) else "left")
    for row in rows.itertuples():
        table.add_row(
            str(row.step), str(row.action), str(row.label), str(row.vehicles),
            f"{row.mass_before_kg:,.2f}", f"{row.propellant_kg:,.2f}", f"{row.delta_v_m_s:,.2f}",
            f"{row.missing_delta_v_m_s:,.2f}",
        )  # fmt: skip
    stdout.print(table)
    if rows.empty:
        stdout.print("No burns: the payload declares no propulsion and the mission has no plan.")
    return EXIT_OK


@app.command("ledger")
def ledger_command(
    files: FilesArgument = None,
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
    columns = ("partner", "missions", "launches", "mass t", "cost M$", "seats", "crew d",
               "expt d", "contrib", "benefit", "gap pp")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "partner" else "right")
    for row in rows:
        table.add_row(
            row["partner"], str(row["missions"]), str(row["launches"]),
            f"{row['mass_delivered_kg'] / 1000:,.1f}", f"{row['estimated_cost_musd']:,.0f}",
            str(row["crew_seats_provided"]), f"{row['crew_days']:,.1f}", f"{row['experiment_days']:,.0f}",
            f"{100 * row['contribution_share']:.1f}%", f"{100 * row['benefit_share']:.1f}%",
            f"{100 * row['parity_gap']:+.1f}",
        )  # fmt: skip
    stdout.print(table)
    stdout.print(
        "seats: crew seats its vehicles flew; contrib: share of mass delivered; benefit: mean "
        "share of crew-days, experiment-days and station resources; gap = contrib − benefit, "
        "percentage points (docs/logistics.md)",
        markup=False,
    )
    return EXIT_OK
