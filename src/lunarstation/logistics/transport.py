"""Flying a stack through a sequence of burns and stagings, re-weighing it after each action.

The semantics follow SpaceNet's ``BurnEvent`` (shared/reference/spacenet.md §2.3), kept
where they are good and made explicit where they were implicit:

* the stack mass is every vehicle's dry mass, the contents of every tank, and the payload
  (crew, cargo, passive elements), recomputed before each action;
* a :class:`Burn` names the vehicles that fire, in order, and the tank kind (``main`` or
  ``attitude``, SpaceNet's OMS/RCS); each vehicle burns what the remaining Δv needs or, if
  its tank is too small, all of it, and passes the rest of the Δv to the next one;
* a :class:`Staging` drops a vehicle (and its unburned propellant) from the stack;
* Δv still missing at the end of a burn is a shortfall, reported with the propellant that
  would have covered it — never silently ignored.

Everything is plain data: no scenario, no I/O, so Monte Carlo code can call it directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lunarstation.constants import STANDARD_GRAVITY_M_S2
from lunarstation.logistics.rocket import delta_v_from_propellant, propellant_for_delta_v


@dataclass
class Tank:
    """Propellant in one tank: what is left and the engine's specific impulse (s)."""

    propellant_kg: float
    isp_s: float


@dataclass
class Vehicle:
    """A propulsive (or passive) element in a stack: dry mass and tanks by kind."""

    name: str
    dry_mass_kg: float
    tanks: dict[str, Tank] = field(default_factory=dict)

    @property
    def mass_kg(self) -> float:
        """Dry mass plus every tank's contents, kg."""
        return self.dry_mass_kg + sum(tank.propellant_kg for tank in self.tanks.values())


@dataclass(frozen=True)
class Burn:
    """A Δv to gain, fired by ``vehicles`` in order from their ``tank`` kind."""

    delta_v_m_s: float
    vehicles: tuple[str, ...]
    tank: str = "main"
    label: str = ""


@dataclass(frozen=True)
class Staging:
    """Drop a vehicle (with whatever propellant it still holds) from the stack."""

    vehicle: str
    label: str = ""


@dataclass(frozen=True)
class Record:
    """What one action did: masses before and after, propellant used, Δv achieved or missing."""

    action: str
    label: str
    mass_before_kg: float
    mass_after_kg: float
    propellant_kg: float
    delta_v_m_s: float
    missing_delta_v_m_s: float = 0.0
    missing_propellant_kg: float = 0.0


@dataclass
class Stack:
    """Vehicles flying together plus passive payload (crew, cargo), kg."""

    vehicles: dict[str, Vehicle]
    payload_kg: float = 0.0

    @property
    def mass_kg(self) -> float:
        """Total mass of the stack, kg."""
        return self.payload_kg + sum(v.mass_kg for v in self.vehicles.values())


def fly(
    stack: Stack,
    actions: Sequence[Burn | Staging],
    g0_m_s2: float = STANDARD_GRAVITY_M_S2,
) -> list[Record]:
    """Apply ``actions`` to ``stack`` in order (the stack is changed in place).

    Raises:
        KeyError: an action names a vehicle that is not (or no longer) in the stack.
    """
    records = []
    for action in actions:
        if isinstance(action, Staging):
            before = stack.mass_kg
            stack.vehicles.pop(action.vehicle)
            records.append(
                Record("stage", action.label or action.vehicle, before, stack.mass_kg, 0.0, 0.0)
            )
        else:
            records.append(_burn(stack, action, g0_m_s2))
    return records


def _burn(stack: Stack, burn: Burn, g0: float) -> Record:
    before = stack.mass_kg
    remaining = burn.delta_v_m_s
    used = 0.0
    last_isp = 0.0
    for name in burn.vehicles:
        tank = stack.vehicles[name].tanks.get(burn.tank)
        if tank is None or remaining <= 0.0:
            continue
        last_isp = tank.isp_s
        mass = stack.mass_kg
        needed = propellant_for_delta_v(mass, remaining, tank.isp_s, g0)
        if needed <= tank.propellant_kg:
            tank.propellant_kg -= needed
            used += needed
            remaining = 0.0
        else:
            remaining -= delta_v_from_propellant(mass, tank.propellant_kg, tank.isp_s, g0)
            used += tank.propellant_kg
            tank.propellant_kg = 0.0
    missing_propellant = (
        propellant_for_delta_v(stack.mass_kg, remaining, last_isp, g0)
        if remaining > 0 and last_isp
        else 0.0
    )
    return Record(
        "burn", burn.label, before, stack.mass_kg, used, burn.delta_v_m_s - max(remaining, 0.0),
        max(remaining, 0.0), missing_propellant,
    )  # fmt: skip


__all__ = ["Burn", "Record", "Stack", "Staging", "Tank", "Vehicle", "fly"]
