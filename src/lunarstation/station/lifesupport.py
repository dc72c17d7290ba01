"""Life-support consumption per crew member and day, and what a stay needs.

Rates default to NASA's Life Support Baseline Values and Assumptions Document
(BVAD, Anderson et al., NASA/TP-2015-218570) as transcribed in the TUM V-HAB
simulator; hygiene water comes from Wieland 1994 (NASA RP-1324); recovery
efficiencies from ISS ECLSS figures. Every number and its source is listed in
``shared/reference/lunar-environment.md`` §3 and repeated beside the constant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lunarstation.constants import DAY_S
from lunarstation.errors import OutOfRangeError

O2_KG_PER_CM_DAY = 0.816
"""O2 consumed, kg per crew member per day (BVAD 2015 via V-HAB; ref §3a)."""
CO2_KG_PER_CM_DAY = 1.04
"""CO2 produced, kg per crew member per day (BVAD 2015 via V-HAB; ref §3a)."""
DRINKING_WATER_KG_PER_CM_DAY = 2.5
"""Potable (drinking and food-preparation) water, kg/CM-d (BVAD 2015 via V-HAB; ref §3a)."""
FOOD_KG_PER_CM_DAY = 1.5
"""Food consumed, kg/CM-d (BVAD 2015 comparison mass via V-HAB; ref §3a)."""
HYGIENE_WATER_KG_PER_CM_DAY = 4.58
"""Hygiene water, kg/CM-d: hand & face wash 4.09 + urine flush 0.49 (Wieland 1994, NASA
RP-1324; ref §3b). Showers, dish and laundry water are left out: an assumption for short
surface stays, to be revisited for long ones."""
METABOLIC_HEAT_W_PER_CM = 136.7
"""Average metabolic heat, W per crew member (Wieland 1994, RQ 0.87; ref §3b)."""

WATER_RECOVERY_ISS = 0.98
"""Total water recovery of the ISS US segment with the Brine Processor (NASA, June 2023; ref §3c)."""
O2_RECOVERY_SABATIER = 0.50
"""Share of metabolic O2 recovered from CO2 via Sabatier (NASA 2014: 'presently limited to
50 %'; ref §3c)."""
ELECTROLYSIS_ENTHALPY_J_PER_KG_O2 = 2.0 * 285.83e3 / 0.0319988
"""Energy to split water into 1 kg of O2 at 100 % efficiency: 2 mol H2O (ΔH_f 285.83 kJ/mol,
NIST WebBook) per mol O2 (31.9988 g/mol), ≈ 17.9 MJ/kg."""
ELECTROLYSIS_EFFICIENCY = 0.6
"""Electrolyser efficiency on the higher heating value: ENGINEERING ESTIMATE (no stored
source gave the ISS OGS figure), so O2 costs ≈ 29.8 MJ/kg of electricity."""
WATER_VAPORISATION_J_PER_KG = 40.65e3 / 0.018015
"""Latent heat of vaporisation of water at 100 °C: 40.65 kJ/mol over 18.015 g/mol,
≈ 2.26 MJ/kg (textbook value, not in shared/reference; a comparison only): what plain
distillation without heat recovery would cost."""
WATER_RECOVERY_J_PER_KG = 0.5e6
"""Electricity per kg of water recovered, J: ENGINEERING ESTIMATE (no stored source gives
the power of the ISS Water Recovery System, ref §3c). 0.5 MJ/kg is about 22 % of water's
latent heat (:data:`WATER_VAPORISATION_J_PER_KG`): distillation whose heat is mostly
recovered (vapour compression, as the ISS Urine Processor does), plus pumps and the
catalytic reactor. At 98 % recovery of 7.08 kg/CM-d it is ≈ 40 W per crew member."""

RESOURCES = ("o2", "water", "food")
"""Resource ids the life-support model draws on (scenario ``resources`` ids)."""


@dataclass(frozen=True)
class LifeSupport:
    """Per-crew-member-day rates (kg) and the loop configuration.

    ``closed_loop`` applies ``water_recovery`` to drinking and hygiene water and
    ``o2_recovery`` to O2 (made by electrolysis, which draws power, as does water
    recovery: :meth:`life_support_w_per_cm`); food is never recovered. When the station
    sheds the life-support load the loop stops and the crew draws the open-loop rates
    (:meth:`open_loop_kg_per_cm_day`). ``leak_kg_per_day`` is cabin loss per resource per pressurised site,
    whether or not crew is aboard (default none: no sourced figure yet).
    """

    o2_kg: float = O2_KG_PER_CM_DAY
    drinking_water_kg: float = DRINKING_WATER_KG_PER_CM_DAY
    hygiene_water_kg: float = HYGIENE_WATER_KG_PER_CM_DAY
    food_kg: float = FOOD_KG_PER_CM_DAY
    metabolic_heat_w: float = METABOLIC_HEAT_W_PER_CM
    closed_loop: bool = False
    water_recovery: float = WATER_RECOVERY_ISS
    o2_recovery: float = O2_RECOVERY_SABATIER
    water_recovery_j_per_kg: float = WATER_RECOVERY_J_PER_KG
    leak_kg_per_day: dict[str, float] = field(default_factory=dict)
    source: str = (
        "NASA BVAD, NASA/TP-2015-218570 (via V-HAB); hygiene water Wieland 1994, NASA RP-1324"
    )

    def open_loop_kg_per_cm_day(self) -> dict[str, float]:
        """Mass drawn from stores per crew member and day with nothing recovered, kg."""
        water = self.drinking_water_kg + self.hygiene_water_kg
        return {"o2": self.o2_kg, "water": water, "food": self.food_kg}

    def net_kg_per_cm_day(self) -> dict[str, float]:
        """Mass drawn from stores per crew member and day, kg, after recovery."""
        water = self.drinking_water_kg + self.hygiene_water_kg
        if not self.closed_loop:
            return self.open_loop_kg_per_cm_day()
        return {
            "o2": self.o2_kg * (1.0 - self.o2_recovery),
            "water": water * (1.0 - self.water_recovery),
            "food": self.food_kg,
        }

    def electrolysis_w_per_cm(self) -> float:
        """Electric power to regenerate each crew member's recovered O2, W (0 when open loop)."""
        if not self.closed_loop:
            return 0.0
        o2_kg_per_s = self.o2_kg * self.o2_recovery / DAY_S
        return o2_kg_per_s * ELECTROLYSIS_ENTHALPY_J_PER_KG_O2 / ELECTROLYSIS_EFFICIENCY

    def water_recovery_w_per_cm(self) -> float:
        """Electric power to recover each crew member's water, W (0 when open loop)."""
        if not self.closed_loop:
            return 0.0
        recovered_kg_per_s = (
            (self.drinking_water_kg + self.hygiene_water_kg) * self.water_recovery / DAY_S
        )
        return recovered_kg_per_s * self.water_recovery_j_per_kg

    def life_support_w_per_cm(self) -> float:
        """The life-support load level per crew member, W: O2 electrolysis plus water
        recovery (0 when open loop)."""
        return self.electrolysis_w_per_cm() + self.water_recovery_w_per_cm()


def consumables_for(crew: int, days: float, *, closed_loop: bool = False) -> dict[str, float]:
    """Masses (kg) that ``crew`` people need for ``days`` days, per resource.

    Keys ``o2_kg``, ``water_kg``, ``food_kg``, ``electrolysis_w`` (average power the
    closed loop needs to regenerate O2, W) and ``water_recovery_w`` (average power of
    its water recovery, W).

    Raises:
        OutOfRangeError: crew below 1 or days not positive.
    """
    if crew < 1:
        raise OutOfRangeError(f"crew must be at least 1, got {crew}", value=crew, valid=(1, None))
    if not days > 0.0:
        raise OutOfRangeError(f"days must be positive, got {days}", value=days, valid=(0, None))
    model = LifeSupport(closed_loop=closed_loop)
    need = {f"{k}_kg": v * crew * days for k, v in model.net_kg_per_cm_day().items()}
    need["electrolysis_w"] = model.electrolysis_w_per_cm() * crew
    need["water_recovery_w"] = model.water_recovery_w_per_cm() * crew
    return need


__all__ = [
    "CO2_KG_PER_CM_DAY",
    "DRINKING_WATER_KG_PER_CM_DAY",
    "FOOD_KG_PER_CM_DAY",
    "HYGIENE_WATER_KG_PER_CM_DAY",
    "METABOLIC_HEAT_W_PER_CM",
    "O2_KG_PER_CM_DAY",
    "RESOURCES",
    "WATER_RECOVERY_J_PER_KG",
    "WATER_VAPORISATION_J_PER_KG",
    "LifeSupport",
    "consumables_for",
]
