"""Scenario fields the logistics engines read: experiment requirements, pick-ups, initial
locations — checked when the file is loaded, listed in the JSON Schema."""

from __future__ import annotations

import pytest

from lunarstation import Scenario, ScenarioError, load_scenario
from lunarstation.scenario.missions import REQUIREMENT_KEYWORDS, ExperimentRequirement
from tests.support import WriteScenario

EXPERIMENT = """
experiments:
  - id: x
    name: X
    partner: agency-a
    location: ridge
    mass_kg: 1
    duration_days: 3
    requirements: [earth-visible, crew, {word}]
"""


def test_an_unknown_requirement_is_a_load_error_with_did_you_mean(
    write_scenario: WriteScenario,
) -> None:
    path = write_scenario("x.yaml", EXPERIMENT.format(word="sunlt"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario("minimal", path)
    (issue,) = caught.value.issues
    assert issue.field.endswith("requirements[2]")
    assert issue.message.startswith("unknown requirement 'sunlt'; did you mean 'sunlit'? allowed:")
    banana = write_scenario("y.yaml", EXPERIMENT.format(word="banana"))
    with pytest.raises(ScenarioError, match="unknown requirement 'banana'; allowed: crew, dark"):
        load_scenario("minimal", banana)


def test_every_keyword_loads_and_the_schema_lists_them(write_scenario: WriteScenario) -> None:
    for word in REQUIREMENT_KEYWORDS:
        scenario = load_scenario("minimal", write_scenario("x.yaml", EXPERIMENT.format(word=word)))
        assert scenario.experiments[-1].requirements[-1] is ExperimentRequirement(word)
    schema = Scenario.model_json_schema()["$defs"]["ExperimentRequirement"]
    assert schema["enum"] == list(REQUIREMENT_KEYWORDS)
    assert {"sunlit", "dark", "permanent-shadow", "earth-visible", "relay-contact",
            "earth-contact", "radio-quiet", "crew", "thermal-window", "powered"} == set(
        REQUIREMENT_KEYWORDS
    )  # fmt: skip


@pytest.mark.parametrize("name", ["minimal", "ilrs-reference", "spacenet-qs1"])
def test_the_built_ins_use_the_vocabulary(name: str) -> None:
    scenario = load_scenario(name)
    assert all(isinstance(r, ExperimentRequirement) for e in scenario.experiments
               for r in e.requirements)  # fmt: skip


def test_initial_location_and_picks_up_are_in_the_schema() -> None:
    definitions = Scenario.model_json_schema()["$defs"]
    assert set(definitions["InitialLocation"]["properties"]) == {"place", "since"}
    assert "initial_location" in definitions["Element"]["properties"]
    assert "picks_up" in definitions["Mission"]["properties"]
