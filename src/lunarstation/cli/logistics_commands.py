"""CLI commands of the logistics and partner engines: ``lunarstation transfers``, ``ledger``.

Both run only what they need through ``simulate(only=[...])`` (the logistics engine and
the timeline; the ledger with the station and what they require) and print with the
shared table helper, so ``--format csv|tsv|json`` gives the same rows to programs.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from lunarstation.cli.console import EXIT_OK, stdout
from lunarstation.cli.options import ScenarioFiles
from lunarstation.cli.tables import Column, FormatOption, TableFormat, TableRows, print_tables
from lunarstation.errors import LunarstationError
from lunarstation.scenario.messages import did_you_mean
from lunarstation.simulate import simulate
from lunarstation.validation import load_scenario

app = typer.Typer()  # registered without a name in cli/app.py: top-level commands
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the summary rows as JSON (lists stay lists).")
]


def _leg(leg: dict[str, str] | None) -> str:
    return "" if leg is None else f"{leg['origin']} > {leg['destination']}"


def _dump(rows: object) -> None:
    sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


MISSION_COLUMNS = [
    Column("id", "mission"),
    Column("launch_vehicle", "launch vehicle"),
    Column("destination"),
    Column("launch_margin_kg", "launch margin kg", "{:,.0f}", missing="—"),
    Column("delta_v_required_m_s", "Δv needed m/s", "{:,.0f}", missing="—"),
    Column("delta_v_margin_m_s", "Δv margin m/s", "{:,.0f}", missing="—"),
    Column("tightest_leg", "tightest leg"),
]
BURN_COLUMNS = [
    Column("step"),
    Column("action"),
    Column("label", "leg or item"),
    Column("vehicles", "elements"),
    Column("mass_before_kg", "mass kg", "{:,.2f}"),
    Column("propellant_kg", "burned kg", "{:,.2f}"),
    Column("delta_v_m_s", "Δv m/s", "{:,.2f}"),
    Column("missing_delta_v_m_s", "short m/s", "{:,.2f}"),
]


@app.command("transfers")
def transfers_command(
    files: ScenarioFiles = None,
    mission: Annotated[
        str | None, typer.Option("--mission", "-m", help="Show this mission's flight burn by burn.")
    ] = None,
    as_json: JsonOption = False,
    table_format: FormatOption = TableFormat.TABLE,
) -> int:
    """Print each mission's launch and Δv margins, or one mission's burns, stagings and moves."""
    scenario = load_scenario(*(files or []))
    run = simulate(scenario, only=["logistics"])
    title = scenario.title or scenario.name
    if mission is not None:
        missions = [m.id for m in scenario.missions]
        if mission not in missions:
            raise LunarstationError(
                f"--mission {mission!r}: no such mission; {did_you_mean(mission, missions)}"
            )
        burns = run.tables["logistics_burns"]
        rows = burns[burns["mission"] == mission].drop(columns=["mission"])
        if as_json:
            _dump(rows.to_dict(orient="records"))
            return EXIT_OK
        values = [[getattr(r, c.key) for c in BURN_COLUMNS] for r in rows.itertuples()]
        print_tables([TableRows("burns", BURN_COLUMNS, values, f"{mission} — {title}")],
                     table_format)  # fmt: skip
        if rows.empty and table_format is TableFormat.TABLE:
            stdout.print(
                "No burns: the payload declares no propulsion and the mission has no plan."
            )
        return EXIT_OK
    summary: list[dict[str, Any]] = run.summary()["logistics"]["missions"]
    if as_json:
        _dump(summary)
        return EXIT_OK
    values = [
        [_leg(row[c.key]) if c.key == "tightest_leg" else row[c.key] for c in MISSION_COLUMNS]
        for row in summary
    ]
    print_tables([TableRows("transfers", MISSION_COLUMNS, values, f"Transfers — {title}")],
                 table_format)  # fmt: skip
    if table_format is TableFormat.TABLE:
        stdout.print(
            "Δv margin: what the firing elements have left on arriving at the end of the "
            "tightest leg (negative: short; — : no propulsion declared); docs/logistics.md",
            markup=False,
        )
    return EXIT_OK


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


LEDGER_COLUMNS = [
    Column("partner"),
    Column("missions"),
    Column("launches"),
    Column("mass_delivered_t", "mass t", "{:,.1f}"),
    Column("estimated_cost_musd", "cost M$", "{:,.0f}"),
    Column("crew_seats_provided", "seats"),
    Column("crew_days", "crew d", "{:,.1f}"),
    Column("experiment_days", "expt d", "{:,.0f}"),
    Column("contribution_share", "contrib", _percent),
    Column("benefit_share", "benefit", _percent),
    Column("parity_gap_pp", "gap pp", "{:+.1f}"),
]


@app.command("ledger")
def ledger_command(
    files: ScenarioFiles = None,
    as_json: JsonOption = False,
    table_format: FormatOption = TableFormat.TABLE,
) -> int:
    """Print each partner's contributions, benefits and parity gap."""
    scenario = load_scenario(*(files or []))
    # the station runs too: the energy its grids took is a contribution (energy_supplied)
    ledger = simulate(scenario, only=["ledger", "station"]).summary()["ledger"]
    rows: list[dict[str, Any]] = ledger["partners"]
    if as_json:
        _dump(rows)
        return EXIT_OK
    derived = {
        "mass_delivered_t": lambda row: row["mass_delivered_kg"] / 1000,
        "parity_gap_pp": lambda row: 100 * row["parity_gap"],
    }
    values = [
        [derived[c.key](row) if c.key in derived else row[c.key] for c in LEDGER_COLUMNS]
        for row in rows
    ]
    title = f"Partner ledger — {scenario.title or scenario.name}"
    print_tables([TableRows("ledger", LEDGER_COLUMNS, values, title)], table_format)
    if table_format is TableFormat.TABLE:
        stdout.print(
            f"seats: crew seats its vehicles flew; contrib: share of contributions counted as "
            f"{ledger['contribution_basis']} (options.ledger.contribution_basis); benefit: mean "
            "share of crew-days, experiment-days and station resources; gap = contrib − "
            "benefit, percentage points (docs/logistics.md)",
            markup=False,
        )
    return EXIT_OK
