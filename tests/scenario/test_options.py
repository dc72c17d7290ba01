"""The ``options:`` section: defaults, validation with located messages, deep overlay, schema."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pydantic
import pytest

from lunarstation import Scenario, ScenarioError, load_scenario, loads_scenario
from lunarstation.cli import main
from lunarstation.scenario import (
    ContributionWeights,
    RadiatorOptions,
    ScenarioOptions,
    StationModelOptions,
    scenario_schema,
)
from lunarstation.scenario.loader import _builtin_dir
from tests.support import BASE_YAML, WriteScenario

MINIMAL = "<builtin>/minimal.yaml"

FULL_OPTIONS = """
options:
  station:
    survival_reserve_share: 0.3
    shed_order: [operations, science, life_support]
    radiators:
      ridge: {area_m2: 60, emissivity: 0.85, temperature_k: 280}
    reserve_days: 7
    backlog_window_days: 10
    closed_loop_life_support: true
    links: {direct_kbps: 2000, relay_kbps: 50000}
  interop:
    unknown_verdict: error
  ledger:
    contribution_basis: {mass_landed: 0.5, cost: 0.5}
"""


def base_with(options: str) -> str:
    """BASE_YAML (19 lines, site id 'site') followed by an options section from line 20."""
    return textwrap.dedent(BASE_YAML).lstrip("\n") + textwrap.dedent(options).lstrip("\n")


def issues_of(*paths: object) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(*[str(p) for p in paths])
    return [str(issue) for issue in caught.value.issues]


def text_issues(options: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(base_with(options), "f.yaml")
    return [str(issue) for issue in caught.value.issues]


# --- defaults and a full section ---------------------------------------------------------


def test_absent_options_are_the_defaults(minimal: Scenario) -> None:
    options = minimal.options
    assert options == ScenarioOptions()
    station = options.station
    assert station.survival_reserve_share == 0.5
    assert station.shed_order == ("science", "operations", "life_support")
    assert station.radiators == {}
    assert (station.reserve_days, station.backlog_window_days) == (14.0, 30.0)
    assert station.closed_loop_life_support is False
    assert (station.links.direct_kbps, station.links.relay_kbps) == (None, None)
    assert options.interop.unknown_verdict == "warning"
    assert options.ledger.contribution_basis == "mass_landed"
    assert RadiatorOptions() == RadiatorOptions(area_m2=40.0, emissivity=0.9, temperature_k=275.0)


def test_full_options_section_loads(write_scenario: WriteScenario) -> None:
    scenario = load_scenario("minimal", write_scenario("options.yaml", FULL_OPTIONS))
    station = scenario.options.station
    assert station.survival_reserve_share == 0.3
    assert station.shed_order == ("operations", "science", "life_support")
    assert station.radiators == {
        "ridge": RadiatorOptions(area_m2=60, emissivity=0.85, temperature_k=280)
    }
    assert (station.reserve_days, station.backlog_window_days) == (7, 10)
    assert station.closed_loop_life_support is True
    assert (station.links.direct_kbps, station.links.relay_kbps) == (2000, 50000)
    assert scenario.options.interop.unknown_verdict == "error"
    assert scenario.options.ledger.contribution_basis == ContributionWeights(
        mass_landed=0.5, cost=0.5
    )


def test_options_round_trip(write_scenario: WriteScenario) -> None:
    options = load_scenario("minimal", write_scenario("o.yaml", FULL_OPTIONS)).options
    dumped = options.model_dump(mode="json")
    assert ScenarioOptions.model_validate(dumped) == options
    assert ScenarioOptions.model_validate_json(options.model_dump_json()) == options
    # and through a scenario file again (JSON text is YAML)
    again = load_scenario("minimal", write_scenario("again.json", f'{{"options": {dumped}}}'))
    assert again.options == options


def test_named_contribution_bases_load() -> None:
    for basis in ("mass_landed", "mass_launched", "cost"):
        text = f"options: {{ledger: {{contribution_basis: {basis}}}}}\n"
        assert loads_scenario(base_with(text)).options.ledger.contribution_basis == basis


def test_options_are_immutable() -> None:
    with pytest.raises(pydantic.ValidationError):
        StationModelOptions().reserve_days = 3  # type: ignore[misc]


# --- bad values: located messages ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            "options:\n  station:\n    shed_order: [science, science]\n",
            "f.yaml:22:5: options.station.shed_order: shed_order must name each of science, "
            "operations, life_support exactly once (missing operations, life_support; "
            "repeated science)",
        ),
        (
            "options:\n  station:\n    shed_order: [science, operations]\n",
            "f.yaml:22:5: options.station.shed_order: shed_order must name each of science, "
            "operations, life_support exactly once (missing life_support)",
        ),
        (
            "options:\n  station:\n    shed_order: [science, sceince, life_support]\n",
            "f.yaml:22:27: options.station.shed_order[1]: input should be 'science', "
            "'operations' or 'life_support'; found 'sceince'",
        ),
        (
            "options:\n  station:\n    survival_reserve_share: 1.5\n",
            "f.yaml:22:5: options.station.survival_reserve_share: input should be less than "
            "or equal to 1; found 1.5",
        ),
        (
            "options:\n  station:\n    survival_reserve: 0.3\n",
            "f.yaml:22:5: options.station.survival_reserve: unknown field 'survival_reserve'; "
            "did you mean 'survival_reserve_share'? allowed: backlog_window_days, "
            "closed_loop_life_support, links, radiators, reserve_days, shed_order, "
            "survival_reserve_share",
        ),
        (
            "options:\n  station:\n    radiators:\n      sit: {area_m2: 10}\n",
            "f.yaml:23:7: options.station.radiators.sit: unknown surface site 'sit'; "
            "did you mean 'site'? allowed: site",
        ),
        (
            "options:\n  station:\n    radiators:\n      Site: {area_m2: 10}\n",
            "f.yaml:23:7: options.station.radiators.Site: 'Site' is not a valid id; ids use "
            "lower-case letters, digits, '-', '_' or '.' and start with a letter or digit",
        ),
        (
            "options:\n  station:\n    radiators:\n      site: {area_m2: 10, emisivity: 0.5}\n",
            "f.yaml:23:27: options.station.radiators.site.emisivity: unknown field "
            "'emisivity'; did you mean 'emissivity'? allowed: area_m2, emissivity, temperature_k",
        ),
        (
            "options:\n  station:\n    radiators:\n      site: {emissivity: 1.2}\n",
            "f.yaml:23:14: options.station.radiators.site.emissivity: input should be less "
            "than or equal to 1; found 1.2",
        ),
        (
            "options:\n  station:\n    reserve_days: 0\n",
            "f.yaml:22:5: options.station.reserve_days: input should be greater than 0; found 0",
        ),
        (
            "options:\n  station:\n    links: {direct_kbps: -1}\n",
            "f.yaml:22:13: options.station.links.direct_kbps: input should be greater than "
            "or equal to 0; found -1",
        ),
        (
            "options:\n  station:\n    links: {relay_kbps: .inf}\n",
            "f.yaml:22:13: options.station.links.relay_kbps: input should be a finite number; "
            "found inf",
        ),
        (
            "options:\n  station:\n    closed_loop_life_support: maybe\n",
            "f.yaml:22:5: options.station.closed_loop_life_support: input should be true or "
            "false; found 'maybe'",
        ),
        (
            "options:\n  interop: {unknown_verdict: fatal}\n",
            "f.yaml:21:13: options.interop.unknown_verdict: input should be 'warning' or "
            "'error'; found 'fatal'",
        ),
        (
            "options:\n  ledger: {contribution_basis: mass}\n",
            "f.yaml:21:12: options.ledger.contribution_basis: input should be 'mass_landed', "
            "'mass_launched', 'cost', 'energy_supplied' or 'crew_seats'; found 'mass'",
        ),
        (
            "options:\n  ledger: {contribution_basis: {mass_landed: 0}}\n",
            "f.yaml:21:12: options.ledger.contribution_basis: a weighted mix needs at least "
            "one weight above 0, e.g. {mass_landed: 0.5, cost: 0.5}",
        ),
        (
            "options:\n  ledger: {contribution_basis: {mas_landed: 1}}\n",
            "f.yaml:21:33: options.ledger.contribution_basis.mas_landed: unknown field "
            "'mas_landed'; did you mean 'mass_landed'? allowed: cost, crew_seats, energy_supplied, mass_landed, mass_launched",
        ),
        (
            "options:\n  ledger: {contribution_basis: {cost: -1}}\n",
            "f.yaml:21:33: options.ledger.contribution_basis.cost: input should be greater "
            "than or equal to 0; found -1",
        ),
        (
            "options:\n  statoin: {}\n",
            "f.yaml:21:3: options.statoin: unknown field 'statoin'; did you mean 'station'? "
            "allowed: interop, ledger, logistics, station",
        ),
    ],
)
def test_bad_option_is_located_and_explained(options: str, expected: str) -> None:
    assert text_issues(options) == [expected]


def test_every_bad_option_is_reported_together() -> None:
    issues = text_issues(
        """
        options:
          station:
            survival_reserve_share: 1.5
            radiators: {nowhere: {}}
          interop: {unknown_verdict: fatal}
        """
    )
    # field errors first; the cross-reference check runs on a field-valid scenario
    assert [issue.split(": ")[1] for issue in issues] == [
        "options.station.survival_reserve_share",
        "options.interop.unknown_verdict",
    ]


def test_bad_option_exits_2(
    write_scenario: WriteScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_scenario("bad.yaml", "options:\n  station:\n    reserve_days: -1\n")
    assert main(["validate", "minimal", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:5: options.station.reserve_days: input should be greater than 0" in err
    assert "Traceback" not in err


# --- overlay: deep merge, locations follow the values ---------------------------------------

EARLIER = """
options:
  station:
    shed_order: [life_support, operations, science]
    reserve_days: 10
    radiators:
      ridge: {area_m2: 80, emissivity: 0.8}
  interop:
    unknown_verdict: error
  ledger:
    contribution_basis: {mass_landed: 0.5, cost: 0.5}
"""


def test_later_file_overrides_only_the_options_it_gives(write_scenario: WriteScenario) -> None:
    earlier = write_scenario("earlier.yaml", EARLIER)
    later = write_scenario(
        "later.yaml",
        "options:\n  station:\n    reserve_days: 7\n    radiators: {ridge: {area_m2: 60}}\n",
    )
    options = load_scenario("minimal", earlier, later).options
    assert options.station.reserve_days == 7
    assert options.station.shed_order == ("life_support", "operations", "science")
    assert options.station.radiators["ridge"] == RadiatorOptions(area_m2=60, emissivity=0.8)
    assert options.interop.unknown_verdict == "error"
    assert options.ledger.contribution_basis == ContributionWeights(mass_landed=0.5, cost=0.5)


def test_lists_and_the_weighted_mix_are_replaced_whole(write_scenario: WriteScenario) -> None:
    earlier = write_scenario("earlier.yaml", EARLIER)
    later = write_scenario(
        "later.yaml",
        """
        options:
          station: {shed_order: [science, life_support, operations]}
          ledger: {contribution_basis: {mass_launched: 1}}
        """,
    )
    options = load_scenario("minimal", earlier, later).options
    assert options.station.shed_order == ("science", "life_support", "operations")
    assert options.ledger.contribution_basis == ContributionWeights(mass_launched=1)
    by_name = write_scenario("by-name.yaml", "options: {ledger: {contribution_basis: cost}}\n")
    assert load_scenario("minimal", earlier, by_name).options.ledger.contribution_basis == "cost"
    mix_again = write_scenario("mix.yaml", "options: {ledger: {contribution_basis: {cost: 2}}}\n")
    basis = load_scenario("minimal", by_name, mix_again).options.ledger.contribution_basis
    assert basis == ContributionWeights(cost=2)


def test_error_points_at_the_file_that_wrote_the_value(write_scenario: WriteScenario) -> None:
    earlier = write_scenario(
        "earlier.yaml",
        """
        options:
          station:
            radiators:
              ridge: {area_m2: 80, emissivity: 1.5}
            reserve_days: 10
        """,
    )
    later = write_scenario(
        "later.yaml",
        """
        options:
          interop: {unknown_verdict: error}
          station:
            radiators:
              ridge: {area_m2: 60}
            backlog_window_days: 0
        """,
    )
    assert issues_of("minimal", earlier, later) == [
        f"{earlier}:4:28: options.station.radiators.ridge.emissivity: input should be less "
        "than or equal to 1; found 1.5",
        f"{later}:6:5: options.station.backlog_window_days: input should be greater than 0; "
        "found 0",
    ]


def test_unknown_radiator_site_points_at_its_file(write_scenario: WriteScenario) -> None:
    earlier = write_scenario(
        "earlier.yaml", "options:\n  station:\n    radiators:\n      rigde: {area_m2: 80}\n"
    )
    later = write_scenario(
        "later.yaml", "options:\n  station:\n    radiators:\n      ridge: {area_m2: 60}\n"
    )
    assert issues_of("minimal", earlier, later) == [
        f"{earlier}:4:7: options.station.radiators.rigde: unknown surface site 'rigde'; "
        "did you mean 'ridge'? allowed: ridge"
    ]


def test_replaced_value_is_located_in_the_replacing_file(write_scenario: WriteScenario) -> None:
    earlier = write_scenario("earlier.yaml", EARLIER)
    later = write_scenario(
        "later.yaml", "options:\n  ledger:\n    contribution_basis: {mass_landed: 0}\n"
    )
    assert issues_of("minimal", earlier, later) == [
        f"{later}:3:5: options.ledger.contribution_basis: a weighted mix needs at least one "
        "weight above 0, e.g. {mass_landed: 0.5, cost: 0.5}"
    ]


def test_overridden_bad_value_is_no_error(write_scenario: WriteScenario) -> None:
    earlier = write_scenario("earlier.yaml", "options: {station: {shed_order: [science]}}\n")
    later = write_scenario(
        "later.yaml", "options: {station: {shed_order: [operations, science, life_support]}}\n"
    )
    scenario = load_scenario("minimal", earlier, later)
    assert scenario.options.station.shed_order[0] == "operations"


def test_error_in_minimal_overlay_is_never_located_in_the_builtin(
    write_scenario: WriteScenario,
) -> None:
    later = write_scenario("later.yaml", "\noptions:\n  station: {reserve_days: 9999}\n")
    (issue,) = issues_of("minimal", later)
    assert issue.startswith(f"{later}:2:13: options.station.reserve_days:")
    assert MINIMAL not in issue


# --- JSON Schema ---------------------------------------------------------------------------


def test_schema_describes_options() -> None:
    schema = scenario_schema()
    definitions = schema["$defs"]
    options = schema["properties"]["options"]
    assert options["$ref"] == "#/$defs/ScenarioOptions"
    assert "Modelling choices" in options["description"]
    assert set(definitions["ScenarioOptions"]["properties"]) == {
        "station", "interop", "ledger", "logistics",
    }  # fmt: skip
    transfer_dv = definitions["LogisticsModelOptions"]["properties"]["transfer_dv"]
    assert transfer_dv["enum"] == ["network", "orbits"]
    assert transfer_dv["default"] == "network"
    station = definitions["StationModelOptions"]["properties"]
    assert set(station) == {
        "survival_reserve_share",
        "shed_order",
        "radiators",
        "reserve_days",
        "backlog_window_days",
        "closed_loop_life_support",
        "links",
    }
    assert all(field.get("description") for field in station.values())
    assert station["survival_reserve_share"]["maximum"] == 1.0
    assert station["shed_order"]["items"]["enum"] == ["science", "operations", "life_support"]
    radiator = definitions["RadiatorOptions"]["properties"]
    assert "ENGINEERING ESTIMATE" in radiator["area_m2"]["description"]
    assert definitions["RadiatorOptions"]["additionalProperties"] is False
    verdict = definitions["InteropModelOptions"]["properties"]["unknown_verdict"]
    assert verdict["enum"] == ["warning", "error"]
    assert "INTERFACE_UNVERIFIED" in verdict["description"]
    basis = definitions["LedgerModelOptions"]["properties"]["contribution_basis"]
    assert basis["default"] == "mass_landed"
    assert {"$ref": "#/$defs/ContributionWeights"} in basis["oneOf"]
    assert set(definitions["ContributionWeights"]["properties"]) == {
        "mass_landed",
        "mass_launched",
        "cost",
        "energy_supplied",
        "crew_seats",
    }
    assert set(definitions["LinkOptions"]["properties"]) == {"direct_kbps", "relay_kbps"}


def option_paths(model: type[pydantic.BaseModel] = ScenarioOptions, prefix: str = "") -> list[str]:
    """Dotted path of every option, as docs/scenarios.md names them."""
    paths: list[str] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            paths += option_paths(annotation, f"{path}.")
        elif name == "radiators":
            paths += [path, *option_paths(RadiatorOptions, f"{path}.<site>.")]
        else:
            paths.append(path)
    return paths


def test_options_doc_lists_every_option() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    section = doc.split("## Options", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| `")]
    assert rows == [f"`{path}`" for path in option_paths()]


def test_options_doc_example_loads() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    section = doc.split("## Options", 1)[1].split("\n## ", 1)[0]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    minimal = (_builtin_dir() / "minimal.yaml").read_text(encoding="utf-8")
    options = loads_scenario(minimal + example).options
    assert options.station.radiators["ridge"].area_m2 == 60
    assert options.ledger.contribution_basis == ContributionWeights(mass_landed=0.5, cost=0.5)
