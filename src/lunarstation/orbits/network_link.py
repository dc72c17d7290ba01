"""The orbits model's LLO ↔ NRHO transfer as transfer-network edges, for the timeline.

With ``options.logistics.transfer_dv: orbits`` the timeline flies the ``llo`` ↔ ``nrho``
legs with these edges in place of the shipped SpaceNet QS3 figures. The layers put the
orbits engine above logistics and the orbits engine *requires* the timeline (which
element is in which orbit), so the timeline cannot read the orbits engine's output:
the edges are a pure function of the scenario instead — its NRHO (the orbit of an
orbital-station placement, else the first NRHO/halo orbit), its LLO altitude (the first
``kind: llo`` orbit, else 100 km) and the first perilune passage after the run starts —
and ``simulate.default_engines`` hands this function to the ``TimelineEngine``. The
orbits engine's ``orbits_transfers`` computes the same transfer at every perilune, so
its first window of a station placed from the start equals the edge.
"""

from __future__ import annotations

from lunarstation.constants import DAY_S
from lunarstation.logistics.network import Edge, NetworkBurn
from lunarstation.orbits.placements import default_role
from lunarstation.orbits.rendezvous import Transfer, llo_to_perilune, perilunes
from lunarstation.orbits.trajectory import tdb_of, trajectory_of
from lunarstation.orbits.twobody.kepler import R_MOON_KM
from lunarstation.scenario import ElementKind, Orbit, OrbitKind, PlacementRole, Scenario

DEFAULT_LLO_ALTITUDE_KM = 100.0
"""LLO altitude of the transfers when the scenario declares no LLO, km: the customary
100 km staging orbit (ESTIMATE, as in ilrs-reference.yaml). Measured from
:data:`~lunarstation.orbits.twobody.kepler.R_MOON_KM`, as the orbits' altitudes are."""


def station_nrho(scenario: Scenario) -> Orbit | None:
    """The NRHO the transfer goes to: an orbital station's, else the first NRHO/halo."""
    cr3bp = [
        o for o in scenario.orbits if o.is_cr3bp and o.kind in (OrbitKind.NRHO, OrbitKind.HALO)
    ]
    module = ElementKind.ORBITAL_STATION_MODULE
    stations = {
        p.orbit
        for p in scenario.placements
        if (p.role or default_role(scenario, p.element)) is PlacementRole.ORBITAL_STATION
    } | {
        e.initial_location.place
        for e in scenario.elements
        if e.kind is module and e.initial_location is not None
    }
    return next((o for o in cr3bp if o.id in stations), cr3bp[0] if cr3bp else None)


def llo_altitude_km(scenario: Scenario) -> float:
    """The LLO altitude of the transfers, km."""
    llo = next((o for o in scenario.orbits if o.kind is OrbitKind.LLO), None)
    return (llo.periapsis_km if llo is not None else None) or DEFAULT_LLO_ALTITUDE_KM


def first_transfer(scenario: Scenario) -> tuple[Orbit, Transfer] | None:
    """The LLO → NRHO transfer at the NRHO's first perilune after the run starts."""
    orbit = station_nrho(scenario)
    if orbit is None:
        return None
    trajectory = trajectory_of(orbit, scenario.start)
    start = tdb_of(scenario.start)
    passes = perilunes(trajectory, start, start + 1.5 * trajectory.period_s)
    if not passes.tdb_s.size:
        return None
    transfer = llo_to_perilune(
        R_MOON_KM + llo_altitude_km(scenario), float(passes.radius_km[0]),
        float(passes.speed_km_s[0]),
    )  # fmt: skip
    return orbit, transfer


def transfer_edges(scenario: Scenario) -> tuple[Edge, ...]:
    """The ``llo`` → ``nrho`` and ``nrho`` → ``llo`` edges of the orbits model (none
    without an NRHO). Burns: at the LLO then at perilune going up, the reverse coming
    down; transit the transfer's half ellipse."""
    found = first_transfer(scenario)
    if found is None:
        return ()
    orbit, transfer = found
    days = transfer.time_of_flight_s / DAY_S
    source = (
        f"orbits model: two-impulse LLO ({llo_altitude_km(scenario):.0f} km) ↔ {orbit.id} "
        "perilune transfer (orbits/rendezvous.py)"
    )
    up = (NetworkBurn(transfer.dv1_m_s), NetworkBurn(transfer.dv2_m_s))
    return (
        Edge("llo", "nrho", up, days, source),
        Edge("nrho", "llo", tuple(reversed(up)), days, source),
    )


__all__ = ["first_transfer", "llo_altitude_km", "station_nrho", "transfer_edges"]
