"""The interop load-time check: ports, interfaces and catalog additions, each at its path."""

from __future__ import annotations

from typing import Any

import pytest

from lunarstation.interop.checks import standards_check
from lunarstation.scenario import Element, Scenario, load_scenario

X_SOURCE = {"X01": {"title": "Agency X ICD (hypothetical)", "kind": "primary"}}
X_FAMILY = {"id": "x-ring", "name": "X ring", "mating_rule": "androgynous",
            "sources": ["X01"], "confidence": "primary"}  # fmt: skip
X_PORT = {"id": "x-ring-active", "family": "x-ring", "role": "active_capable",
          "name": "X ring", "sources": ["X01"], "confidence": "primary"}  # fmt: skip


def changed(scenario: Scenario, **fields: Any) -> Scenario:
    """``scenario`` with whole fields replaced, validated afresh (no cross checks)."""
    current = {name: getattr(scenario, name) for name in Scenario.model_fields}
    return Scenario.model_validate({**current, **fields})


def with_hab(scenario: Scenario, **update: Any) -> Scenario:
    """``minimal`` with its habitat (elements[1]) changed."""
    elements = [
        Element.model_validate({**e.model_dump(), **update}) if e.id == "hab-1" else e
        for e in scenario.elements
    ]
    return changed(scenario, elements=elements)


def hatch(standard: str) -> Any:
    return {"id": "hatch", "standard": standard}


@pytest.mark.parametrize("name", ["minimal", "ilrs-reference", "spacenet-qs1"])
def test_the_built_in_scenarios_pass(name: str) -> None:
    assert standards_check(load_scenario(name)) == []


def test_a_misspelt_port_standard(minimal: Scenario) -> None:
    (problem,) = standards_check(with_hab(minimal, ports=[hatch("idss-pasive")]))
    path, message = problem
    assert path == ("elements", 1, "ports", 0, "standard")
    assert message.startswith(
        "unknown port standard 'idss-pasive'; did you mean 'idss-passive'? allowed: apas-75,"
    )


def test_interfaces_of_another_category(minimal: Scenario) -> None:
    interfaces = {"power": ["120vdc", "tte"], "data": ["tt"], "atmosphere": "120vdc"}
    problems = dict(standards_check(with_hab(minimal, interfaces=interfaces)))
    at = ("elements", 1, "interfaces")
    assert problems[(*at, "power", 1)].startswith(
        "'tte' is a data interface, not a power one; allowed: 120vdc,"
    )
    assert problems[(*at, "data", 0)].startswith("unknown data interface 'tt'; did you mean")
    assert problems[(*at, "atmosphere")].startswith(
        "'120vdc' is a power interface, not an atmosphere one;"
    )
    assert len(problems) == 3


def test_an_added_port_is_a_valid_standard(minimal: Scenario) -> None:
    interop = {"sources": X_SOURCE, "families": [X_FAMILY], "ports": [X_PORT]}
    scenario = with_hab(changed(minimal, interop=interop), ports=[hatch("x-ring-active")])
    assert standards_check(scenario) == []


@pytest.mark.parametrize(
    ("interop", "path", "start"),
    [
        ({"sources": X_SOURCE, "families": [X_FAMILY],
          "ports": [{k: v for k, v in X_PORT.items() if k != "role"}]},
         ("interop", "ports", 0, "role"), "required field 'role' is missing"),
        ({"sources": X_SOURCE, "families": [{**X_FAMILY, "mating_rule": "magnetic"}]},
         ("interop", "families", 0, "mating_rule"), "input should be 'androgynous',"),
        ({"sources": X_SOURCE, "ports": [X_PORT]},
         ("interop", "ports", 0, "family"), "unknown docking family 'x-ring'; allowed: apas-75,"),
        ({"families": [X_FAMILY]},
         ("interop", "families", 0, "sources", 0), "unknown source 'X01'; allowed: R05,"),
        ({"sources": X_SOURCE, "ports": [{**X_PORT, "id": "idss-active", "family": "idss"}]},
         ("interop", "ports", 0, "id"),
         "duplicate port id 'idss-active': the built-in catalog already has it"),
        ({"sources": X_SOURCE, "families": [X_FAMILY, X_FAMILY]},
         ("interop", "families", 1, "id"),
         "duplicate docking family id 'x-ring': an earlier added row has it"),
        ({"sources": {"R05": {"title": "again", "kind": "primary"}}},
         ("interop", "sources", "R05"), "duplicate source id 'R05'"),
        ({"sources": X_SOURCE, "converters": [{"id": "odd", "name": "odd",
          "joins": ["28vdc", "tte"], "sources": ["X01"], "confidence": "unverified"}]},
         ("interop", "converters", 0, "joins"),
         "a converter joins two interfaces of one category; '28vdc' is power, 'tte' is data"),
        ({"sources": X_SOURCE, "adapters": [{"id": "a1", "name": "a1",
          "sides": ["idss-active", "idss-pasive"], "sources": ["X01"],
          "confidence": "unverified"}]},
         ("interop", "adapters", 0, "sides", 1), "unknown port 'idss-pasive'; did you mean"),
    ],
    ids=["missing-field", "bad-literal", "dangling-family", "dangling-source",
         "builtin-id", "repeated-id", "source-id", "converter-categories", "adapter-side"],
)  # fmt: skip
def test_additions_are_checked_row_by_row(
    minimal: Scenario, interop: dict[str, Any], path: tuple[Any, ...], start: str
) -> None:
    problems = standards_check(changed(minimal, interop=interop))
    assert [p for p, _ in problems] == [path]
    assert problems[0][1].startswith(start), problems[0][1]


def test_a_malformed_added_port_is_reported_once(minimal: Scenario) -> None:
    port = {k: v for k, v in X_PORT.items() if k != "role"}
    interop = {"sources": X_SOURCE, "families": [X_FAMILY], "ports": [port]}
    scenario = with_hab(changed(minimal, interop=interop), ports=[hatch("x-ring-active")])
    assert [path for path, _ in standards_check(scenario)] == [("interop", "ports", 0, "role")]
