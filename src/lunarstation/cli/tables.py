"""Tables the commands print: a Rich table on screen, or the same rows as CSV, TSV or JSON.

A command builds its rows once, as plain values (numbers stay numbers), and prints them
with :func:`print_tables`; ``--format`` (:data:`FormatOption`) picks how::

    from lunarstation.cli.tables import Column, FormatOption, TableFormat, TableRows, print_tables

    def ledger_command(..., table_format: FormatOption = TableFormat.TABLE) -> int:
        columns = [Column("partner"), Column("mass_t", "mass t", "{:,.1f}"), ...]
        print_tables([TableRows("ledger", columns, rows, title="Partner ledger")], table_format)

On screen a column's ``format`` shows each value; machine formats write the value itself
(CSV/TSV: shortest exact floats, empty for ``None``, ``true``/``false``; JSON: a list of
objects keyed by column key, or, for several tables, an object of such lists keyed by
table name, NaN and infinities as ``null``; CSV/TSV: several tables each under a
``# name`` line, a blank line between).
Off a terminal the console is as wide as the widest table (see
:class:`~lunarstation.cli.console.OutputConsole`); on a narrow terminal long cells fold
onto a second line instead of being cut with "…".
"""

from __future__ import annotations

import csv
import io
import json
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from lunarstation.cli.console import stdout


class TableFormat(StrEnum):
    """How a command prints its tables."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


FormatOption = Annotated[
    TableFormat,
    typer.Option(
        "--format",
        help="How to print the tables: table (for people), or the same rows as csv, tsv "
        "or json (for programs).",
        case_sensitive=False,
    ),
]


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names it in CSV/TSV/JSON, ``header`` on screen (default: key).

    ``format`` (a ``str.format`` pattern or a function) shows a value on screen; ``None``
    shows as ``missing``. ``justify`` defaults to right for columns of numbers.
    """

    key: str
    header: str | None = None
    format: str | Callable[[Any], str] = "{}"
    missing: str = ""
    justify: Literal["left", "right"] | None = None

    def show(self, value: Any) -> str:
        """The text of ``value`` in a table on screen."""
        if value is None:
            return self.missing
        if callable(self.format):
            return self.format(value)
        return self.format.format(value)


@dataclass(frozen=True)
class TableRows:
    """A named table: its columns and its rows of plain values (one per column)."""

    name: str
    columns: Sequence[Column | str]
    rows: Sequence[Sequence[Any]]
    title: str | None = None

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.name!r}: a row has {len(row)} values "
                    f"for {len(self.columns)} columns"
                )

    @property
    def resolved_columns(self) -> tuple[Column, ...]:
        """The columns, a bare key standing for ``Column(key)``."""
        return tuple(c if isinstance(c, Column) else Column(c) for c in self.columns)

    def records(self) -> list[dict[str, Any]]:
        """The rows as objects keyed by column key (for JSON)."""
        keys = [column.key for column in self.resolved_columns]
        return [dict(zip(keys, map(_finite_or_none, row), strict=True)) for row in self.rows]


def print_table(
    columns: Sequence[Column | str],
    rows: Iterable[Sequence[Any]],
    table_format: TableFormat = TableFormat.TABLE,
    *,
    title: str | None = None,
    name: str = "rows",
    console: Console | None = None,
) -> None:
    """Print one table of ``rows`` in ``table_format`` (see the module docstring)."""
    table = TableRows(name, columns, list(rows), title=title)
    print_tables([table], table_format, console=console)


def print_tables(
    tables: Sequence[TableRows],
    table_format: TableFormat = TableFormat.TABLE,
    *,
    console: Console | None = None,
) -> None:
    """Print several tables in ``table_format``; JSON of several is keyed by table name."""
    out = stdout if console is None else console
    if table_format is TableFormat.TABLE:
        for table in tables:
            out.print(rich_table(table))
        return
    if table_format is TableFormat.JSON:
        payload: Any = (
            tables[0].records()
            if len(tables) == 1
            else {table.name: table.records() for table in tables}
        )
        text = json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False, default=_json)
    else:
        delimiter = "," if table_format is TableFormat.CSV else "\t"
        parts = [_delimited(table, delimiter) for table in tables]
        if len(tables) > 1:
            parts = [f"# {table.name}\n{part}" for table, part in zip(tables, parts, strict=True)]
        text = "\n".join(parts).rstrip("\n")
    out.file.write(text + "\n")
    out.file.flush()


def rich_table(table: TableRows) -> Table:
    """The Rich table of ``table``: long cells fold onto more lines, never cut."""
    columns = table.resolved_columns
    shown = Table(title=table.title, title_justify="left")
    for index, column in enumerate(columns):
        justify = column.justify or ("right" if _numeric(table.rows, index) else "left")
        shown.add_column(column.header or column.key, justify=justify, overflow="fold")
    for row in table.rows:
        shown.add_row(*(column.show(value) for column, value in zip(columns, row, strict=True)))
    return shown


def _numeric(rows: Sequence[Sequence[Any]], index: int) -> bool:
    values = [row[index] for row in rows if row[index] is not None]
    return bool(values) and all(
        isinstance(value, numbers.Real) and not isinstance(value, bool) for value in values
    )


def _finite_or_none(value: Any) -> Any:
    """JSON has no NaN or infinity: such a value is written as null."""
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return float(value) if math.isfinite(value) else None
    return value


def _json(value: Any) -> Any:
    """NumPy scalars as Python numbers, dates and times in ISO 8601."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return _finite_or_none(value.item())
    raise TypeError(f"{type(value).__name__} {value!r} cannot be written as JSON")


def _delimited(table: TableRows, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow([column.key for column in table.resolved_columns])
    writer.writerows([_plain(value) for value in row] for row in table.rows)
    return buffer.getvalue()


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
