"""The timeline engine: dated events, deliveries, crew stays and launch margins (hand-checked)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation import Scenario, load_scenario
from lunarstation.logistics.fleet import DELIVERY_COLUMNS
from tests.support import BASE_YAML, WriteScenario, engine_result

KG = 1e-6  # kg tolerance: masses are sums of exact inputs


def run(scenario: Scenario) -> object:
    return engine_result(scenario, "timeline")


def test_minimal_margins_by_hand(minimal: Scenario) -> None:
    result = engine_result(minimal, "timeline")
    margins = {row["mission"]: row for row in result.summary.model_dump()["launch_margins"]}
    # heavy-a: 8,000 kg to TLI. m1 carries power-1 (1,500 kg dry).
    assert margins["m1-power"]["margin_kg"] == pytest.approx(8000 - 1500, abs=KG)
    # m2: habitat 5,000 kg dry + 100 kg O2 + 300 kg water in its stores + 100 kg food cargo.
    assert margins["m2-habitat"]["payload_kg"] == pytest.approx(5000 + 100 + 300 + 100, abs=KG)
    assert not result.findings


def test_deliveries_and_crew_stays(minimal: Scenario) -> None:
    result = engine_result(minimal, "timeline")
    deliveries: pd.DataFrame = result.output.deliveries
    assert list(deliveries["item"]) == ["power-1", "hab-1", "food", "crew-lander-1"]
    assert list(deliveries.columns) == list(DELIVERY_COLUMNS)
    # nothing fires (no propulsion declared): each arrives at its launch mass
    assert list(deliveries["mass_kg"]) == pytest.approx([1500, 5400, 100, 3000], abs=KG)
    assert set(deliveries["mass_source"]) == {"flown"}
    # arrival = launch + 5 d default transit
    assert deliveries["time"].iloc[0] == pd.Timestamp("2031-02-06T00:00:00Z")
    # the crew vehicle leaves with its crew after the 7-day stay; everything else stays
    departures = dict(zip(deliveries["item"], deliveries["departure"], strict=True))
    assert departures["crew-lander-1"] == pd.Timestamp("2031-09-13T00:00:00Z")
    assert pd.isna(departures["hab-1"])
    assert pd.isna(departures["food"])
    stays: pd.DataFrame = result.output.crew_stays
    assert stays.to_dict("records") == [
        {
            "mission": "m3-crew",
            "destination": "ridge",
            "start": pd.Timestamp("2031-09-06T00:00:00Z"),
            "end": pd.Timestamp("2031-09-13T00:00:00Z"),
            "crew": 2,
        }
    ]
    by_site = result.tables["elements_by_site"]
    assert list(by_site["ridge"]) == [1, 2, 3]


def test_overmass_is_an_error_finding(write_scenario: WriteScenario) -> None:
    heavy = BASE_YAML.replace("dry_mass_kg: 4000", "dry_mass_kg: 6500")
    scenario = load_scenario(write_scenario("heavy.yaml", heavy))
    (finding,) = engine_result(scenario, "timeline").findings
    assert finding.code == "LAUNCH_OVERMASS"
    assert finding.severity.value == "error"
    assert finding.time == datetime(2030, 6, 1, tzinfo=UTC)
    assert "by 500 kg" in finding.message


def test_failed_mission_delivers_nothing(reference: Scenario) -> None:
    result = engine_result(reference, "timeline")
    deliveries = result.output.deliveries
    assert "luna-25" not in set(deliveries["mission"])
    assert any(f.code == "MISSION_FAILED" and f.subject == "luna-25" for f in result.findings)


def test_reference_campaign_fits_its_launchers(reference: Scenario) -> None:
    result = engine_result(reference, "timeline")
    margins = [row["margin_kg"] for row in result.summary.model_dump()["launch_margins"]]
    assert all(m is not None and m >= 0 for m in margins)


def test_deliveries_never_precede_launches(reference: Scenario) -> None:
    result = engine_result(reference, "timeline")
    launches = {m.id: pd.Timestamp(m.launch) for m in reference.missions}
    deliveries = result.output.deliveries
    assert all(row.time >= launches[row.mission] for row in deliveries.itertuples())


@settings(max_examples=40, deadline=None)
@given(
    plans=st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=300.0),  # launch, days after 2031-01-01
            st.floats(min_value=0.0, max_value=40.0),  # transit, days
            st.sampled_from(["planned", "success", "failure"]),
        ),
        min_size=3,
        max_size=3,
    ),
    stay=st.floats(min_value=0.1, max_value=200.0),
)
def test_deliveries_never_precede_launches_in_any_campaign(
    spacenet_qs1: Scenario, minimal: Scenario, plans: list[tuple[float, float, str]], stay: float
) -> None:
    # Property over random launch dates, transits, outcomes and stays of the minimal
    # campaign and of a plan that leaves, jettisons and flies elements away (QS1).
    for base, start in ((minimal, datetime(2031, 1, 1, tzinfo=UTC)),
                        (spacenet_qs1, datetime(2019, 1, 1, tzinfo=UTC))):  # fmt: skip
        data = base.model_dump()
        for mission, (offset, transit, outcome) in zip(data["missions"], plans, strict=False):
            mission.update(launch=start + timedelta(days=offset), transit_days=transit,
                           outcome=outcome)  # fmt: skip
            if mission["crew"]:
                mission["surface_days"] = stay
        scenario = Scenario.model_validate(data)
        result = engine_result(scenario, "timeline")
        deliveries = result.output.deliveries
        missions = {m.id: m for m in scenario.missions}
        for row in deliveries.itertuples():
            mission = missions[str(row.mission)]
            assert row.time >= pd.Timestamp(mission.launch)
            assert pd.isna(row.departure) or row.departure >= row.time
            assert mission.outcome.value != "failure"
            # an arrival never weighs more than the launch, nor less than nothing
            assert 0 <= row.propellant_kg <= row.mass_kg
            assert row.burned_propellant_kg >= 0
        summary = result.summary.model_dump()
        staying = deliveries[deliveries["departure"].isna()]["mass_kg"].sum()
        assert sum(summary["mass_delivered_by_partner_kg"].values()) == pytest.approx(staying)
        for budget in summary["mass_by_mission"]:
            arrived = budget["delivered_kg"] + budget["leaves_again_kg"]
            assert arrived + budget["propellant_burned_before_arrival_kg"] <= (
                budget["launched_kg"] + KG
            )


@pytest.mark.parametrize(
    ("edit", "code", "severity"),
    [
        (
            ("payload_tli_kg: 6000}", "first_flight: 2020-01-01}"),
            "LAUNCH_NO_LUNAR_CAPACITY",
            "error",
        ),
        (
            ("payload_tli_kg: 6000}", "payload_tli_kg: 6000, first_flight: 2031-01-01}"),
            "LAUNCH_BEFORE_FIRST_FLIGHT",
            "warning",
        ),
        (("joined: 2021-01-01", "joined: 2030-07-01"), "PARTNER_NOT_YET_JOINED", "info"),
    ],
)
def test_dated_launch_findings(
    write_scenario: WriteScenario, edit: tuple[str, str], code: str, severity: str
) -> None:
    scenario = load_scenario(write_scenario("edit.yaml", BASE_YAML.replace(*edit)))
    (finding,) = engine_result(scenario, "timeline").findings
    assert (finding.code, finding.severity.value, finding.subject) == (code, severity, "m1")
    assert finding.time == datetime(2030, 6, 1, tzinfo=UTC)
