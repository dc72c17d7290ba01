"""``lunarstation scenario show``: the resolved scenario's entities and their ids.

An overlay author refers to partners, sites, orbits, launch vehicles, elements (and their
ports), resources and missions by id; this prints them all, as the overlaid files
resolve, so that nobody has to open the package's YAML. ``--format csv|tsv|json`` gives
the same tables to programs; ``--json`` prints the whole resolved scenario document.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from lunarstation.cli.console import EXIT_OK
from lunarstation.cli.options import ScenarioFiles
from lunarstation.cli.tables import Column, FormatOption, TableFormat, TableRows, print_tables
from lunarstation.scenario import Element, Mission, Scenario
from lunarstation.timegrid import iso_utc
from lunarstation.validation import load_scenario

app = typer.Typer(
    help="Look into a scenario: its entities and their ids, as the files resolve.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("show")
def show_command(
    files: ScenarioFiles = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the whole resolved scenario as one JSON document."),
    ] = False,
    table_format: FormatOption = TableFormat.TABLE,
) -> int:
    """Print the resolved scenario's partners, stages, sites, orbits, launch vehicles,
    elements (with their ports and interfaces), resources, missions and experiments."""
    scenario = load_scenario(*(files or []))
    if as_json:
        document = scenario.model_dump(mode="json")
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    tables = entity_tables(scenario)
    if table_format is TableFormat.TABLE:  # programs get every table, people the full ones
        tables = [table for table in tables if table.rows]
    print_tables(tables, table_format)
    return EXIT_OK


def entity_tables(scenario: Scenario) -> list[TableRows]:
    """One table per entity collection, ids first."""
    title = scenario.title or scenario.name
    return [
        TableRows(name, columns, [row(item) for item in getattr(scenario, name)],
                  title=f"{heading} — {title}")
        for name, heading, columns, row in _COLLECTIONS
    ]  # fmt: skip


def _ports(element: Element) -> str:
    return ", ".join(f"{p.id}: {p.standard} ({p.kind.value})" for p in element.ports)


def _interfaces(element: Element) -> str:
    parts = []
    for category in ("power", "data", "comms", "atmosphere"):
        value = getattr(element.interfaces, category)
        ids = [value] if isinstance(value, str) else list(value or ())
        if ids:
            parts.append(f"{category}: {' '.join(ids)}")
    return "; ".join(parts)


def _dockings(mission: Mission) -> str:
    return ", ".join(f"{d.vehicle}.{d.port} > {d.target}.{d.target_port}" for d in mission.dockings)


def _connections(mission: Mission) -> str:
    return ", ".join(
        f"{c.a} + {c.b} ({' '.join(k.value for k in c.kinds)})" for c in mission.connections
    )


Row = Callable[[Any], list[Any]]
MASS_KG = "{:,.0f}"
_COLLECTIONS: list[tuple[str, str, list[Column | str], Row]] = [
    ("partners", "Partners", ["id", "name", "agency", "country", "role"],
     lambda p: [p.id, p.name, p.agency, p.country, p.role.value]),
    ("stages", "Stages", ["id", "name", "start", "end"],
     lambda s: [s.id, s.name, s.start.isoformat(), s.end.isoformat()]),
    ("sites", "Surface sites", ["id", "name", Column("lat_deg", "lat °", "{:.2f}"),
                                Column("lon_east_deg", "lon E °", "{:.2f}")],
     lambda s: [s.id, s.name, s.lat_deg, s.lon_east_deg]),
    ("orbits", "Orbits", ["id", "name", "kind"], lambda o: [o.id, o.name, o.kind.value]),
    ("launch_vehicles", "Launch vehicles",
     ["id", "name", "partner", Column("payload_leo_kg", "LEO kg", MASS_KG),
      Column("payload_tli_kg", "TLI kg", MASS_KG, missing="—")],
     lambda v: [v.id, v.name, v.partner, v.payload_leo_kg, v.payload_tli_kg]),
    ("resources", "Resources", ["id", "name"], lambda r: [r.id, r.name]),
    ("elements", "Elements",
     ["id", "name", "partner", "kind", Column("dry_mass_kg", "dry kg", MASS_KG),
      Column("ports", "ports (id: standard)"), "interfaces"],
     lambda e: [e.id, e.name, e.partner, e.kind.value, e.dry_mass_kg, _ports(e),
                _interfaces(e)]),
    ("missions", "Missions",
     ["id", "name", "partners", "launch", "launch_vehicle", "destination", "elements",
      "dockings", "connections"],
     lambda m: [m.id, m.name, " ".join(m.partners), iso_utc(m.launch), m.launch_vehicle,
                m.destination, " ".join(m.payload.elements), _dockings(m), _connections(m)]),
    ("experiments", "Experiments", ["id", "name", "partner", "location", "delivered_by"],
     lambda x: [x.id, x.name, x.partner, x.location, x.delivered_by]),
]  # fmt: skip
