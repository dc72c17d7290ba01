"""Flight plans: errors a plan can contain, and mass bookkeeping through moves and stagings."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lunarstation import Scenario, ScenarioError, load_scenario
from lunarstation.logistics.transport import Burn, Move, Stack, Staging, Tank, Vehicle, fly
from lunarstation.scenario.references import check_references
from tests.logistics.test_deliveries import assert_tables_agree_with_findings
from tests.support import WriteScenario, engine_result

QS1_TEXT = (resources.files("lunarstation.scenario") / "builtin" / "spacenet-qs1.yaml").read_text(
    "utf-8"
)


def run(path: Path) -> tuple[list[tuple[str, str]], dict[str, object]]:
    scenario = load_scenario(path)
    result = engine_result(scenario, "logistics")
    return [(f.code, f.message) for f in result.findings], result.summary.model_dump()["missions"][
        0
    ]


def test_wrong_number_of_burn_sequences_is_reported(write_scenario: WriteScenario) -> None:
    text = QS1_TEXT.replace(
        "burns: [[{fire: altair-dm}], [{fire: altair-dm}]]", "burns: [[{fire: altair-dm}]]"
    )
    findings, row = run(write_scenario("qs1.yaml", text))
    ((code, message),) = findings
    assert code == "FLIGHT_PLAN_INVALID"
    assert "step 5: the path llpo > surface has 2 burn(s) but the plan gives 1" in message
    assert row["delta_v_margin_m_s"] is None


def test_unknown_node_is_reported(write_scenario: WriteScenario) -> None:
    text = QS1_TEXT.replace("- transport: pac ", "- transport: pacific ")
    findings, _ = run(write_scenario("qs1.yaml", text))
    ((code, message),) = findings
    assert code == "FLIGHT_PLAN_INVALID"
    assert "unknown network node 'pacific'" in message


def test_a_move_between_separated_elements_is_reported(write_scenario: WriteScenario) -> None:
    # Orion waits in lunar orbit: the crew cannot move into it from the surface.
    text = QS1_TEXT.replace(
        "- {move: samples, into: altair-am, mass_kg: 100}",
        "- {move: crew, out_of: altair-am, into: orion-cm}",
    )
    findings, _ = run(write_scenario("qs1.yaml", text))
    ((code, message),) = findings
    assert code == "FLIGHT_PLAN_INVALID"
    assert "altair-am at lsp, orion-cm at llpo" in message


def test_plan_must_reach_the_destination(write_scenario: WriteScenario) -> None:
    text = QS1_TEXT.replace("- transport: lsp ", "- transport: surface ")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario("qs1.yaml", text))
    (issue,) = caught.value.issues
    assert issue.field == "missions[0]"
    assert "never reaches the destination 'lsp'" in issue.message


def test_firing_an_element_without_propulsion_is_a_load_error(
    write_scenario: WriteScenario,
) -> None:
    text = QS1_TEXT.replace("- [{fire: eds}, {stage: eds}]", "- [{fire: altair-am}, {fire: eds}]")
    text = text.replace(
        "    propulsion:\n      isp_s: 320\n      propellant_capacity_kg: 3000\n"
        "      attitude: {isp_s: 300}          # shared tank\n",
        "",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario("qs1.yaml", text))
    issue, *later = caught.value.issues  # the ascent fires it too, twice
    assert len(later) == 2
    assert issue.field == "missions[0].flight.steps[2].burns[0][0].fire"
    assert issue.message == "element 'altair-am' has no propulsion to fire"


def test_shared_thrusters_cannot_hold_their_own_propellant(write_scenario: WriteScenario) -> None:
    text = QS1_TEXT.replace(
        "attitude: {isp_s: 301}          # RCS", "attitude: {isp_s: 301, propellant_kg: 5}  # RCS"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario("qs1.yaml", text))
    assert "share the main tank hold no propellant of their own" in str(caught.value)


masses = st.floats(min_value=1.0, max_value=1e5)


@given(
    dry=st.lists(masses, min_size=3, max_size=3),
    fuel=st.lists(st.floats(min_value=0.0, max_value=1e5), min_size=3, max_size=3),
    crew=st.floats(min_value=0.0, max_value=1e3),
    samples=st.floats(min_value=0.1, max_value=1e3),
    delta_v=st.lists(st.floats(min_value=0.0, max_value=4_000.0), min_size=3, max_size=3),
)
def test_mass_is_conserved_through_moves_loads_and_stagings(
    dry: list[float], fuel: list[float], crew: float, samples: float, delta_v: list[float]
) -> None:
    stack = Stack(
        {
            "a": Vehicle("a", dry[0], {"main": Tank(fuel[0], 450)}, {"crew": crew}),
            "b": Vehicle("b", dry[1], {"main": Tank(fuel[1], 320),
                                       "attitude": Tank(0, 290, shared_with="main")}),
            "c": Vehicle("c", dry[2], {"attitude": Tank(fuel[2], 300)}),
        }
    )  # fmt: skip
    initial = stack.mass_kg
    records = fly(
        stack,
        [
            Burn(delta_v[0], ("a", Staging("a"), "b")),
            Move("crew", None, "b", crew) if crew else Move("crew", None, "c", 1.0),
            Burn(delta_v[1], ("b", "c"), "attitude"),
            Move("samples", None, "c", samples),
            Move("samples", "c", None, samples / 2),
            Burn(delta_v[2], ("b",)),
        ],
    )
    burned = sum(r.propellant_kg for r in records)
    dropped = sum(r.dropped_kg for r in records)
    loaded = sum(r.loaded_kg for r in records)
    # what left the pad + what was loaded = burned + dropped + what flies on
    assert initial + loaded == pytest.approx(burned + dropped + stack.mass_kg, rel=1e-9)
    assert all(r.mass_after_kg <= r.mass_before_kg + r.loaded_kg + 1e-6 for r in records)
    assert all(t.propellant_kg >= 0 for v in stack.vehicles.values() for t in v.tanks.values())


QS1_ELEMENTS = ["eds", "orion-cm", "orion-sm", "altair-am", "altair-dm", "ares-i-first"]
NODES = ["leo", "llpo", "lsp", "pac", "surface", "tli", "nrho", "moon-base"]
burn_items = st.lists(
    st.one_of(
        st.builds(lambda e: {"fire": e}, st.sampled_from(QS1_ELEMENTS)),
        st.builds(lambda e: {"stage": e}, st.sampled_from(QS1_ELEMENTS)),
    ),
    max_size=3,
)
transports = st.builds(
    lambda node, group, burns: {
        "transport": node,
        **({"elements": group} if group else {}),
        **({"burns": burns} if burns is not None else {}),
    },
    st.sampled_from(NODES),
    st.lists(st.sampled_from(QS1_ELEMENTS), max_size=3, unique=True),
    st.none() | st.lists(burn_items, max_size=7),
)
moves = st.builds(
    lambda item, out_of, into, mass: {
        "move": item,
        "out_of": out_of,
        "into": into,
        "mass_kg": mass,
    },
    st.sampled_from(["crew", "science-cargo", "samples"]),
    st.none() | st.sampled_from(QS1_ELEMENTS),
    st.none() | st.sampled_from(QS1_ELEMENTS),
    st.none() | st.floats(min_value=0.1, max_value=1e4),
)


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(st.one_of(transports, moves), min_size=1, max_size=6),
    start=st.sampled_from(["earth", "leo", "tli"]),
)
def test_any_plan_either_loads_with_located_errors_or_flies_without_crashing(
    spacenet_qs1: Scenario, steps: list[dict[str, object]], start: str
) -> None:
    data = spacenet_qs1.model_dump(exclude_none=True)
    mission = data["missions"][0]
    mission["flight"] = {"start": start, "steps": [*steps, {"transport": "lsp"}]}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError:
        event("field error")
        return  # a field-level mistake: the loader reports it with file and line
    if check_references(scenario):
        event("reference error")
        return  # a cross-reference mistake: also reported at load time
    result = engine_result(scenario, "logistics")
    codes = {f.code for f in result.findings}
    shortfalls = {"FLIGHT_PLAN_INVALID", "PROPELLANT_SHORT", "NO_PROPULSION"}
    event("flown: " + ",".join(sorted(codes & shortfalls)))
    assert codes <= {*shortfalls, "ASSEMBLY_ORDER", "DESIGN_LIFE_EXCEEDED"}
    (row,) = result.summary.model_dump()["missions"]
    if "FLIGHT_PLAN_INVALID" in codes:
        assert row["delta_v_margin_m_s"] is None
    assert_tables_agree_with_findings(result)
    flight = result.output.missions["qs1"].transfer.flight
    if flight is not None:  # every tank stays within [0, loaded]
        assert all(t.propellant_kg >= 0 for v in flight.vehicles.values() for t in v.tanks.values())
