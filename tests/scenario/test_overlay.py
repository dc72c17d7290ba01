"""Several files combine: later files add entities, replace only when they say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from lunarstation import ScenarioError, load_scenario
from tests.support import BASE_YAML, WriteScenario

PARTNER_B = """
partners:
  - {id: p2, name: Partner two, agency: A2, country: Y, joined: 2022-05-01}
"""


def test_later_file_adds_entities(write_scenario: WriteScenario) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    extra = write_scenario("partner-b.yaml", PARTNER_B)
    scenario = load_scenario(base, extra)
    assert [p.id for p in scenario.partners] == ["p1", "p2"]


def test_accidental_duplicate_is_an_error_naming_both_places(write_scenario: WriteScenario) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    extra = write_scenario("again.yaml", PARTNER_B.replace("id: p2", "id: p1"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(base, extra)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.column, issue.field) == (
        str(extra),
        2,
        6,
        "partners[0].id",
    )
    assert issue.message == (
        f"duplicate id 'p1' (first defined at {base}:5); ids must be unique; "
        "to replace the earlier entry add 'replace: true'"
    )


def test_replace_true_replaces_by_id(write_scenario: WriteScenario) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    bigger = """
    launch_vehicles:
      - {id: lv, replace: true, name: Bigger launcher, partner: p1, payload_leo_kg: 90000, payload_tli_kg: 27000}
    """
    scenario = load_scenario(base, write_scenario("bigger.yaml", bigger))
    assert len(scenario.launch_vehicles) == 1
    assert scenario.launch_vehicle("lv").payload_tli_kg == 27000


def test_replace_without_earlier_entity_is_an_error(write_scenario: WriteScenario) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    extra = write_scenario("x.yaml", PARTNER_B.replace("id: p2,", "id: p2, replace: true,"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(base, extra)
    assert "replace: true but no earlier partners entry has id 'p2'" in str(caught.value)


def test_settings_override_key_by_key(write_scenario: WriteScenario) -> None:
    base = write_scenario("base.yaml", BASE_YAML + "simulation: {step_h: 2, seed: 7}\n")
    extra = write_scenario("fine.yaml", "title: Finer\nsimulation: {step_h: 0.5}\n")
    scenario = load_scenario(base, extra)
    assert scenario.title == "Finer"
    assert (scenario.simulation.step_h, scenario.simulation.seed) == (0.5, 7)


def test_error_in_second_file_points_at_second_file(write_scenario: WriteScenario) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    extra = write_scenario("bad.yaml", PARTNER_B.replace("joined: 2022-05-01", "joined: yesterday"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(base, extra)
    (issue,) = caught.value.issues
    assert issue.file == str(extra)
    assert issue.field == "partners[0].joined"  # the partner's index in bad.yaml
    assert issue.line == 2


def test_catalog_rows_from_several_files_are_located_where_written(
    write_scenario: WriteScenario,
) -> None:
    # interop rows accumulate across files; a bad row is reported in its own file, with
    # its index there (the second file's first port is ports[0], not ports[1]).
    import lunarstation as ls

    first = write_scenario("a.yaml", "interop:\n  ports:\n    - {id: x-port, gender: male}\n")
    second = write_scenario("b.yaml", "interop:\n  ports:\n    - {id: y-port}\n")
    with pytest.raises(ScenarioError) as caught:
        ls.load_scenario("minimal", first, second)
    where = {(Path(i.file).name, i.line, i.field) for i in caught.value.issues}
    assert ("a.yaml", 3, "interop.ports[0].gender") in where
    assert ("b.yaml", 3, "interop.ports[0].name") in where
    assert not any(name == "b.yaml" and "gender" in field for name, _, field in where)
