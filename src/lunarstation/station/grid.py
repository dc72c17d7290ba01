"""A site's power grids: which elements share power, step by step, and their simulation.

Elements joined by power connections (transitively) share one grid: their generation,
loads and storage are lumped and run through the power kernel as one system. An element
with no working power connection is an island with only its own generation and storage.
The wiring changes only when an element arrives, retires or leaves, or a connection is
made, so a run splits into *segments*: stretches of steps in which one grid keeps the
same members.

Grid ids follow a grid's lineage: a new island is named after its first-delivered
element; a grid keeps its id while elements join or leave it; when grids merge, the
oldest id survives; when a grid splits, the part holding its earliest-delivered member
keeps the id and the others are named afresh.

Energy is handed on at every segment boundary: within a grid the lumped battery has one
state of charge, so each member carries ``state of charge × its capacity`` into the next
segment, an element that retires or leaves takes its share with it, and storage that
arrives comes charged (as in :func:`~lunarstation.station.kernel.grid_power_kernel`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from lunarstation.station.kernel import PowerRun, run_power
from lunarstation.station.power import BatteryBank

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class PowerNode:
    """One element on its site's wiring, over the run's grid (length T).

    ``load_w`` (T, 4) per level of :data:`~lunarstation.station.build.LEVELS`, its own
    loads plus the site loads it hosts (crew life support, experiments); ``capacity_j``
    its energy storage while in service; ``source``: it has an array, a steady source or
    storage (an island without one cannot power anything).
    """

    element: str
    live: BoolArray
    generation_w: FloatArray
    load_w: FloatArray
    capacity_j: FloatArray
    bank: BatteryBank
    source: bool
    crew_capacity: int = 0


@dataclass(frozen=True)
class GridSegment:
    """One grid over steps ``[start, stop)`` in which its members do not change."""

    grid: str
    start: int
    stop: int
    members: tuple[int, ...]
    """Indices of its :class:`PowerNode` s (delivery order)."""
    bank: BatteryBank = field(default_factory=BatteryBank)
    """Its members' storage lumped (:meth:`~lunarstation.station.power.BatteryBank.merged`)."""


Link = tuple[int, int, int]
"""A working power connection: node ``a``, node ``b``, first step it conducts."""


def grid_segments(
    live: BoolArray, links: Sequence[Link], names: Sequence[str]
) -> list[GridSegment]:
    """The grids of a site, segment by segment, sorted by start step then grid id.

    ``live`` (N, T): node ``i`` in service at step ``t``; a link conducts from its step
    while both ends are in service; ``names[i]`` the element id of node ``i`` (nodes in
    delivery order). Ids follow the lineage rule of the module docstring.
    """
    count, steps = live.shape
    if count == 0 or steps == 0:
        return []
    changes = np.flatnonzero(np.any(live[:, 1:] != live[:, :-1], axis=0)) + 1
    bounds = sorted({0, steps, *changes.tolist(), *(s for *_, s in links if 0 < s < steps)})
    lineage = _Lineage(names)
    for start, stop in itertools.pairwise(bounds):
        lineage.step(start, stop, _components(live[:, start], links, start))
    return sorted(lineage.segments, key=lambda s: (s.start, s.grid))


def _components(alive: BoolArray, links: Sequence[Link], start: int) -> list[tuple[int, ...]]:
    """Connected groups of the live nodes, each sorted, ordered by first member."""
    parent = {int(i): int(i) for i in np.flatnonzero(alive)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, begin in links:
        if begin <= start and a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for i in parent:
        groups.setdefault(root(i), []).append(i)
    return sorted(tuple(sorted(group)) for group in groups.values())


class _Lineage:
    """Grid ids carried from one segment to the next (see the module docstring)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = names
        self.born: dict[str, int] = {}
        self.grid_of: dict[int, str] = {}
        self.open: dict[str, int] = {}
        self.segments: list[GridSegment] = []

    def step(self, start: int, stop: int, components: list[tuple[int, ...]]) -> None:
        claimed: set[str] = set()
        grid_of: dict[int, str] = {}
        for members in components:
            inherited = sorted(
                {self.grid_of[m] for m in members if m in self.grid_of}, key=self.born.__getitem__
            )
            grid = next((g for g in inherited if g not in claimed), None) or self._fresh(members)
            claimed.add(grid)
            grid_of.update(dict.fromkeys(members, grid))
            self._extend(grid, start, stop, members)
        self.grid_of = grid_of

    def _fresh(self, members: tuple[int, ...]) -> str:
        base = self.names[members[0]]
        grid, n = base, 1
        while grid in self.born:
            n += 1
            grid = f"{base}~{n}"
        self.born[grid] = len(self.born)
        return grid

    def _extend(self, grid: str, start: int, stop: int, members: tuple[int, ...]) -> None:
        index = self.open.get(grid)
        if index is not None:
            last = self.segments[index]
            if last.stop == start and last.members == members:
                self.segments[index] = replace(last, stop=stop)
                return
        self.open[grid] = len(self.segments)
        self.segments.append(GridSegment(grid, start, stop, members))


def segment_arrays(
    nodes: Sequence[PowerNode], segment: GridSegment
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Generation (n,), loads (n, 4) and storage capacity (n,) of a segment's grid."""
    window = slice(segment.start, segment.stop)
    members = [nodes[i] for i in segment.members]
    generation = np.sum([m.generation_w[window] for m in members], axis=0)
    load = np.sum([m.load_w[window] for m in members], axis=0)
    capacity = np.sum([m.capacity_j[window] for m in members], axis=0)
    return generation, load, capacity


def run_grids(
    nodes: Sequence[PowerNode],
    segments: Sequence[GridSegment],
    level_order: Sequence[int],
    *,
    step_s: float,
    survival_reserve: float,
    generation_scale: FloatArray | None = None,
    load_scale: FloatArray | None = None,
    capacity_scale: FloatArray | None = None,
) -> list[PowerRun]:
    """Each segment's :class:`PowerRun` (S samples), energy handed on between segments.

    ``level_order``: the load levels in the kernel's priority order (survival first).
    Scales (S,) multiply every grid's generation, loads and storage alike (default: one
    sample at scale 1). ``segments`` must be sorted by start step.
    """
    ones = np.ones(1 if generation_scale is None else len(generation_scale))
    generation_scale = ones if generation_scale is None else np.asarray(generation_scale, float)
    storage_scale = ones if capacity_scale is None else np.asarray(capacity_scale, float)
    runs: list[PowerRun] = []
    soc_at_end: list[FloatArray] = []
    last_segment: dict[int, int] = {}
    for k, segment in enumerate(segments):
        generation, load, capacity = segment_arrays(nodes, segment)
        stored, installed = np.zeros_like(ones), np.zeros_like(ones)
        for m in segment.members:
            p = last_segment.get(m)
            if p is not None and segments[p].stop == segment.start:
                carried = nodes[m].capacity_j[segment.start - 1] * storage_scale
                installed += carried
                stored += soc_at_end[p] * carried
        run = run_power(
            generation[None, :] * generation_scale[:, None],
            load[:, list(level_order)],
            capacity,
            depth_of_discharge=segment.bank.depth_of_discharge,
            charge_efficiency=segment.bank.charge_efficiency,
            discharge_efficiency=segment.bank.discharge_efficiency,
            survival_reserve=survival_reserve,
            step_s=step_s,
            load_scale=load_scale,
            capacity_scale=capacity_scale,
            initial_stored_j=stored,
            initial_capacity_j=installed,
        )
        final = capacity[-1] * storage_scale
        with np.errstate(invalid="ignore", divide="ignore"):
            soc_at_end.append(np.where(final > 0, run.stored_j[:, -1] / final, 0.0))
        last_segment.update(dict.fromkeys(segment.members, k))
        runs.append(run)
    return runs


__all__ = ["GridSegment", "Link", "PowerNode", "grid_segments", "run_grids", "segment_arrays"]
