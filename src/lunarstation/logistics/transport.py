"""Flying a stack through burns, stagings and transfers, re-weighing it before each action.

The semantics follow SpaceNet's ``BurnEvent`` (shared/reference/spacenet.md §2.3), kept
where they are good and made explicit where they were implicit:

* the stack mass is every vehicle's dry mass, the contents of its tanks, what it carries
  (crew, cargo, samples) and any loose payload, recomputed before each action;
* a vehicle has tanks by kind, ``main`` and ``attitude`` (SpaceNet's OMS and RCS); a kind
  may draw from another kind's tank with its own specific impulse (a shared tank, as in
  Orion's service module and Altair's ascent module);
* a :class:`Burn` is a burn-stage sequence: the vehicles that fire, in order, with
  :class:`Staging` actions between them; each vehicle burns what the remaining Δv needs or,
  if its tank is too small, all of it, and passes the rest of the Δv on — across a
  staging, as when a spent first stage drops and the upper stage takes over;
* a :class:`Move` carries crew or cargo from one vehicle to another, or loads or unloads it;
* Δv still missing at the end of a burn is a shortfall, reported with the propellant that
  would have covered it — never silently ignored; a burn that nothing fired for (no
  vehicle in the sequence has an engine for its tank) records no firing vehicles;
* a burn records the Δv its firing vehicles could still give when their firing ended,
  before a staging later in the sequence drops them (the margin of a stage jettisoned at
  the end of its last burn).

Everything is plain data: no scenario, no I/O, so Monte Carlo code can call it directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lunarstation.constants import STANDARD_GRAVITY_M_S2
from lunarstation.errors import FlightError
from lunarstation.logistics.rocket import delta_v_from_propellant, propellant_for_delta_v


@dataclass
class Tank:
    """Propellant for one kind of burn: what is left and the engine's specific impulse (s).

    ``shared_with`` names the kind whose tank this engine draws from (its own
    ``propellant_kg`` is then unused and should stay 0).
    """

    propellant_kg: float
    isp_s: float
    shared_with: str | None = None


@dataclass
class Vehicle:
    """A propulsive (or passive) element in a stack: dry mass, tanks by kind, contents."""

    name: str
    dry_mass_kg: float
    tanks: dict[str, Tank] = field(default_factory=dict)
    contents_kg: dict[str, float] = field(default_factory=dict)
    """What it carries, by item (``crew``, a cargo resource, ``samples``), kg."""

    @property
    def mass_kg(self) -> float:
        """Dry mass, every tank's contents and what it carries, kg."""
        propellant = sum(t.propellant_kg for t in self.tanks.values() if t.shared_with is None)
        return self.dry_mass_kg + propellant + sum(self.contents_kg.values())

    def engine(self, kind: str) -> tuple[Tank, float] | None:
        """The tank a burn of ``kind`` draws from and its Isp (s); None without one.

        A vehicle with a main engine but no attitude thrusters makes its attitude burns
        with the main engine (most stacks in a plan have no separate RCS data).
        """
        tank = self.tanks.get(kind)
        if tank is None and kind == "attitude":
            tank = self.tanks.get("main")
        if tank is None:
            return None
        store = self.tanks[tank.shared_with] if tank.shared_with is not None else tank
        return store, tank.isp_s

    @property
    def propellant_kg(self) -> float:
        """Propellant left in all its tanks, kg."""
        return sum(t.propellant_kg for t in self.tanks.values() if t.shared_with is None)


@dataclass(frozen=True)
class Staging:
    """Drop a vehicle (with whatever propellant and contents it still holds) from the stack."""

    vehicle: str
    label: str = ""


@dataclass(frozen=True)
class Burn:
    """A Δv to gain, fired from ``tank`` by the vehicles of ``sequence`` in order.

    Items of the sequence are vehicle names (fire) or :class:`Staging` (drop a vehicle
    and carry the Δv still to gain to the next vehicle).
    """

    delta_v_m_s: float
    sequence: tuple[str | Staging, ...]
    tank: str = "main"
    label: str = ""


@dataclass(frozen=True)
class Move:
    """Move ``mass_kg`` of ``item`` (all of it when None) from ``source`` to ``target``.

    ``source`` None loads it from outside the stack (``mass_kg`` required); ``target``
    None unloads it (it leaves the stack, e.g. cargo delivered to the surface).
    """

    item: str
    source: str | None
    target: str | None
    mass_kg: float | None = None
    label: str = ""


Action = Burn | Staging | Move


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
    vehicles: tuple[str, ...] = ()
    """Vehicles that fired (burn), were dropped (stage) or gave/took the item (move)."""
    dropped_kg: float = 0.0
    """Mass that left the stack without being burned: staged vehicles, unloaded items."""
    loaded_kg: float = 0.0
    """Mass that joined the stack from outside (items loaded), kg."""
    spare_delta_v_m_s: float = 0.0
    """Burn: Δv the vehicles that fired could still give, from the burn's tank kind, on
    the stack as it was when their firing ended — before any staging later in the
    sequence drops them (m/s)."""


@dataclass
class Stack:
    """Vehicles flying together plus loose passive payload, kg."""

    vehicles: dict[str, Vehicle]
    payload_kg: float = 0.0

    @property
    def mass_kg(self) -> float:
        """Total mass of the stack, kg."""
        return self.payload_kg + sum(v.mass_kg for v in self.vehicles.values())


def fly(
    stack: Stack,
    actions: Sequence[Action],
    g0_m_s2: float = STANDARD_GRAVITY_M_S2,
) -> list[Record]:
    """Apply ``actions`` to ``stack`` in order (the stack is changed in place).

    Raises:
        FlightError: an action names a vehicle that is not (or no longer) in the stack,
            or moves more of an item than the source holds.
    """
    records = []
    for action in actions:
        if isinstance(action, Staging):
            records.append(_stage(stack, action))
        elif isinstance(action, Move):
            records.append(_move(stack, action))
        else:
            records.append(_burn(stack, action, g0_m_s2))
    return records


def _vehicle(stack: Stack, name: str) -> Vehicle:
    try:
        return stack.vehicles[name]
    except KeyError:
        raise FlightError(f"{name!r} is not in the stack ({', '.join(stack.vehicles)})") from None


def _stage(stack: Stack, staging: Staging) -> Record:
    before = stack.mass_kg
    dropped = _vehicle(stack, staging.vehicle)
    del stack.vehicles[staging.vehicle]
    return Record("stage", staging.label or staging.vehicle, before, stack.mass_kg, 0.0, 0.0,
                  vehicles=(staging.vehicle,), dropped_kg=dropped.mass_kg)  # fmt: skip


def _move(stack: Stack, move: Move) -> Record:
    before = stack.mass_kg
    if move.source is None:
        if move.mass_kg is None:
            raise FlightError(f"loading {move.item!r} from outside needs its mass")
        mass = move.mass_kg
    else:
        held = _vehicle(stack, move.source).contents_kg
        mass = held.get(move.item, 0.0) if move.mass_kg is None else move.mass_kg
        if mass > held.get(move.item, 0.0) * (1 + 1e-12):
            raise FlightError(
                f"{move.source!r} holds {held.get(move.item, 0.0):,.2f} kg of {move.item!r}, "
                f"not {mass:,.2f} kg"
            )
        held[move.item] = held.get(move.item, 0.0) - mass
        if held[move.item] <= 0.0:
            del held[move.item]
    if move.target is not None:
        held = _vehicle(stack, move.target).contents_kg
        held[move.item] = held.get(move.item, 0.0) + mass
    ends = tuple(name for name in (move.source, move.target) if name is not None)
    return Record("move", move.label or move.item, before, stack.mass_kg, 0.0, 0.0,
                  vehicles=ends, dropped_kg=mass if move.target is None else 0.0,
                  loaded_kg=mass if move.source is None else 0.0)  # fmt: skip


def _burn(stack: Stack, burn: Burn, g0: float) -> Record:
    before = stack.mass_kg
    remaining = burn.delta_v_m_s
    used = dropped = spare = 0.0
    last_isp = 0.0
    fired: list[str] = []
    for item in burn.sequence:
        if isinstance(item, Staging):
            dropped += _stage(stack, item).dropped_kg
            continue
        engine = _vehicle(stack, item).engine(burn.tank)
        if engine is None or remaining <= 0.0:
            continue
        tank, isp = engine
        fired.append(item)
        last_isp = isp
        mass = stack.mass_kg
        needed = propellant_for_delta_v(mass, remaining, isp, g0)
        if needed <= tank.propellant_kg:
            tank.propellant_kg -= needed
            used += needed
            remaining = 0.0
        else:
            remaining -= delta_v_from_propellant(mass, tank.propellant_kg, isp, g0)
            used += tank.propellant_kg
            tank.propellant_kg = 0.0
        spare = spare_delta_v(stack, fired, burn.tank, g0)
    remaining = max(remaining, 0.0)
    missing_propellant = (
        propellant_for_delta_v(stack.mass_kg, remaining, last_isp, g0)
        if remaining > 0 and last_isp
        else 0.0
    )
    return Record(
        "burn", burn.label, before, stack.mass_kg, used, burn.delta_v_m_s - remaining,
        remaining, missing_propellant, tuple(fired), dropped, spare_delta_v_m_s=spare,
    )  # fmt: skip


def spare_delta_v(stack: Stack, vehicles: Sequence[str], tank: str = "main",
                  g0_m_s2: float = STANDARD_GRAVITY_M_S2) -> float:  # fmt: skip
    """Δv (m/s) the stack could still gain by firing ``vehicles`` in order until dry.

    The stack is not changed.
    """
    spare = 0.0
    mass = stack.mass_kg
    drawn: set[int] = set()
    for name in vehicles:
        vehicle = stack.vehicles.get(name)
        engine = vehicle.engine(tank) if vehicle is not None else None
        if engine is None or id(engine[0]) in drawn:
            continue
        store, isp = engine
        drawn.add(id(store))
        if store.propellant_kg > 0:
            spare += delta_v_from_propellant(mass, store.propellant_kg, isp, g0_m_s2)
            mass -= store.propellant_kg
    return spare


__all__ = [
    "Action",
    "Burn",
    "FlightError",
    "Move",
    "Record",
    "Stack",
    "Staging",
    "Tank",
    "Vehicle",
    "fly",
    "spare_delta_v",
]
