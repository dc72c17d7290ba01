"""What ``validate`` passes, ``run`` accepts: the loader with every engine's static checks.

The property test mutates the built-in scenarios at random (a value replaced by another
value or type, a date moved outside the ephemeris, a key dropped, an id misspelt) and drives the command line in process:
whenever ``validate`` exits 0, ``run --strict`` exits 0 or 3 (findings), never 2 (input
refused late) and never with a traceback.
"""

from __future__ import annotations

import contextlib
import copy
import io
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

import lunarstation
from lunarstation import ScenarioError, validation
from lunarstation.cli import main
from tests.support import WriteScenario

MISSPELT_PORT = """
elements:
  - id: x-ship
    name: Agency X crew ship
    partner: agency-a
    kind: crew_vehicle
    dry_mass_kg: 2500
    crew_capacity: 2
    ports:
      - {id: nose, standard: idss-actve}
"""

ROW_WITHOUT_ROLE = """
interop:
  sources:
    X01: {title: Agency X docking ICD (hypothetical), kind: primary}
  families:
    - {id: x-ring, name: X ring, mating_rule: androgynous, sources: [X01], confidence: primary}
  ports:
    - {id: x-ring-active, family: x-ring, name: X ring, sources: [X01], confidence: primary}
"""


def cli(*args: str) -> tuple[int, str, str]:
    """``lunarstation ARGS`` in process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_the_public_loader_is_the_checked_one() -> None:
    assert lunarstation.load_scenario is validation.load_scenario
    assert validation.STATIC_CHECKS


def test_validate_refuses_a_misspelt_port_standard(write_scenario: WriteScenario) -> None:
    overlay = write_scenario("x.yaml", MISSPELT_PORT)
    code, _, err = cli("validate", "minimal", str(overlay))
    assert code == 2
    assert err.startswith(
        f"error: {overlay}:9:20: elements[0].ports[0].standard: unknown port standard "
        "'idss-actve'; did you mean 'idss-active'? allowed: apas-75, "
    )
    assert "lunarstation interop catalog" in err
    assert err.endswith("1 error; nothing was written.\n")


def test_run_refuses_it_too_and_writes_nothing(
    write_scenario: WriteScenario, tmp_path: Path
) -> None:
    overlay = write_scenario("x.yaml", MISSPELT_PORT)
    code, _, err = cli("run", "minimal", str(overlay), "--out", str(tmp_path / "run"))
    assert (code, (tmp_path / "run").exists()) == (2, False)
    assert "elements[0].ports[0].standard" in err


def test_an_interop_addition_with_a_missing_field_is_located(
    write_scenario: WriteScenario,
) -> None:
    overlay = write_scenario("x.yaml", ROW_WITHOUT_ROLE)
    with pytest.raises(ScenarioError) as caught:
        lunarstation.load_scenario("minimal", overlay)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.field) == (str(overlay), 7, "interop.ports[0].role")
    assert issue.message == "required field 'role' is missing"


def test_a_dangling_reference_in_an_addition_is_located(write_scenario: WriteScenario) -> None:
    text = ROW_WITHOUT_ROLE.replace("family: x-ring,", "family: x-rign, role: active_capable,")
    with pytest.raises(ScenarioError) as caught:
        lunarstation.load_scenario("minimal", write_scenario("x.yaml", text))
    (issue,) = caught.value.issues
    assert (issue.line, issue.field) == (7, "interop.ports[0].family")
    assert issue.message.startswith("unknown docking family 'x-rign'; did you mean 'x-ring'?")


def test_extra_checks_are_reported_like_the_loaders_own(write_scenario: WriteScenario) -> None:
    def no_heavy_landers(
        scenario: lunarstation.Scenario,
    ) -> list[tuple[tuple[str | int, ...], str]]:
        return [
            (("elements", index, "dry_mass_kg"), "too heavy for this study")
            for index, element in enumerate(scenario.elements)
            if element.dry_mass_kg > 4000
        ]

    with pytest.raises(ScenarioError) as caught:
        validation.load_scenario("minimal", checks=[no_heavy_landers])
    (issue,) = caught.value.issues
    assert issue.field == "elements[1].dry_mass_kg"
    assert issue.line > 0


# --- the property: validate 0 ⇒ run 0 or 3 ------------------------------------------

ROUND_TRIP = YAML(typ="rt")
OTHER_VALUES = st.one_of(
    st.integers(min_value=-10, max_value=10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet="abcxyz-_09 ", max_size=8),
    st.booleans(),
    st.none(),
    st.just([]),
    st.just({}),
    st.sampled_from(
        ["2090-12-31", "1800-01-01T00:00:00Z", "2033-02-30", "idss-actve", "0.001", "-1"]
    ),
)

FAR_DATES = st.sampled_from(
    [date(2090, 12, 31), date(1850, 1, 1), datetime(2051, 6, 1, tzinfo=UTC), "2033-02-30"]
)
"""Dates outside the ephemeris (1900–2050), and one that does not exist."""


@cache
def builtin_document(name: str) -> Any:
    text = (resources.files("lunarstation.scenario") / "builtin" / f"{name}.yaml").read_text(
        encoding="utf-8"
    )
    return ROUND_TRIP.load(text)


def walk(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every node below ``node`` with its path (keys and indices)."""
    items = (
        node.items() if isinstance(node, CommentedMap)
        else enumerate(node) if isinstance(node, CommentedSeq) else ()
    )  # fmt: skip
    for key, child in items:
        yield (*path, key), child
        yield from walk(child, (*path, key))


def parent_of(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        document = document[key]
    return document


@st.composite
def mutations(draw: st.DrawFn, name: str) -> str:
    """A built-in scenario with one random change, as YAML text."""
    document = copy.deepcopy(builtin_document(name))
    nodes = list(walk(document))
    new: Any
    kind = draw(st.sampled_from(["replace", "drop", "misspell", "redate"]))
    if kind == "redate":
        dates = [(p, v) for p, v in nodes if isinstance(v, (datetime, date))]
        path, value = draw(st.sampled_from(dates))
        new = draw(FAR_DATES)
    elif kind == "misspell":
        texts = [(path, value) for path, value in nodes if isinstance(value, str) and value]
        path, value = draw(st.sampled_from(texts))
        at = draw(st.integers(min_value=0, max_value=len(value) - 1))
        new = value[:at] + draw(st.sampled_from("xq-_")) + value[at + 1 :]
    elif kind == "drop":
        path = draw(st.sampled_from([p for p, _ in nodes if isinstance(p[-1], str)]))
        del parent_of(document, path)[path[-1]]
        note(f"dropped {path}")
        return dump(document)
    else:
        path = draw(st.sampled_from([p for p, _ in nodes]))
        ids = sorted({v for p, v in nodes if p[-1] == "id" and isinstance(v, str)})
        new = draw(OTHER_VALUES | st.sampled_from(ids))
    parent_of(document, path)[path[-1]] = new
    note(f"{kind} {path} -> {new!r}")
    return dump(document)


def changed(name: str, path: tuple[Any, ...], value: Any) -> str:
    """A built-in scenario with the value at ``path`` set, as YAML text."""
    document = copy.deepcopy(builtin_document(name))
    parent_of(document, path)[path[-1]] = value
    return dump(document)


def dump(document: Any) -> str:
    text = io.StringIO()
    ROUND_TRIP.dump(document, text)
    return text.getvalue()


def validate_then_run(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        scenario = Path(folder) / "mutated.yaml"
        scenario.write_text(text, encoding="utf-8")
        code, _, err = cli("validate", str(scenario))
        assert code in (0, 2), err
        if code == 2:
            assert err.startswith("error: "), err
            return
        code, _, err = cli("run", str(scenario), "--out", f"{folder}/run", "--strict")
        assert code in (0, 3), f"validate passed but run exited {code}:\n{err}"


PROPERTY = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(PROPERTY, max_examples=40)
@given(text=mutations("minimal"))
# the cases of issue 11: each passed validate and then failed in run
@example(text=changed("minimal", ("elements", 1, "ports", 0, "standard"), "idss-actve"))
@example(text=changed("minimal", ("interop",), {"ports": [{"id": "p", "family": "idss"}]}))
@example(text=changed("minimal", ("simulation", "end"), datetime(2090, 12, 31, tzinfo=UTC)))
def test_what_validate_passes_minimal_runs(text: str) -> None:
    validate_then_run(text)


@settings(PROPERTY, max_examples=10)
@given(text=mutations("ilrs-reference"))
def test_what_validate_passes_the_reference_runs(text: str) -> None:
    validate_then_run(text)


def test_the_unmutated_built_ins_validate_and_run() -> None:
    for name in ("minimal", "spacenet-qs1"):
        validate_then_run(dump(builtin_document(name)))
