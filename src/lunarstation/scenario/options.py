"""Modelling choices a scenario makes: the ``options:`` section, one sub-section per engine.

Each option has a default that reproduces the engines' behaviour when the
section is absent. The engines read these models from the resolved scenario;
nothing here knows how an engine uses them.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal, get_args

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from lunarstation.scenario.base import Identifier, Model

ShedLevel = Literal["science", "operations", "life_support"]
"""A load level that can be shed when power is short (survival loads never are)."""

SHED_LEVELS: tuple[str, ...] = get_args(ShedLevel)

ContributionBasisName = Literal[
    "mass_landed", "mass_launched", "cost", "energy_supplied", "crew_seats"
]
"""A single measure a partner's contribution share can be counted in."""

Weight = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class RadiatorOptions(Model):
    """The heat-rejection system of one site: radiating area, emissivity, operating temperature."""

    area_m2: Annotated[float, Field(gt=0.0, le=100_000.0)] = 40.0
    """Radiating area, m². ENGINEERING ESTIMATE: ISS-class panel area for a ~10 kW habitat
    heat load."""
    emissivity: Annotated[float, Field(gt=0.0, le=1.0)] = 0.9
    """Infrared emissivity, 0–1 (typical white-paint / silver-Teflon radiator, engineering value)."""
    temperature_k: Annotated[float, Field(gt=0.0, le=1000.0)] = 275.0
    """Radiator operating temperature, K (water loop ≈ 2 °C)."""


class LinkOptions(Model):
    """Communication link rates of every site, kbit/s; unset: the comms model's defaults."""

    direct_kbps: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] | None = None
    """Direct-to-Earth rate while Earth is above the horizon, kbit/s; default: the comms
    model's DIRECT_TO_EARTH_KBPS (6000, Queqiao-2 S-band class estimate)."""
    relay_kbps: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] | None = None
    """Rate through a relay satellite while one is in view, kbit/s; default: the comms
    model's RELAY_KBPS (100 000, Queqiao-2 Ka-band average)."""


class StationModelOptions(Model):
    """Modelling choices of the station engine (power, life support, thermal, comms)."""

    survival_reserve_share: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    """Share of usable battery energy kept for survival loads only (night mode), 0–1; 0 lets
    every level draw the battery until it is empty. Default 0.5, a modelling choice: real
    landers hibernate through the night (Chang'e-3/-4, lunar-environment.md §4) instead of
    running operations until the battery is flat."""
    shed_order: tuple[ShedLevel, ...] = ("science", "operations", "life_support")
    """Order in which load levels are shed when power is short, first shed first; each of
    science, operations and life_support exactly once (survival loads are never shed)."""
    radiators: dict[Identifier, RadiatorOptions] = Field(default_factory=dict)
    """Radiators per surface-site id; a site without an entry gets radiators sized (at
    275 K) for its peak heat, so only declared radiators can limit heat rejection."""
    reserve_days: Annotated[float, Field(gt=0.0, le=3650.0)] = 14.0
    """CONSUMABLE_LOW is reported below this many days of the current crew's need, days."""
    backlog_window_days: Annotated[float, Field(gt=0.0, le=3650.0)] = 30.0
    """DATA_BACKLOG is reported when the data backlog never empties and grows over this
    last window, days."""
    closed_loop_life_support: bool = False
    """Closed-loop life support (BVAD: 98 % water recovery, 50 % O2 recovery by Sabatier,
    O2 made by electrolysis, which draws power) instead of the open loop (everything
    consumed is resupplied)."""
    links: LinkOptions = LinkOptions()
    """Communication link rates."""

    @field_validator("shed_order")
    @classmethod
    def _permutation(cls, order: tuple[str, ...]) -> tuple[str, ...]:
        counts = Counter(order)
        missing = [level for level in SHED_LEVELS if level not in counts]
        repeated = [level for level in SHED_LEVELS if counts[level] > 1]
        if missing or repeated:
            problems = [f"missing {', '.join(missing)}"] if missing else []
            problems += [f"repeated {', '.join(repeated)}"] if repeated else []
            raise ValueError(
                f"shed_order must name each of {', '.join(SHED_LEVELS)} exactly once "
                f"({'; '.join(problems)})"
            )
        return order


class InteropModelOptions(Model):
    """Modelling choices of the interoperability engine."""

    unknown_verdict: Literal["warning", "error"] = "warning"
    """Severity of a docking whose compatibility is unknown or only claimed
    (INTERFACE_UNVERIFIED): 'warning' (default), or 'error' to make such a docking fail
    the run."""


class ContributionWeights(Model):
    """A weighted mix of contribution measures; weights are relative (only their ratios count)."""

    mass_landed: Weight = 0.0
    """Weight of the mass landed at (or delivered to) its destination."""
    mass_launched: Weight = 0.0
    """Weight of the mass launched from Earth."""
    cost: Weight = 0.0
    """Weight of the estimated cost (elements' and launches' cost_musd)."""
    energy_supplied: Weight = 0.0
    """Weight of the energy the partner's elements supplied to the station grids, kWh."""
    crew_seats: Weight = 0.0
    """Weight of the crew seats the partner's vehicles provided."""

    @model_validator(mode="after")
    def _some_weight(self) -> ContributionWeights:
        weights = (self.mass_landed, self.mass_launched, self.cost, self.energy_supplied,
                   self.crew_seats)  # fmt: skip
        if not any(weights):
            raise ValueError(
                "a weighted mix needs at least one weight above 0, "
                "e.g. {mass_landed: 0.5, cost: 0.5}"
            )
        return self


def _basis_kind(value: Any) -> str:
    return "weights" if isinstance(value, (dict, ContributionWeights)) else "name"


ContributionBasis = Annotated[
    Annotated[ContributionBasisName, Tag("name")] | Annotated[ContributionWeights, Tag("weights")],
    Discriminator(_basis_kind),
]
"""One measure by name, or a mapping of measures to weights."""


class LedgerModelOptions(Model):
    """Modelling choices of the partners' contribution and benefit ledger."""

    contribution_basis: ContributionBasis = "mass_landed"
    """What a partner's contribution share is counted in: mass landed at its destination
    (mass_landed, default), mass launched (mass_launched), estimated cost (cost), energy
    supplied to the station grids (energy_supplied), crew seats provided (crew_seats), or
    a weighted mix such as {mass_landed: 0.5, cost: 0.5}."""


TransferDvSource = Literal["network", "orbits"]
"""Where the LLO ↔ NRHO legs take their Δv from (``options.logistics.transfer_dv``)."""


class LogisticsModelOptions(Model):
    """Modelling choices of the timeline and logistics engines."""

    transfer_dv: TransferDvSource = "network"
    """Δv of the LLO ↔ NRHO legs: the transfer network's fixed edge (network, default:
    SpaceNet QS3's 126.4 + 648.6 m/s) or the orbits model's two-impulse transfer from the
    LLO to the NRHO's first perilune of the run (orbits; orbits/rendezvous.py). A
    scenario's own ``network:`` edge for those ends still wins."""


class ScenarioOptions(Model):
    """Modelling choices of the engines, one section per engine; every option has a default."""

    station: StationModelOptions = StationModelOptions()
    """Station engine: power shedding, reserves, radiators, life-support loop, links."""
    interop: InteropModelOptions = InteropModelOptions()
    """Interoperability engine: how unverified interfaces count."""
    ledger: LedgerModelOptions = LedgerModelOptions()
    """Partners' ledger: what contributions are counted in."""
    logistics: LogisticsModelOptions = LogisticsModelOptions()
    """Timeline and logistics engines: where transfer Δv figures come from."""
