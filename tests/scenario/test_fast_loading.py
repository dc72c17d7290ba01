"""Fast reading of scenario files: same documents as the round-trip loader, same positions.

Scenario files are read with a fast loader (json for JSON text, ruamel's C-accelerated
safe loader otherwise) and re-read with the position-keeping round-trip loader only
when an error must be located.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
from ruamel.yaml import YAML

from lunarstation import ScenarioError, load_scenario, loads_scenario
from lunarstation.scenario.loader import builtin_scenarios
from lunarstation.scenario.yamlsource import parse_yaml, to_plain
from tests.support import BASE_YAML, WriteScenario


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_fast_and_round_trip_loaders_read_the_same_document(name: str) -> None:
    text = (resources.files("lunarstation.scenario") / "builtin" / f"{name}.yaml").read_text()
    fast = parse_yaml(text, name).node
    assert not hasattr(fast, "lc")  # really the fast path
    assert fast == to_plain(YAML(typ="rt", pure=True).load(text))


def test_json_scenario_loads_and_its_errors_have_positions(write_scenario: WriteScenario) -> None:
    document = to_plain(YAML(typ="rt", pure=True).load(BASE_YAML))
    text = json.dumps(document, indent=1, default=str)
    assert loads_scenario(text).name == "base"
    document["elements"][0]["dry_mass_kg"] = -5
    bad = json.dumps(document, indent=1, default=str)
    line = next(i for i, row in enumerate(bad.splitlines(), 1) if '"dry_mass_kg": -5' in row)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario("s.json", bad))
    (issue,) = caught.value.issues
    assert (issue.line, issue.field) == (line, "elements[0].dry_mass_kg")


def test_duplicate_json_keys_are_refused_with_a_position() -> None:
    with pytest.raises(ScenarioError) as caught:
        loads_scenario('{\n "name": "a",\n "name": "b"\n}', "dup.json")
    (issue,) = caught.value.issues
    assert issue.line == 3
    assert "duplicate key" in issue.message


def test_duplicate_yaml_keys_are_refused_with_a_position() -> None:
    with pytest.raises(ScenarioError) as caught:
        loads_scenario("name: a\ntitle: t\nname: b\n", "dup.yaml")
    (issue,) = caught.value.issues
    assert issue.line == 3
    assert "duplicate key" in issue.message
