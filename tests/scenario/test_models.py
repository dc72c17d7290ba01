"""Field-level rules of the scenario models."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

from lunarstation.scenario import Element, Mission, Orbit, Scenario, SurfaceSite


def test_scenario_is_immutable(minimal: Scenario) -> None:
    with pytest.raises(pydantic.ValidationError):
        minimal.name = "other"  # type: ignore[misc]
    assert isinstance(minimal.missions, tuple)


def test_launch_mass_counts_propellant_and_stores() -> None:
    element = Element.model_validate(
        {
            "id": "lander",
            "name": "Lander",
            "partner": "p",
            "kind": "lander",
            "dry_mass_kg": 2000,
            "propulsion": {"isp_s": 320, "propellant_capacity_kg": 5000, "propellant_kg": 4500},
            "stores": [{"resource": "o2", "capacity_kg": 100, "initial_kg": 40}],
        }
    )
    assert element.launch_mass_kg == pytest.approx(2000 + 4500 + 40, abs=1e-9)


@pytest.mark.parametrize(
    ("orbit", "message"),
    [
        ({"kind": "llo"}, "a llo orbit needs altitude_km"),
        (
            {"kind": "nrho", "libration_point": "L2", "family": "southern"},
            "needs perilune_radius_km or period_days",
        ),
        (
            {
                "kind": "elfo",
                "perilune_altitude_km": 900,
                "apolune_altitude_km": 300,
                "inclination_deg": 60,
            },
            "apolune_altitude_km must not be below perilune_altitude_km",
        ),
    ],
)
def test_orbit_parameters_depend_on_kind(orbit: dict[str, Any], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        Orbit.model_validate({"id": "o", "name": "Orbit", **orbit})


def test_horizon_table_must_be_increasing() -> None:
    points = [{"azimuth_deg": a, "elevation_deg": 1.0} for a in (0, 90, 80, 270)]
    with pytest.raises(pydantic.ValidationError, match="increase strictly"):
        SurfaceSite.model_validate(
            {"id": "s", "name": "S", "lat_deg": -89, "lon_east_deg": 0, "horizon": points}
        )


def test_crewed_mission_needs_stay_and_uncrewed_refuses_one() -> None:
    common = {
        "id": "m",
        "name": "M",
        "partners": ["p"],
        "launch": "2030-01-01",
        "launch_vehicle": "lv",
        "destination": "site",
    }
    with pytest.raises(pydantic.ValidationError, match="needs surface_days"):
        Mission.model_validate({**common, "crew": 2})
    with pytest.raises(pydantic.ValidationError, match="only meaningful for a crewed mission"):
        Mission.model_validate({**common, "surface_days": 3})


def test_bare_date_means_midnight_utc() -> None:
    mission = Mission.model_validate(
        {
            "id": "m",
            "name": "M",
            "partners": ["p"],
            "launch": "2030-01-01",
            "launch_vehicle": "lv",
            "destination": "x",
        }
    )
    assert mission.launch.isoformat() == "2030-01-01T00:00:00+00:00"
    assert mission.arrival.isoformat() == "2030-01-06T00:00:00+00:00"  # default 5-day transit


def test_campaign_span_defaults_to_stages(minimal: Scenario) -> None:
    assert minimal.start.isoformat() == "2031-01-01T00:00:00+00:00"
    assert minimal.end.isoformat() == "2031-12-31T23:00:00+00:00"


def test_a_copy_with_new_entities_finds_them_by_id() -> None:
    # pydantic copies the instance dictionary; the cached look-ups must not come along.
    from lunarstation import load_scenario

    scenario = load_scenario("minimal")
    assert scenario.by_id  # build the cache
    first = scenario.missions[0].model_copy(update={"name": "Renamed"})
    copy = scenario.model_copy(update={"missions": (first, *scenario.missions[1:])})
    assert copy.mission(first.id).name == "Renamed"
    assert scenario.mission(first.id).name != "Renamed"
    assert copy.sources == scenario.sources
