"""CLI commands of the interop engine: ``lunarstation interop check|catalog|envelope``.

Unknown port or family ids raise
:class:`~lunarstation.interop.catalog.UnknownReferenceError` (a ``DataError``),
which :func:`lunarstation.cli.app.main` prints with the valid ids and exit code 2.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from lunarstation.cli.app import app, stdout
from lunarstation.interop import Approach, check_envelope, check_ports, load_catalog

interop_app = typer.Typer(
    name="interop",
    help="Interface standards: can two ports dock, through which adapters, within which limits.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(interop_app, name="interop")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


@interop_app.command("check")
def check_command(
    port_a: Annotated[str, typer.Argument(help="Catalog port id, e.g. idss-active.")],
    port_b: Annotated[str, typer.Argument(help="Catalog port id, e.g. idss-passive.")],
    as_json: JsonOption = False,
) -> None:
    """Verdict for two port halves: direct, adapter, none, unknown or claimed, with evidence."""
    catalog = load_catalog()
    verdict = check_ports(catalog, port_a, port_b)
    payload = verdict.to_dict()
    for citation in payload["evidence"]:
        citation["source_titles"] = [catalog.sources[ref].title for ref in citation["sources"]]
    if as_json:
        _print_json(payload)
        return
    stdout.print(f"{port_a} + {port_b}: [bold]{verdict.verdict}[/bold] ({verdict.reason})")
    if verdict.adapters:
        mass = verdict.added_mass_kg
        length = verdict.added_length_m
        stdout.print(
            f"Adapter chain: {' → '.join(a.id for a in verdict.adapters)}; "
            f"added mass {'unpublished' if mass is None else f'{mass:g} kg'}, "
            f"added length {'unpublished' if length is None else f'{length:g} m'}",
            markup=False,
        )
    table = Table(title="Evidence", title_justify="left")
    for column in ("row", "confidence", "sources", "note"):
        table.add_column(column)
    for citation in verdict.evidence:
        table.add_row(
            citation.row, citation.confidence.value, ", ".join(citation.sources), citation.note
        )
    stdout.print(table)


@interop_app.command("catalog")
def catalog_command(as_json: JsonOption = False) -> None:
    """List the catalog's docking families, ports and adapters, with sources and confidence."""
    catalog = load_catalog()
    if as_json:
        _print_json(catalog.model_dump(mode="json"))
        return
    families = Table(title="Docking and berthing families", title_justify="left")
    for column in ("id", "rule", "passage mm", "demonstrated", "confidence", "sources"):
        families.add_column(column)
    for family in catalog.families:
        families.add_row(
            family.id,
            family.mating_rule,
            "" if family.passage_diameter_mm is None else f"{family.passage_diameter_mm:g}",
            "yes" if family.demonstrated else "no",
            family.confidence.value,
            ", ".join(family.sources),
        )
    ports = Table(title="Ports", title_justify="left")
    for column in ("id", "family", "role", "confidence"):
        ports.add_column(column)
    for port in catalog.ports:
        ports.add_row(port.id, port.family, port.role, port.confidence.value)
    adapters = Table(title="Adapters", title_justify="left")
    for column in ("id", "joins", "mass kg", "length m", "status", "sources"):
        adapters.add_column(column)
    for adapter in catalog.adapters:
        adapters.add_row(
            adapter.id,
            " ↔ ".join(adapter.sides),
            "" if adapter.mass_kg is None else f"{adapter.mass_kg:g}",
            "" if adapter.length_m is None else f"{adapter.length_m:g}",
            adapter.status,
            ", ".join(adapter.sources),
        )
    for table in (families, ports, adapters):
        stdout.print(table)


def _rate(help_text: str) -> Any:
    return typer.Option(help=help_text)


@interop_app.command("envelope")
def envelope_command(
    family: Annotated[str, typer.Option("--family", help="Docking family id, e.g. idss.")],
    closing_rate_m_s: Annotated[float, _rate("Axial closing rate at contact, m/s.")],
    lateral_rate_m_s: Annotated[float, _rate("Lateral (radial) rate, m/s.")] = 0.0,
    lateral_offset_m: Annotated[float, _rate("Lateral misalignment, m.")] = 0.0,
    pitch_deg: Annotated[float, _rate("Pitch misalignment, degrees.")] = 0.0,
    yaw_deg: Annotated[float, _rate("Yaw misalignment, degrees.")] = 0.0,
    roll_deg: Annotated[float, _rate("Roll misalignment, degrees.")] = 0.0,
    pitch_rate_deg_s: Annotated[float, _rate("Pitch rate, degrees per second.")] = 0.0,
    yaw_rate_deg_s: Annotated[float, _rate("Yaw rate, degrees per second.")] = 0.0,
    roll_rate_deg_s: Annotated[float, _rate("Roll rate, degrees per second.")] = 0.0,
    as_json: JsonOption = False,
) -> None:
    """Check an approach at first contact against the family's published contact envelope."""
    approach = Approach(
        closing_rate_m_s,
        lateral_rate_m_s,
        lateral_offset_m,
        pitch_deg,
        yaw_deg,
        roll_deg,
        pitch_rate_deg_s,
        yaw_rate_deg_s,
        roll_rate_deg_s,
    )
    report = check_envelope(load_catalog(), family, approach)
    if as_json:
        _print_json(report.to_dict())
        return
    if not report.published:
        stdout.print(f"{report.family}: no contact envelope published in the catalog", markup=False)
        return
    status = "within the envelope" if report.within else "OUTSIDE the envelope"
    stdout.print(f"{report.family}: approach {status}", markup=False)
    for violation in report.violations:
        stdout.print(f"  {violation.message}", markup=False)
