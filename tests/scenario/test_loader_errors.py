"""Loader errors name file, line, column and field, say what was found and what is allowed."""

from __future__ import annotations

import pytest

from lunarstation import ScenarioError, load_scenario
from tests.support import BASE_YAML, WriteScenario


def issues_of(*paths: object) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(*[str(p) for p in paths])
    return [str(issue) for issue in caught.value.issues]


def test_valid_base_loads(write_scenario: WriteScenario) -> None:
    scenario = load_scenario(write_scenario("base.yaml", BASE_YAML))
    assert scenario.name == "base"
    assert scenario.missions[0].launch.tzinfo is not None


def test_unknown_key_gets_did_you_mean_with_exact_location(write_scenario: WriteScenario) -> None:
    path = write_scenario("typo.yaml", BASE_YAML.replace("dry_mass_kg: 4000", "dry_mas_kg: 4000"))
    # line 11: "  - {id: lander, name: Lander, partner: p1, kind: lander, dry_mas_kg: 4000}"
    # The misspelt key is reported once: not also as a missing 'dry_mass_kg'.
    assert issues_of(path) == [
        f"{path}:11:59: elements[0].dry_mas_kg: unknown field 'dry_mas_kg'; did you mean "
        "'dry_mass_kg'? allowed: cost_musd, crew_capacity, design_life_years, dry_mass_kg, id, "
        "initial_location, interfaces, kind, name, needs, partner, ports, power, propulsion, "
        "replace, stores",
    ]


def test_negative_mass_reports_value_and_limit(write_scenario: WriteScenario) -> None:
    path = write_scenario("neg.yaml", BASE_YAML.replace("dry_mass_kg: 4000", "dry_mass_kg: -4000"))
    (issue,) = issues_of(path)
    assert issue == (
        f"{path}:11:59: elements[0].dry_mass_kg: input should be greater than 0; found -4000"
    )


def test_all_errors_of_a_file_are_reported_together(write_scenario: WriteScenario) -> None:
    text = (
        BASE_YAML.replace("kind: lander", "kind: landr")
        .replace("lat_deg: -89.0", "lat_deg: -91.0")
        .replace("end: 2031-12-31", "end: 2029-12-31")
    )
    issues = issues_of(write_scenario("many.yaml", text))
    assert len(issues) == 3
    assert ":3:5: stages[0]: end 2029-12-31 is before start 2030-01-01" in issues[0]
    assert (
        ":7:28: sites[0].lat_deg: input should be greater than or equal to -90; found -91.0"
        in issues[1]
    )
    assert "elements[0].kind: input should be 'habitat', 'power_plant'" in issues[2]
    assert "found 'landr'" in issues[2]


def test_unknown_launch_vehicle_is_located_and_suggested(write_scenario: WriteScenario) -> None:
    path = write_scenario(
        "ref.yaml", BASE_YAML.replace("launch_vehicle: lv", "launch_vehicle: lv2")
    )
    assert issues_of(path) == [
        f"{path}:17:5: missions[0].launch_vehicle: unknown launch vehicle 'lv2'; "
        "did you mean 'lv'? allowed: lv"
    ]


def test_launch_outside_every_stage(write_scenario: WriteScenario) -> None:
    path = write_scenario(
        "late.yaml", BASE_YAML.replace("launch: 2030-06-01", "launch: 2035-06-01")
    )
    assert issues_of(path) == [
        f"{path}:16:5: missions[0].launch: launch 2035-06-01 falls outside every stage; "
        "stages are: s1 2030-01-01…2031-12-31"
    ]


def test_element_delivered_twice(write_scenario: WriteScenario) -> None:
    second = """
    missions:
      - id: m2
        name: Mission two
        partners: [p1]
        launch: 2031-01-01
        launch_vehicle: lv
        destination: site
        payload: {elements: [lander]}
    """
    base = write_scenario("base.yaml", BASE_YAML)
    extra = write_scenario("extra.yaml", second)
    (issue,) = issues_of(base, extra)
    # The index is the mission's in the file that wrote it, not in the merged scenario.
    assert issue.startswith(f"{extra}:8:26: missions[0].payload.elements[0]: element 'lander'")
    assert "already delivered by mission 'm1'" in issue


def test_crewed_mission_needs_crew_vehicle(write_scenario: WriteScenario) -> None:
    text = BASE_YAML.replace(
        "destination: site\n", "destination: site\n    crew: 2\n    surface_days: 3\n"
    )
    (issue,) = issues_of(write_scenario("crew.yaml", text))
    assert "missions[0].crew: crewed mission (crew 2) carries no crew_vehicle element" in issue


def test_yaml_syntax_error_has_position(write_scenario: WriteScenario) -> None:
    path = write_scenario("broken.yaml", "name: x\nstages: [\n  - a\n")
    (issue,) = issues_of(path)
    assert issue.startswith(f"{path}:")
    assert "YAML syntax error" in issue


def test_duplicate_yaml_key_is_an_error(write_scenario: WriteScenario) -> None:
    (issue,) = issues_of(write_scenario("dup.yaml", "name: a\nname: b\n"))
    assert "YAML syntax error" in issue or "duplicate" in issue


def test_top_level_must_be_mapping(write_scenario: WriteScenario) -> None:
    (issue,) = issues_of(write_scenario("list.yaml", "- 1\n- 2\n"))
    assert issue.endswith(
        "the top level is a list; a scenario file is a mapping (keys such as name, stages, missions)"
    )


def test_unknown_top_level_key(write_scenario: WriteScenario) -> None:
    path = write_scenario("top.yaml", BASE_YAML + "mission:\n  - {}\n")
    (issue,) = issues_of(path)
    assert issue.startswith(
        f"{path}:20:1: mission: unknown top-level key 'mission'; did you mean 'missions'?"
    )


def test_missing_file_and_unknown_builtin() -> None:
    (issue,) = issues_of("ilrs-referense")
    assert issue == (
        "ilrs-referense: no such file, and no built-in scenario of that name; built-ins: "
        "did you mean 'ilrs-reference'? allowed: ilrs-reference, minimal, spacenet-qs1"
    )


def test_bad_id_is_explained(write_scenario: WriteScenario) -> None:
    (issue,) = issues_of(write_scenario("id.yaml", BASE_YAML.replace("id: p1,", "id: P 1,")))
    assert "partners[0].id: 'P 1' is not a valid id; ids use lower-case letters" in issue


def test_date_out_of_range(write_scenario: WriteScenario) -> None:
    (issue,) = issues_of(
        write_scenario("old.yaml", BASE_YAML.replace("joined: 2021-01-01", "joined: 1900-01-01"))
    )
    assert issue.endswith(
        "partners[0].joined: date 1900-01-01 is outside 1957-10-04 … 2050-12-31, the span of "
        "the DE421 ephemeris shipped with lunarstation"
    )


def test_not_utf8(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "latin1.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    (issue,) = issues_of(path)
    assert issue == (
        f"{path}:1:10: not UTF-8 text: byte 0xe9 at offset 9 (invalid continuation byte); "
        "save the file as UTF-8"
    )


def test_empty_partner_list_of_a_mission(write_scenario: WriteScenario) -> None:
    # Found by the Hypothesis mutation test: an emptied nested list must still be reported.
    path = write_scenario("nopartner.yaml", BASE_YAML.replace("partners: [p1]", "partners: []"))
    (issue,) = issues_of(path)
    assert issue == (
        f"{path}:15:5: missions[0].partners: input should list at least 1 item; found an empty list"
    )
