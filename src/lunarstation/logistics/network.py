"""The transfer network: nodes and edges with their burns (Δv) and transit times.

Shipped as ``logistics/data/network.yaml`` with the source of every figure. Paths are
found by breadth-first search (the network is small); a path's burns are what the
mission's propulsive elements must deliver after trans-lunar injection.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from lunarstation.errors import DataError


@dataclass(frozen=True)
class NetworkBurn:
    """One burn of an edge: Δv (m/s) from the main or attitude tank."""

    delta_v_m_s: float
    tank: str = "main"


@dataclass(frozen=True)
class Edge:
    """A transfer between two nodes."""

    origin: str
    destination: str
    burns: tuple[NetworkBurn, ...]
    days: float
    source: str

    @property
    def delta_v_m_s(self) -> float:
        """Total Δv of the edge, m/s."""
        return sum(burn.delta_v_m_s for burn in self.burns)


@dataclass(frozen=True)
class Network:
    """Nodes and directed edges."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]

    def with_additions(self, nodes: Iterable[str], edges: Iterable[Edge]) -> Network:
        """A network with more nodes, and edges added or replacing those of the same ends."""
        added = list(edges)
        ends = {(edge.origin, edge.destination) for edge in added}
        kept = [edge for edge in self.edges if (edge.origin, edge.destination) not in ends]
        all_nodes = dict.fromkeys([*self.nodes, *nodes])
        for edge in added:
            all_nodes.update(dict.fromkeys((edge.origin, edge.destination)))
        return Network(nodes=tuple(all_nodes), edges=(*kept, *added))

    def path(self, origin: str, destination: str) -> tuple[Edge, ...]:
        """The edges from ``origin`` to ``destination`` with the fewest hops.

        Raises:
            DataError: no path, or an unknown node.
        """
        for node in (origin, destination):
            if node not in self.nodes:
                raise DataError(f"unknown network node {node!r}; nodes: {', '.join(self.nodes)}")
        queue: deque[tuple[str, tuple[Edge, ...]]] = deque([(origin, ())])
        seen = {origin}
        while queue:
            node, route = queue.popleft()
            if node == destination:
                return route
            for edge in self.edges:
                if edge.origin == node and edge.destination not in seen:
                    seen.add(edge.destination)
                    queue.append((edge.destination, (*route, edge)))
        raise DataError(f"no transfer from {origin!r} to {destination!r} in the network")


@cache
def default_network() -> Network:
    """The shipped network (parsed once per process)."""
    text = (resources.files("lunarstation.logistics") / "data" / "network.yaml").read_text("utf-8")
    raw = YAML(typ="safe").load(text)
    edges = tuple(
        Edge(
            origin=str(e["from"]),
            destination=str(e["to"]),
            burns=tuple(
                NetworkBurn(float(b["delta_v_m_s"]), str(b.get("tank", "main"))) for b in e["burns"]
            ),
            days=float(e["days"]),
            source=str(e["source"]),
        )
        for e in raw["edges"]
    )
    return Network(nodes=tuple(str(n["id"]) for n in raw["nodes"]), edges=edges)


__all__ = ["Edge", "Network", "NetworkBurn", "default_network"]
