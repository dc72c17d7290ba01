"""Rocket equation and stack flying, checked against SpaceNet's published QS1 residuals.

Reference: shared/reference/spacenet.md §3.3 case V2 (SpaceNet Java 2.5 run on
``completed_quick_start_1.xml``, the Constellation lunar sortie; g0 = 9.81 m/s² as in
SpaceNet). Inputs (§3.1): Ares I first stage 105,000 kg dry / 620,000 kg propellant / Isp
267 s, upper stage 12,000 / 125,000 / 448 s, Orion CM 8,000 + 175 kg RCS, LAS 6,000 kg,
Orion SM 3,000 + 10,000 kg, 4 crew × 100 kg; KSC–LEO 9,500 m/s. Ares V: SRBs 210,000 /
1,375,000 / 270 s, core 175,000 / 1,587,000 / 414 s, EDS 26,000 / 253,000 / 448 s, Altair
AM 3,000 + 3,000, DM 12,000 + 24,900 + 425 RCS, 500 kg cargo.
Published results: Ares I launch stack 889,575 kg, first stage dry after 3,127.14 m/s,
upper stage ends with 3,619.57 kg; Ares V stack 3,669,825 kg, SRBs dry after 1,243.53 m/s,
core after 5,816.62 m/s, EDS ends with 115,470.64 kg after ascent.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lunarstation.constants import SPACENET_GRAVITY_M_S2
from lunarstation.logistics.rocket import delta_v_from_propellant, propellant_for_delta_v
from lunarstation.logistics.transport import Burn, Stack, Staging, Tank, Vehicle, fly

KG = 0.05  # SpaceNet prints two decimals
M_S = 0.01


def ares_i() -> Stack:
    return Stack(
        {
            "first": Vehicle("first", 105_000, {"main": Tank(620_000, 267)}),
            "upper": Vehicle("upper", 12_000, {"main": Tank(125_000, 448)}),
            "cm": Vehicle("cm", 8_000, {"attitude": Tank(175, 301)}),
            "las": Vehicle("las", 6_000),
            "sm": Vehicle("sm", 3_000, {"main": Tank(10_000, 328)}),
        },
        payload_kg=4 * 100,
    )


def test_ares_i_ascent_matches_spacenet_qs1() -> None:
    stack = ares_i()
    assert stack.mass_kg == pytest.approx(889_575, abs=KG)
    records = fly(
        stack,
        [
            Burn(9_500, ("first", "upper"), label="KSC-LEO"),
        ],
        SPACENET_GRAVITY_M_S2,
    )
    # Without staging in between, the upper stage must lift the dead first stage: short.
    assert records[0].missing_delta_v_m_s > 0


def test_ares_i_with_staging_matches_spacenet_residuals() -> None:
    stack = ares_i()
    first = fly(stack, [Burn(9_500, ("first",))], SPACENET_GRAVITY_M_S2)[0]
    assert first.delta_v_m_s == pytest.approx(3_127.14, abs=M_S)
    remaining = first.missing_delta_v_m_s
    fly(
        stack,
        [Staging("first"), Staging("las"), Burn(remaining, ("upper",))],
        SPACENET_GRAVITY_M_S2,
    )
    assert stack.vehicles["upper"].tanks["main"].propellant_kg == pytest.approx(3_619.57, abs=KG)


def test_ares_v_ascent_matches_spacenet_residuals() -> None:
    stack = Stack(
        {
            "srb": Vehicle("srb", 210_000, {"main": Tank(1_375_000, 270)}),
            "core": Vehicle("core", 175_000, {"main": Tank(1_587_000, 414)}),
            "eds": Vehicle("eds", 26_000, {"main": Tank(253_000, 448)}),
            "am": Vehicle("am", 3_000, {"main": Tank(3_000, 320)}),
            "dm": Vehicle("dm", 12_000, {"main": Tank(24_900, 448), "attitude": Tank(425, 300)}),
        },
        payload_kg=500,
    )
    assert stack.mass_kg == pytest.approx(3_669_825, abs=KG)
    g0 = SPACENET_GRAVITY_M_S2
    (srb,) = fly(stack, [Burn(9_500, ("srb",))], g0)
    assert srb.delta_v_m_s == pytest.approx(1_243.53, abs=M_S)
    _, core = fly(stack, [Staging("srb"), Burn(srb.missing_delta_v_m_s, ("core",))], g0)
    assert core.delta_v_m_s == pytest.approx(5_816.62, abs=M_S)
    fly(stack, [Staging("core"), Burn(core.missing_delta_v_m_s, ("eds",))], g0)
    assert stack.vehicles["eds"].tanks["main"].propellant_kg == pytest.approx(115_470.64, abs=KG)


def test_rocket_equation_round_trip_by_hand() -> None:
    # 10 t stack, Isp 320 s, g0 9.80665: Δv 1,000 m/s needs 10,000·(1 − e^(−1000/3138.128)) kg
    propellant = propellant_for_delta_v(10_000.0, 1_000.0, 320.0)
    assert propellant == pytest.approx(2_728.78, abs=0.01)
    assert delta_v_from_propellant(10_000.0, propellant, 320.0) == pytest.approx(1_000.0, abs=1e-9)


masses = st.floats(min_value=1.0, max_value=1e6)


@given(
    dry=st.lists(masses, min_size=1, max_size=4),
    fuel=st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=4, max_size=4),
    isp=st.lists(st.floats(min_value=100.0, max_value=1000.0), min_size=4, max_size=4),
    payload=st.floats(min_value=0.0, max_value=1e5),
    delta_v=st.lists(st.floats(min_value=0.0, max_value=5_000.0), min_size=1, max_size=4),
)
def test_mass_is_conserved_along_every_leg(
    dry: list[float], fuel: list[float], isp: list[float], payload: float, delta_v: list[float]
) -> None:
    names = [f"v{i}" for i in range(len(dry))]
    stack = Stack(
        {
            n: Vehicle(n, d, {"main": Tank(f, i)})
            for n, d, f, i in zip(names, dry, fuel, isp, strict=False)
        },
        payload_kg=payload,
    )
    initial = stack.mass_kg
    actions: list[Burn | Staging] = [Burn(dv, tuple(names)) for dv in delta_v]
    records = fly(stack, [*actions, Staging(names[0])])
    burned = sum(r.propellant_kg for r in records)
    staged = records[-1].mass_before_kg - records[-1].mass_after_kg
    # propellant burned + what was dropped + what flies on = what left the pad
    assert burned + staged + stack.mass_kg == pytest.approx(initial, rel=1e-9)
    assert all(r.propellant_kg >= 0 and r.missing_delta_v_m_s >= 0 for r in records)
    assert all(t.propellant_kg >= 0 for v in stack.vehicles.values() for t in v.tanks.values())
