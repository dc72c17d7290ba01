"""Elements already in place and elements picked up: their cross-references at load time."""

from __future__ import annotations

import pytest

from lunarstation.errors import ScenarioError
from lunarstation.scenario import load_scenario
from tests.logistics.test_deliveries import PICK_UP
from tests.support import BASE_YAML, WriteScenario

# The base without its own elements and missions (their ids would clash), then the
# pick-up case of the logistics tests: a lander left in orbit and flown down by the crew.
BASE = BASE_YAML.split("launch_vehicles:", 1)[0]
OVERLAY = PICK_UP


def load(write_scenario: WriteScenario, overlay: str) -> None:
    load_scenario(write_scenario("base.yaml", BASE), write_scenario("x.yaml", overlay))


def messages(write_scenario: WriteScenario, overlay: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load(write_scenario, overlay)
    return [f"{i.field}: {i.message}" for i in caught.value.issues]


def test_a_plan_may_name_what_it_picks_up(write_scenario: WriteScenario) -> None:
    load(write_scenario, OVERLAY)  # the flight plan moves crew into the picked-up lander


def test_picking_up_an_unknown_element(write_scenario: WriteScenario) -> None:
    found = messages(write_scenario, OVERLAY.replace("picks_up: [lander]", "picks_up: [landr]"))
    assert "missions[1].picks_up[0]: unknown element 'landr'; did you mean 'lander'?" in found[0]


def test_picking_up_what_no_earlier_mission_launched(write_scenario: WriteScenario) -> None:
    later = OVERLAY.replace("launch: 2030-06-01\n", "launch: 2030-08-01\n", 1)
    (found,) = messages(write_scenario, later)
    assert found == (
        "missions[1].picks_up[0]: element 'lander' is neither launched by an earlier mission "
        "nor given an initial_location, so there is nothing to pick up"
    )


def test_an_element_in_place_must_be_somewhere_known(write_scenario: WriteScenario) -> None:
    nowhere = OVERLAY.replace("{place: site, since", "{place: sight, since")
    (found,) = messages(write_scenario, nowhere)
    assert found.startswith(
        "elements[2].initial_location.place: unknown site or orbit 'sight'; did you mean 'site'?"
    )


def test_an_element_in_place_is_not_launched_too(write_scenario: WriteScenario) -> None:
    twice = OVERLAY.replace(
        "payload: {elements: [lander]}", "payload: {elements: [lander, old-hab]}"
    )
    (found,) = messages(write_scenario, twice)
    assert found == (
        "elements[2].initial_location: element 'old-hab' is already in place from the start, "
        "yet mission 'lander-out' launches it; give one or the other"
    )
