"""Fast reading of scenario files: the same documents as ruamel's Python loaders, and a
position for every value.

Scenario files are read with a fast loader (json for JSON text, ruamel's C-accelerated
safe loader otherwise); when a problem must be located, the text is read once more as
parser events into a tree of positions (``scenario/positions.py``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from lunarstation import ScenarioError, load_scenario, loads_scenario
from lunarstation.scenario.loader import builtin_scenarios
from lunarstation.scenario.positions import position_tree
from lunarstation.scenario.yamlsource import parse_yaml, to_plain
from tests.support import BASE_YAML, WriteScenario


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_fast_and_round_trip_loaders_read_the_same_document(name: str) -> None:
    text = (resources.files("lunarstation.scenario") / "builtin" / f"{name}.yaml").read_text()
    fast = parse_yaml(text, name).node
    assert not hasattr(fast, "lc")  # really the fast path
    assert fast == to_plain(YAML(typ="rt", pure=True).load(text))


def value_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                found += value_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += value_paths(value, (*prefix, index))
    return found


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_every_value_of_a_builtin_has_its_position(name: str) -> None:
    text = (resources.files("lunarstation.scenario") / "builtin" / f"{name}.yaml").read_text()
    tree = position_tree(text)
    assert tree is not None
    assert all(tree.find(path) is not None for path in value_paths(parse_yaml(text, name).node))
    # positions agree with ruamel's round-trip loader
    document = YAML(typ="rt", pure=True).load(text)
    assert tree.find(["stages", 0, "start"]) == tuple(
        n + 1 for n in document["stages"][0].lc.key("start")
    )


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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('{\n "name": "a",\n "name": "b"\n}', "dup.json"),
        ("name: a\ntitle: t\nname: b\n", "dup.yaml"),
    ],
)
def test_duplicate_keys_are_refused_with_a_position(text: str, name: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text, name)
    (issue,) = caught.value.issues
    assert issue.line == 3
    assert "duplicate key" in issue.message


def test_text_only_the_c_loader_reads_still_reports_into_the_file() -> None:
    # Found by tests/scenario/test_fuzz.py: ruamel's C loader reads "0:<tab>" as {0: None},
    # its Python loader refuses the tab; the issue must still name the file.
    with pytest.raises(ScenarioError) as caught:
        loads_scenario("0:\t", "fuzz.yaml")
    (issue,) = caught.value.issues
    assert (issue.file, issue.line) == ("fuzz.yaml", 1)
    assert issue.message.startswith("unknown top-level key 0")


def test_yaml_1_2_flow_scalars_with_a_colon_are_read_and_located() -> None:
    # libyaml (YAML 1.1) refuses ':' inside a flow-style plain scalar; YAML 1.2 allows it,
    # so the loader reads such text again with ruamel's Python parser.
    text = BASE_YAML.replace(
        "  - {id: s1, name: Stage one, start: 2030-01-01, end: 2031-12-31}",
        "  - {id: s1, name: Stage one, start: 2030-01-01, end: 2031-12-31T12:00:00Z}",
    )
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text, "t.yaml")
    (issue,) = caught.value.issues
    assert str(issue) == (
        "t.yaml:4:50: stages[0].end: input should be a date such as 2030-06-01, without a "
        "time of day; found 2031-12-31T12:00:00Z"
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}'\"!&*#|>%@`\n\t ,.01?eE+_~x")), max_size=80))
def test_every_value_read_has_a_position(text: str) -> None:
    try:
        document = parse_yaml(text, "fuzz.yaml").node
    except ScenarioError:
        return
    tree = position_tree(text)
    assert tree is not None
    assert all(tree.find(path) is not None for path in value_paths(document))


# Without '!' and '&': libyaml and ruamel's Python parser differ on tags and anchors in
# odd places ('&a:' is {None: None} to one and None to the other), which no scenario uses.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}'\"*#|>%@`\n\t ,.01?eE+_~x")), max_size=80))
def test_fast_loader_reads_what_the_python_loader_reads(text: str) -> None:
    try:
        slow = YAML(typ="safe", pure=True).load(text)
        fast = parse_yaml(text, "fuzz.yaml").node
    except Exception:  # any refusal by either: nothing to compare
        return
    assert to_plain(fast) == to_plain(slow)


def test_json_indented_with_tabs_is_located() -> None:
    # JSON allows tabs between tokens where YAML refuses them (Hypothesis found "\t{}").
    assert position_tree("\t{}") is not None
    text = '{\n\t"name": "t",\n\t"stages": [\n\t\t{"id": "s1", "start": "not a date"}\n\t]\n}'
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text, "t.json")
    assert any(i.line == 4 for i in caught.value.issues)
