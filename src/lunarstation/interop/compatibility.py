"""Can two port halves mate, directly, through adapters, or not at all?

The checker follows the research note (``reference/interoperability.md`` §6):

1. **Roles.** Two passive halves, two probes or two active berthing halves never
   mate ([R18], [R10b], [R09c]); that gives ``none`` unless an adapter helps.
2. **Explicit pair records** (port-level first, then family-level) override the
   family rules and are final: ``direct``, ``none``, ``unknown`` or ``claimed``.
3. **Family rule.** Two halves of one family whose roles fit mate ``direct`` only
   if the family carries published evidence of such a mating; otherwise the
   verdict stays ``unknown``. Evidence is never upgraded by inference.
4. **Adapters.** If no direct mate was found, the shortest chain of built adapters
   (fewest adapters, then least known mass) is searched; each joint of the chain
   must itself be a ``direct`` mate.

Verdicts are symmetric: ``check_ports(c, a, b)`` and ``check_ports(c, b, a)``
agree, with the adapter chain listed from ``a`` to ``b``.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any, Literal

from lunarstation.interop.catalog import Adapter, Catalog, Confidence, Port

Verdict = Literal["direct", "adapter", "none", "unknown", "claimed"]
VERDICTS: tuple[Verdict, ...] = ("direct", "adapter", "claimed", "unknown", "none")
"""All verdicts, best first (used to pick the best of several port pairs)."""

_PASSIVE_ROLES = {"passive_only", "passive", "drogue"}


@dataclass(frozen=True)
class Citation:
    """One catalog row used as evidence: what it is, its note, sources and confidence."""

    row: str
    note: str
    sources: tuple[str, ...]
    confidence: Confidence

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "row": self.row,
            "note": self.note,
            "sources": list(self.sources),
            "confidence": self.confidence.value,
        }


@dataclass(frozen=True)
class PortVerdict:
    """Whether two port halves mate, with the adapter chain and the evidence behind it.

    ``added_mass_kg`` and ``added_length_m`` sum the adapters' published values;
    they are None when any adapter of the chain has no published value.
    """

    port_a: str
    port_b: str
    verdict: Verdict
    reason: str
    evidence: tuple[Citation, ...] = ()
    adapters: tuple[Adapter, ...] = field(default=())

    @property
    def confidence(self) -> Confidence:
        """The weakest confidence among the evidence (unverified when there is none)."""
        ranks = [c.confidence for c in self.evidence]
        return min(ranks, key=lambda c: c.rank) if ranks else Confidence.UNVERIFIED

    @property
    def added_mass_kg(self) -> float | None:
        """Mass the adapter chain adds, kg (0 without adapters; None if a mass is unpublished)."""
        return _total([adapter.mass_kg for adapter in self.adapters])

    @property
    def added_length_m(self) -> float | None:
        """Length the adapter chain adds along the docking axis, m (None if unpublished)."""
        return _total([adapter.length_m for adapter in self.adapters])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "port_a": self.port_a,
            "port_b": self.port_b,
            "verdict": self.verdict,
            "reason": self.reason,
            "confidence": self.confidence.value,
            "adapters": [adapter.id for adapter in self.adapters],
            "added_mass_kg": self.added_mass_kg,
            "added_length_m": self.added_length_m,
            "evidence": [citation.to_dict() for citation in self.evidence],
        }


def check_ports(catalog: Catalog, port_a: str, port_b: str, max_adapters: int = 3) -> PortVerdict:
    """The verdict for port halves ``port_a`` and ``port_b`` (catalog port ids).

    Raises:
        UnknownReferenceError: a port id is not in the catalog.
    """
    first, second = sorted((port_a, port_b))
    verdict = _check_ordered(catalog, catalog.port(first), catalog.port(second), max_adapters)
    if (first, second) == (port_a, port_b):
        return verdict
    return PortVerdict(
        port_a,
        port_b,
        verdict.verdict,
        verdict.reason,
        verdict.evidence,
        tuple(reversed(verdict.adapters)),
    )


def _check_ordered(catalog: Catalog, a: Port, b: Port, max_adapters: int) -> PortVerdict:
    base, final = mate_directly(catalog, a, b)
    if base.verdict == "direct" or final:
        return base
    chain = adapter_chain(catalog, a, b, max_adapters)
    if chain is None:
        return base
    adapters, joints = chain
    names = " + ".join(adapter.id for adapter in adapters)
    evidence = [_row_citation("adapter", adapter) for adapter in adapters]
    evidence += [citation for joint in joints for citation in joint.evidence]
    return PortVerdict(
        a.id, b.id, "adapter", f"mates through {names}", _unique(evidence), tuple(adapters)
    )


def mate_directly(catalog: Catalog, a: Port, b: Port) -> tuple[PortVerdict, bool]:
    """The verdict without adapters, and whether it is final (from an explicit pair record)."""
    record = _pair_record(catalog, a, b, port_level=True)
    if record is not None:
        return record, True
    clash = role_clash(a, b)
    if clash:
        family = catalog.family(a.family)
        cite = [_row_citation("port", a), _row_citation("port", b), _row_citation("family", family)]
        return PortVerdict(a.id, b.id, "none", clash, _unique(cite)), False
    record = _pair_record(catalog, a, b, port_level=False)
    if record is not None:
        return record, True
    if a.family != b.family:
        return PortVerdict(
            a.id, b.id, "unknown", "different families; no evidence either way"
        ), False
    family = catalog.family(a.family)
    if family.demonstrated is None:
        reason = f"roles fit, but no published mating of the {family.id} family"
        return PortVerdict(a.id, b.id, "unknown", reason, (_row_citation("family", family),)), False
    shown = Citation(
        f"family {family.id} (demonstrated)",
        family.demonstrated.note,
        family.demonstrated.sources,
        family.demonstrated.confidence,
    )
    return PortVerdict(
        a.id, b.id, "direct", f"{family.id} halves with fitting roles", (shown,)
    ), False


def adapter_chain(
    catalog: Catalog, a: Port, b: Port, max_adapters: int = 3
) -> tuple[list[Adapter], list[PortVerdict]] | None:
    """Fewest built adapters (then least known mass) joining ``a`` to ``b``, or None.

    Dijkstra over the port half currently presented towards ``b``; every joint
    (port to adapter side, adapter side to adapter side, last side to ``b``) must be
    a ``direct`` mate. Returns the adapters from ``a`` to ``b`` and the joint verdicts.
    """
    built = sorted((x for x in catalog.adapters if x.status == "built"), key=lambda x: x.id)
    # queue entries: (adapters so far, known mass so far kg, path of (adapter, side in), exposed)
    queue: list[tuple[int, float, tuple[tuple[str, str], ...], str]] = [(0, 0.0, (), a.id)]
    settled: set[str] = set()
    while queue:
        count, mass, path, exposed_id = heapq.heappop(queue)
        exposed = catalog.port(exposed_id)
        if path and mate_directly(catalog, exposed, b)[0].verdict == "direct":
            return _chain_result(catalog, a, b, path)
        if exposed_id in settled or count >= max_adapters:
            continue
        settled.add(exposed_id)
        for adapter in built:
            for side_in, side_out in (adapter.sides, adapter.sides[::-1]):
                if mate_directly(catalog, exposed, catalog.port(side_in))[0].verdict == "direct":
                    step_mass = mass + (adapter.mass_kg or 0.0)
                    step_path = (*path, (adapter.id, side_in))
                    heapq.heappush(queue, (count + 1, step_mass, step_path, side_out))
    return None


def _chain_result(
    catalog: Catalog, a: Port, b: Port, path: tuple[tuple[str, str], ...]
) -> tuple[list[Adapter], list[PortVerdict]]:
    adapters: list[Adapter] = []
    joints: list[PortVerdict] = []
    exposed = a
    for adapter_id, side_in in path:
        adapter = catalog.index["adapters"][adapter_id]
        adapters.append(adapter)
        joints.append(mate_directly(catalog, exposed, catalog.port(side_in))[0])
        other = adapter.sides[1] if adapter.sides[0] == side_in else adapter.sides[0]
        exposed = catalog.port(other)
    joints.append(mate_directly(catalog, exposed, b)[0])
    return adapters, joints


def role_clash(a: Port, b: Port) -> str:
    """Why two halves can never mate by their roles alone ('' when the roles may fit).

    Two passive halves (passive-only, passive berthing, drogue), two probes or two
    active berthing halves cannot join [R18, R10b, R09c].
    """
    roles = {a.role, b.role}
    if roles <= _PASSIVE_ROLES:
        return "two passive halves" if roles != {"drogue"} else "two drogues"
    if roles == {"probe"}:
        return "two probes"
    if roles == {"active"}:
        return "two active berthing halves"
    return ""


def _pair_record(catalog: Catalog, a: Port, b: Port, *, port_level: bool) -> PortVerdict | None:
    pairs = (
        [(a.id, b.id)] if port_level else [(a.id, b.family), (a.family, b.id), (a.family, b.family)]
    )
    records = {pairing.id: pairing for pairing in catalog.pairings}
    for left, right in pairs:
        record = records.get("+".join(sorted((left, right))))
        if record is not None:
            cite = _row_citation("pairing", record)
            return PortVerdict(a.id, b.id, record.verdict, record.note or record.verdict, (cite,))
    return None


def _row_citation(kind: str, row: Any) -> Citation:
    return Citation(
        f"{kind} {row.id}",
        getattr(row, "note", "") or getattr(row, "name", ""),
        row.sources,
        row.confidence,
    )


def _unique(citations: list[Citation]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))


def _total(values: list[float | None]) -> float | None:
    if any(value is None for value in values):
        return None
    return float(sum(value for value in values if value is not None))
