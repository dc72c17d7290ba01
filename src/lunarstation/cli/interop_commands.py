"""CLI commands of the interop engine: ``lunarstation interop check|catalog|envelope``.

``catalog`` lists every section of the catalog: docking families, ports, adapters, the
power, data, comms and atmosphere interfaces and the converters between them.

Unknown port or family ids raise
:class:`~lunarstation.interop.catalog.UnknownReferenceError` (a ``DataError``),
which :func:`lunarstation.cli.app.main` prints with the valid ids and exit code 2.
``check`` and ``envelope`` answer a question and exit 1 for "no", like ``grep``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from lunarstation.cli.console import EXIT_NO, EXIT_OK, stdout
from lunarstation.cli.options import number_option
from lunarstation.cli.tables import Column, FormatOption, TableFormat, TableRows, print_tables
from lunarstation.interop import Approach, Catalog, check_envelope, check_ports, load_catalog
from lunarstation.interop.rows import Interface

app = typer.Typer(
    help="Interface standards: can two ports dock, through which adapters, within which limits.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
YES_NO = Column("demonstrated", format=lambda value: "yes" if value else "no")


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


@app.command("check")
def check_command(
    port_a: Annotated[str, typer.Argument(help="Catalog port id, e.g. idss-active.")],
    port_b: Annotated[str, typer.Argument(help="Catalog port id, e.g. idss-passive.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the verdict and its evidence as one object.")
    ] = False,
    table_format: FormatOption = TableFormat.TABLE,
) -> int:
    """Verdict for two port halves: direct, adapter, none, unknown or claimed, with evidence.

    Exit status: 0 when the verdict is direct, adapter, unknown or claimed; 1 when it is
    none (the two halves cannot mate); 2 on an unknown port id.
    """
    catalog = load_catalog()
    verdict = check_ports(catalog, port_a, port_b)
    status = EXIT_NO if verdict.verdict == "none" else EXIT_OK
    payload = verdict.to_dict()
    for citation in payload["evidence"]:
        citation["source_titles"] = [catalog.sources[ref].title for ref in citation["sources"]]
    if as_json:
        _print_json(payload)
        return status
    mass, length = verdict.added_mass_kg, verdict.added_length_m
    chain = " → ".join(adapter.id for adapter in verdict.adapters)
    evidence = TableRows(
        "evidence",
        ["row", "confidence", "sources", "note"],
        [(c.row, c.confidence.value, ", ".join(c.sources), c.note) for c in verdict.evidence],
        title="Evidence",
    )
    if table_format is not TableFormat.TABLE:
        columns = ["port_a", "port_b", "verdict", "reason", "adapters", "added_mass_kg",
                   "added_length_m"]  # fmt: skip
        row = (port_a, port_b, verdict.verdict, verdict.reason, chain, mass, length)
        print_tables([TableRows("verdict", columns, [row]), evidence], table_format)
        return status
    stdout.print(f"{port_a} + {port_b}: [bold]{verdict.verdict}[/bold] ({verdict.reason})")
    if verdict.adapters:
        stdout.print(
            f"Adapter chain: {chain}; "
            f"added mass {'unpublished' if mass is None else f'{mass:g} kg'}, "
            f"added length {'unpublished' if length is None else f'{length:g} m'}",
            markup=False,
        )
    print_tables([evidence])
    return status


@app.command("catalog")
def catalog_command(
    as_json: JsonOption = False, table_format: FormatOption = TableFormat.TABLE
) -> int:
    """List the catalog: docking families, ports, adapters, power, data, comms and
    atmosphere interfaces and converters, with sources and confidence."""
    catalog = load_catalog()
    if as_json:
        _print_json(catalog.model_dump(mode="json"))
        return EXIT_OK
    print_tables([*_docking_tables(catalog), *_resource_tables(catalog)], table_format)
    return EXIT_OK


def _docking_tables(catalog: Catalog) -> list[TableRows]:
    families = TableRows(
        "families",
        ["id", Column("rule"), Column("passage_mm", "passage mm", "{:g}"), YES_NO,
         "confidence", "sources"],
        [(f.id, f.mating_rule, f.passage_diameter_mm, f.demonstrated is not None, f.confidence.value,
          ", ".join(f.sources)) for f in catalog.families],
        title="Docking and berthing families",
    )  # fmt: skip
    ports = TableRows(
        "ports",
        ["id", "family", "role", "confidence"],
        [(p.id, p.family, p.role, p.confidence.value) for p in catalog.ports],
        title="Ports",
    )
    adapters = TableRows(
        "adapters",
        ["id", "joins", Column("mass_kg", "mass kg", "{:g}"),
         Column("length_m", "length m", "{:g}"), "status", "sources"],
        [(a.id, " ↔ ".join(a.sides), a.mass_kg, a.length_m, a.status, ", ".join(a.sources))
         for a in catalog.adapters],
        title="Adapters",
    )  # fmt: skip
    return [families, ports, adapters]


# Per resource category: the columns that describe its interfaces, and their values.
_INTERFACE_COLUMNS: dict[str, tuple[list[Column | str], Callable[[Interface], list[Any]]]] = {
    "power": ([Column("voltage_v", "volts", "{:g}"), "current"],
              lambda i: [i.voltage_v, i.current]),
    "data": ([], lambda i: []),
    "comms": ([Column("band_min_mhz", "from MHz", "{:g}"), Column("band_max_mhz", "to MHz", "{:g}")],
              lambda i: [i.band_min_mhz, i.band_max_mhz]),
    "atmosphere": ([Column("pressure_kpa", "kPa", "{:g}"), Column("o2_fraction", "O2", "{:.1%}")],
                   lambda i: [i.pressure_kpa, i.o2_fraction]),
}  # fmt: skip


def _resource_tables(catalog: Catalog) -> list[TableRows]:
    tables = []
    for category, (columns, values) in _INTERFACE_COLUMNS.items():
        rows = [
            [
                i.id,
                i.name,
                " ".join(i.aliases),
                *values(i),
                i.confidence.value,
                ", ".join(i.sources),
            ]
            for i in catalog.interfaces
            if i.category == category
        ]
        tables.append(
            TableRows(f"{category}_interfaces", ["id", "name", "aliases", *columns, "confidence",
                      "sources"], rows, title=f"{category.capitalize()} interfaces")
        )  # fmt: skip
    converters = TableRows(
        "converters",
        ["id", "name", "joins", "confidence", "sources"],
        [(c.id, c.name, " ↔ ".join(c.joins), c.confidence.value, ", ".join(c.sources))
         for c in catalog.converters],
        title="Converters (hardware, or a procedure for cabin atmospheres)",
    )  # fmt: skip
    return [*tables, converters]


@app.command("envelope")
def envelope_command(
    family: Annotated[str, typer.Option("--family", help="Docking family id, e.g. idss.")],
    closing_rate_m_s: Annotated[
        float,
        number_option(
            "--closing-rate-m-s", help="Axial closing rate at contact, m/s.", min=-100, max=100
        ),
    ],
    lateral_rate_m_s: Annotated[
        float,
        number_option("--lateral-rate-m-s", help="Lateral (radial) rate, m/s.", min=-100, max=100),
    ] = 0.0,
    lateral_offset_m: Annotated[
        float,
        number_option("--lateral-offset-m", help="Lateral misalignment, m.", min=-100, max=100),
    ] = 0.0,
    pitch_deg: Annotated[
        float, number_option("--pitch-deg", help="Pitch misalignment, degrees.", min=-180, max=180)
    ] = 0.0,
    yaw_deg: Annotated[
        float, number_option("--yaw-deg", help="Yaw misalignment, degrees.", min=-180, max=180)
    ] = 0.0,
    roll_deg: Annotated[
        float, number_option("--roll-deg", help="Roll misalignment, degrees.", min=-180, max=180)
    ] = 0.0,
    pitch_rate_deg_s: Annotated[
        float,
        number_option(
            "--pitch-rate-deg-s", help="Pitch rate, degrees per second.", min=-360, max=360
        ),
    ] = 0.0,
    yaw_rate_deg_s: Annotated[
        float,
        number_option("--yaw-rate-deg-s", help="Yaw rate, degrees per second.", min=-360, max=360),
    ] = 0.0,
    roll_rate_deg_s: Annotated[
        float,
        number_option(
            "--roll-rate-deg-s", help="Roll rate, degrees per second.", min=-360, max=360
        ),
    ] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> int:
    """Check an approach at first contact against the family's published contact envelope.

    Exit status: 0 within the envelope, or when the catalog publishes none for the family
    (the text and the JSON say so); 1 outside it; 2 on an unknown family or a bad number.
    """
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
    status = EXIT_NO if report.within is False else EXIT_OK
    if as_json:
        _print_json(report.to_dict())
        return status
    if not report.published:
        stdout.print(f"{report.family}: no contact envelope published in the catalog", markup=False)
        return status
    verdict = "within the envelope" if report.within else "OUTSIDE the envelope"
    stdout.print(f"{report.family}: approach {verdict}", markup=False)
    for violation in report.violations:
        stdout.print(f"  {violation.message}", markup=False)
    return status
