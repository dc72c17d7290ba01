"""Fast reading of scenario files: same documents as the round-trip loader, same positions.

Scenario files are read with a fast loader (json for JSON text, ruamel's C-accelerated
safe loader otherwise) and re-read with the position-keeping round-trip loader only
when an error must be located.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


def test_text_only_the_fast_loader_reads_still_reports_into_the_file() -> None:
    # Found by tests/scenario/test_fuzz.py: ruamel's C loader reads "0:<tab>" as {0: None},
    # its round-trip loader refuses the tab; the issue must still name the file.
    with pytest.raises(ScenarioError) as caught:
        loads_scenario("0:\t", "fuzz.yaml")
    (issue,) = caught.value.issues
    assert (issue.file, issue.line) == ("fuzz.yaml", 1)
    assert issue.message.startswith("unknown top-level key 0")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}'\"!&*#|>%@`\n\t ,.01?eE+_~x")), max_size=80))
def test_fast_and_round_trip_loaders_agree_on_arbitrary_mappings(text: str) -> None:
    try:
        slow = to_plain(YAML(typ="rt", pure=True).load(text))
    except Exception:  # any refusal: parse_yaml falls back to this very loader
        return
    fast = parse_yaml(text, "fuzz.yaml").node if isinstance(slow, dict) and slow else None
    if fast is not None:
        assert to_plain(fast) == slow
