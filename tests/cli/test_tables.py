"""``cli.tables``: one set of rows, printed as a Rich table, CSV, TSV or JSON, never cut."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from lunarstation.cli import main
from lunarstation.cli.console import UNLIMITED_WIDTH, OutputConsole
from lunarstation.cli.tables import Column, TableFormat, TableRows, print_table, print_tables

COLUMNS = [
    "mission",
    Column("mass_kg", "mass kg", "{:,.3f}"),
    Column("dv_m_s", "Δv m/s", "{:,.1f}", missing="—"),
]
ROWS = [("a-mission-with-a-rather-long-name", 1_234_567.891, 3_110.25), ("m2", 0.5, None)]


def printed(table_format: TableFormat, **console: object) -> str:
    out = io.StringIO()
    target = OutputConsole(file=out, highlight=False, soft_wrap=True, **console)  # type: ignore[arg-type]
    print_table(COLUMNS, ROWS, table_format, title="Missions", console=target)
    return out.getvalue()


def test_off_a_terminal_the_table_is_printed_whole() -> None:
    assert OutputConsole(file=io.StringIO()).width == UNLIMITED_WIDTH
    text = printed(TableFormat.TABLE)
    assert "…" not in text
    assert "a-mission-with-a-rather-long-name" in text
    assert "1,234,567.891" in text
    assert "3,110.2" in text
    assert "—" in text  # missing value


def test_the_terminal_width_is_ignored_off_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    assert main(["interop", "catalog"]) == 0
    out = capsys.readouterr().out
    assert "…" not in out
    for text in ("cn-docking-passive", "idss-active", "800", "R07, R09, R05"):
        assert text in out


def test_on_a_narrow_terminal_cells_fold_instead_of_being_cut() -> None:
    text = printed(TableFormat.TABLE, force_terminal=True, width=30, color_system=None)
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 30
    cells = [line.split("│")[1:-1] for line in text.splitlines() if line.startswith("│")]
    mission, mass, delta_v = ("".join(cell[i].strip() for cell in cells) for i in range(3))
    assert "a-mission-with-a-rather-long-name" in mission
    assert "1,234,567.891" in mass
    assert "3,110.2" in delta_v


def test_csv_and_tsv_write_the_values() -> None:
    for table_format, delimiter in ((TableFormat.CSV, ","), (TableFormat.TSV, "\t")):
        rows = list(csv.reader(io.StringIO(printed(table_format)), delimiter=delimiter))
        assert rows == [
            ["mission", "mass_kg", "dv_m_s"],
            ["a-mission-with-a-rather-long-name", "1234567.891", "3110.25"],
            ["m2", "0.5", ""],
        ]


def test_json_writes_objects_keyed_by_column() -> None:
    assert json.loads(printed(TableFormat.JSON)) == [
        {"mission": "a-mission-with-a-rather-long-name", "mass_kg": 1234567.891, "dv_m_s": 3110.25},
        {"mission": "m2", "mass_kg": 0.5, "dv_m_s": None},
    ]


def test_json_of_several_tables_is_keyed_by_name_and_stays_valid() -> None:
    out = io.StringIO()
    tables = [
        TableRows("a", ["x"], [(np.float64(1.5),), (math.nan,), (np.int64(3),)]),
        TableRows("b", ["y"], [(math.inf,)]),
    ]
    print_tables(tables, TableFormat.JSON, console=OutputConsole(file=out))
    assert json.loads(out.getvalue()) == {
        "a": [{"x": 1.5}, {"x": None}, {"x": 3}],
        "b": [{"y": None}],
    }


def test_several_tables_as_csv_are_each_under_their_name() -> None:
    out = io.StringIO()
    tables = [TableRows("a", ["x"], [(1,)]), TableRows("b", ["y", "z"], [(True, None)])]
    print_tables(tables, TableFormat.CSV, console=OutputConsole(file=out))
    assert out.getvalue() == "# a\nx\n1\n\n# b\ny,z\ntrue,\n"


def test_a_row_of_the_wrong_length_is_a_bug() -> None:
    with pytest.raises(ValueError, match="a row has 1 values for 2 columns"):
        TableRows("t", ["x", "y"], [(1,)])
