"""Checks that need an engine's vocabulary plug into the loader (``checks=``); their
problems, like the loader's own, are located in the file that wrote the value, with list
indices counted in that file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lunarstation.errors import ScenarioError
from lunarstation.scenario import Scenario, ScenarioCheck, load_scenario, loads_scenario
from lunarstation.scenario.references import Problem
from tests.support import BASE_YAML, WriteScenario

OVERLAY = """
partners:
  - {id: p2, name: Partner two, agency: A2, country: Y, joined: 2022-05-01}
elements:
  - {id: rover, name: Rover, partner: p2, kind: rover, dry_mass_kg: 900}
  - {id: big, name: Big rover, partner: p2, kind: rover, dry_mass_kg: 90000}
"""


def heavy_elements(scenario: Scenario) -> Iterator[Problem]:
    """A toy check: elements over 50 t, reported at their dry mass."""
    for index, element in enumerate(scenario.elements):
        if element.dry_mass_kg > 50_000:
            yield (
                ("elements", index, "dry_mass_kg"),
                f"{element.dry_mass_kg:g} kg is more than this toy check allows (50000)",
            )


def named_lander(scenario: Scenario) -> list[Problem]:
    return [(("elements", 0, "name"), "the toy check dislikes this name")]


def issues_of(*sources: object, checks: tuple[ScenarioCheck, ...]) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(*[str(s) for s in sources], checks=checks)
    return [str(issue) for issue in caught.value.issues]


def test_a_check_is_located_in_the_overlay_with_its_own_index(
    write_scenario: WriteScenario,
) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    overlay = write_scenario("partner.yaml", OVERLAY)
    # merged: elements[2] is big; in partner.yaml it is elements[1], on line 5
    assert issues_of(base, overlay, checks=(heavy_elements,)) == [
        f"{overlay}:5:58: elements[1].dry_mass_kg: 90000 kg is more than this toy check "
        "allows (50000)"
    ]


def test_every_check_and_every_reference_problem_is_reported_at_once_in_file_order(
    write_scenario: WriteScenario,
) -> None:
    base = write_scenario("base.yaml", BASE_YAML.replace("launch_vehicle: lv", "launch_vehicle: x"))
    overlay = write_scenario("partner.yaml", OVERLAY)
    found = issues_of(base, overlay, checks=(heavy_elements, named_lander))
    assert [issue.split(": ")[1] for issue in found] == [
        "elements[0].name",
        "missions[0].launch_vehicle",
        "elements[1].dry_mass_kg",
    ]
    assert found[0].startswith(f"{base}:11:")
    assert found[2].startswith(f"{overlay}:5:")


def test_a_check_sees_the_validated_scenario_and_silence_means_valid() -> None:
    seen: list[Scenario] = []

    def spy(scenario: Scenario) -> list[Problem]:
        seen.append(scenario)
        return []

    scenario = loads_scenario(BASE_YAML, checks=(spy,))
    assert [s.model_dump() for s in seen] == [scenario.model_dump()]


def test_checks_do_not_run_on_input_that_fails_field_validation() -> None:
    def never(scenario: Scenario) -> list[Problem]:  # pragma: no cover - must not run
        raise AssertionError("ran on an invalid scenario")

    with pytest.raises(ScenarioError):
        loads_scenario(BASE_YAML.replace("dry_mass_kg: 4000", "dry_mass_kg: -1"), checks=(never,))


def test_reference_problems_count_indices_in_their_file(write_scenario: WriteScenario) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    overlay = write_scenario(
        "more.yaml",
        """
        missions:
          - id: m2
            name: Mission two
            partners: [p1]
            launch: 2031-01-01
            launch_vehicle: lv9
            destination: site
        """,
    )
    assert issues_of(base, overlay, checks=()) == [
        f"{overlay}:6:5: missions[0].launch_vehicle: unknown launch vehicle 'lv9'; "
        "did you mean 'lv'? allowed: lv"
    ]
