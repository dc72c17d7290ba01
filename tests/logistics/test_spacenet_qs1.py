"""SpaceNet's QS1 lunar sortie flown from a scenario file: every published residual.

Reference: shared/reference/spacenet.md §3.3 case V2 — SpaceNet Java 2.5 run on
``completed_quick_start_1.xml`` (the Constellation sortie): launch mass 4,559,400 kg
(889,575 Ares I stack + 3,669,825 Ares V stack); Ares I upper stage ends with 3,619.57 kg;
EDS 115,470.64 kg after the ascent and 9,623.24 kg after TLI;
Altair DM RCS 380.57 → 336.17 kg; DM main after LOI 12,203.89 and after descent
573.73 kg; DM RCS 262.27 kg; Altair AM 76.97 kg after ascent (OMS), then 39.49 kg (RCS,
same tank); Orion SM 6,244.10 → 4,768.59 → 3,149.16 (OMS) → 3,133.11 → 3,117.07 (RCS,
shared tank); Orion CM RCS 160.32 kg. The built-in scenario ``spacenet-qs1``
uses the XML semantics: separate and shared attitude tanks, stagings inside burns, the
crew moving from Orion to Altair and back, cargo unloaded and samples loaded.
SpaceNet prints two decimals, so the tolerance is 0.01 kg (plus rounding).
"""

from __future__ import annotations

import pandas as pd
import pytest

from lunarstation.logistics.flight import Fate, element_fates
from lunarstation.scenario import Scenario, load_scenario
from tests.support import engine_result

KG = 0.015


@pytest.fixture(scope="module")
def qs1() -> Scenario:
    return load_scenario("spacenet-qs1")


@pytest.fixture(scope="module")
def burns(qs1: Scenario) -> pd.DataFrame:
    result = engine_result(qs1, "logistics")
    assert result.findings == ()
    table: pd.DataFrame = result.tables["burns"]
    return table[table["action"] == "burn"].reset_index(drop=True)


def residuals(qs1: Scenario, burns: pd.DataFrame, vehicle: str, loaded: float) -> list[float]:
    """What is left in ``vehicle``'s tank after each of its burns."""
    used = burns.loc[burns["vehicles"] == vehicle, "propellant_kg"].cumsum()
    return [loaded - u for u in used]


def test_launch_mass_and_ascents(qs1: Scenario, burns: pd.DataFrame) -> None:
    (launch,) = engine_result(qs1, "timeline").summary.model_dump()["launch_margins"]
    assert launch["payload_kg"] == pytest.approx(889_575 + 3_669_825, abs=KG)
    assert launch["margin_kg"] is None  # the ascent is flown stage by stage
    ares_i, ares_v = burns.iloc[0], burns.iloc[1]
    assert ares_i["mass_before_kg"] == pytest.approx(889_575, abs=KG)
    assert ares_v["mass_before_kg"] == pytest.approx(3_669_825, abs=KG)
    # first stage, SRBs and core burn dry; what the upper stage and the EDS burn is the rest
    assert 125_000 - (ares_i["propellant_kg"] - 620_000) == pytest.approx(3_619.57, abs=KG)
    eds_left = 253_000 - (ares_v["propellant_kg"] - 1_375_000 - 1_587_000)
    assert eds_left == pytest.approx(115_470.64, abs=KG)


def test_every_v2_residual_is_reproduced(qs1: Scenario, burns: pd.DataFrame) -> None:
    assert residuals(qs1, burns, "eds", 115_470.64) == pytest.approx([9_623.24], abs=KG)
    dm = burns[burns["vehicles"] == "altair-dm"]
    dm_rcs = 425 - dm["propellant_kg"].where(dm["delta_v_m_s"] < 20, 0).cumsum()
    dm_main = 24_900 - dm["propellant_kg"].where(dm["delta_v_m_s"] >= 20, 0).cumsum()
    assert list(dm_rcs)[:2] == pytest.approx([380.57, 336.17], abs=KG)
    assert list(dm_main)[2] == pytest.approx(12_203.89, abs=KG)  # after LOI
    assert list(dm_main)[3] == pytest.approx(573.73, abs=KG)  # after descent
    assert list(dm_rcs)[4] == pytest.approx(262.27, abs=KG)
    assert residuals(qs1, burns, "altair-am", 3_000) == pytest.approx([76.97, 39.49], abs=KG)
    assert residuals(qs1, burns, "orion-sm", 10_000) == pytest.approx(
        [6_244.10, 4_768.59, 3_149.16, 3_133.11, 3_117.07], abs=KG
    )
    assert residuals(qs1, burns, "orion-cm", 175) == pytest.approx([160.32], abs=KG)


def test_summary_reports_the_tightest_leg(qs1: Scenario) -> None:
    result = engine_result(qs1, "logistics")
    (row,) = result.summary.model_dump()["missions"]
    # Ascent: 39.49 kg left in the AM's shared tank on a 3,539.49 kg stack at Isp 320 s.
    assert row["tightest_leg"] == {"origin": "lsp", "destination": "llpo"}
    assert row["delta_v_margin_m_s"] == pytest.approx(320 * 9.81 * 0.011220, abs=0.05)
    assert row["delta_v_required_m_s"] == pytest.approx(2 * 9_500 + 4_104 + 2_041 + 1_906 + 1_233.8)


def test_what_stays_on_the_surface_comes_from_the_plan(qs1: Scenario) -> None:
    (mission,) = qs1.missions
    assert element_fates(mission) == {
        **dict.fromkeys(
            ["ares-i-first", "ares-i-upper", "orion-las", "ares-v-srb", "ares-v-core"],
            Fate.NEVER_ARRIVES,  # staged on the way up
        ),
        "eds": Fate.NEVER_ARRIVES,  # jettisoned after TLI
        "orion-cm": Fate.NEVER_ARRIVES,  # waits in LLPO, returns to Earth
        "orion-sm": Fate.NEVER_ARRIVES,
        "altair-am": Fate.DEPARTS,  # leaves after the 7-day stay
        "altair-dm": Fate.STAYS,
    }
    deliveries = engine_result(qs1, "timeline").output.deliveries
    by_item = deliveries.set_index("item")
    assert set(by_item.index) == {"altair-am", "altair-dm", "science-cargo"}
    assert by_item.loc["altair-am", "departure"] == pd.Timestamp("2019-06-12T12:00Z")
    assert pd.isna(by_item.loc["altair-dm", "departure"])


def test_what_lands_arrives_with_what_is_left_in_its_tanks(qs1: Scenario) -> None:
    result = engine_result(qs1, "timeline")
    by_item = result.output.deliveries.set_index("item")
    # Altair DM on the surface: 12,000 kg dry + 573.73 kg main + 262.27 kg RCS (V2 residuals);
    # it burned 24,900 − 573.73 + 425 − 262.27 kg on the way, which is not mass delivered.
    dm = by_item.loc["altair-dm"]
    assert dm["mass_kg"] == pytest.approx(12_000 + 573.73 + 262.27, abs=2 * KG)
    assert dm["propellant_kg"] == pytest.approx(573.73 + 262.27, abs=2 * KG)
    assert dm["burned_propellant_kg"] == pytest.approx(24_900 - 573.73 + 425 - 262.27, abs=2 * KG)
    # The ascent module lands full (3,000 + 3,000 kg; the crew is not its mass) and leaves.
    am = by_item.loc["altair-am"]
    assert am["mass_kg"] == pytest.approx(6_000, abs=KG)
    assert by_item.loc["science-cargo", "mass_kg"] == pytest.approx(500, abs=1e-9)
    delivered = result.summary.model_dump()["mass_delivered_by_partner_kg"]["nasa"]
    assert delivered == pytest.approx(12_836.00 + 500, abs=2 * KG)
