"""Resource interfaces of two connected elements: power, data, comms and cabin atmosphere.

For each resource category the two sides' interface ids (catalog ids or aliases)
are compared (research note ``reference/interoperability.md`` §1.2–1.6, §6 step 4):

* ``compatible``: both sides offer one same interface;
* ``converter``: a catalog converter (named, e.g. ``umic`` for 120 Vdc to the
  3 kV AC grid [R36]) joins an interface of one side to one of the other;
* ``incompatible``: both sides declare interfaces and nothing joins them;
* ``unknown``: a side declares nothing for that category, so no evidence either way.

An atmosphere "converter" is an operational procedure (hatch-closed pressure
equalisation, as the ASTP docking module did [R18b]), not hardware.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from lunarstation.interop.catalog import (
    Catalog,
    Confidence,
    Converter,
    Interface,
    UnknownReferenceError,
)

Category = Literal["power", "data", "comms", "atmosphere"]
CATEGORIES: tuple[Category, ...] = ("power", "data", "comms", "atmosphere")
Status = Literal["compatible", "converter", "incompatible", "unknown"]


@dataclass(frozen=True)
class ResourceVerdict:
    """The verdict for one resource category between two sides."""

    category: Category
    status: Status
    interfaces_a: tuple[str, ...]
    interfaces_b: tuple[str, ...]
    reason: str
    converter: Converter | None = None
    confidence: Confidence = Confidence.UNVERIFIED
    """Weakest confidence of the interface and converter rows the verdict rests on."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "category": self.category,
            "status": self.status,
            "interfaces_a": list(self.interfaces_a),
            "interfaces_b": list(self.interfaces_b),
            "converter": None if self.converter is None else self.converter.id,
            "reason": self.reason,
            "confidence": self.confidence.value,
        }


def check_resources(
    catalog: Catalog,
    side_a: Mapping[str, Sequence[str]],
    side_b: Mapping[str, Sequence[str]],
    categories: Iterable[Category] = CATEGORIES,
    labels: tuple[str, str] = ("a", "b"),
) -> tuple[ResourceVerdict, ...]:
    """One verdict per requested category for two sides given as ``{category: [ids]}``.

    ``labels`` name the two sides in the reasons (e.g. the element ids).

    Raises:
        UnknownReferenceError: an interface id or alias not in the catalog, or an
            interface listed under the wrong category.
    """
    return tuple(
        check_category(catalog, category, side_a.get(category, ()), side_b.get(category, ()))
        for category in categories
    )


def check_category(
    catalog: Catalog,
    category: Category,
    ids_a: Sequence[str],
    ids_b: Sequence[str],
    labels: tuple[str, str] = ("a", "b"),
) -> ResourceVerdict:
    """The verdict for one category; see the module docstring for the four outcomes."""
    rows_a, rows_b = _resolve(catalog, category, ids_a), _resolve(catalog, category, ids_b)
    names_a, names_b = tuple(r.id for r in rows_a), tuple(r.id for r in rows_b)
    if not rows_a or not rows_b:
        missing = "either side" if not rows_a and not rows_b else labels[0 if not rows_a else 1]
        reason = f"{category}: no interface declared by {missing}; no evidence either way"
        return ResourceVerdict(category, "unknown", names_a, names_b, reason)
    common = [row for row in rows_a if row in rows_b]
    if common:
        row = max(common, key=lambda r: r.confidence.rank)
        return ResourceVerdict(
            category, "compatible", names_a, names_b, f"both offer {row.id}", None, row.confidence
        )
    for row_a in rows_a:
        for row_b in rows_b:
            converter = _converter(catalog, row_a.id, row_b.id)
            if converter is not None:
                reason = f"{_describe(row_a)} to {_describe(row_b)} needs {converter.name}"
                weakest = min((row_a.confidence, row_b.confidence, converter.confidence), key=_rank)
                return ResourceVerdict(
                    category, "converter", names_a, names_b, reason, converter, weakest
                )
    offered_a = ", ".join(_describe(r) for r in rows_a)
    offered_b = ", ".join(_describe(r) for r in rows_b)
    reason = f"{offered_a} vs {offered_b}; no converter in the catalog"
    weakest = min((r.confidence for r in (*rows_a, *rows_b)), key=_rank)
    return ResourceVerdict(category, "incompatible", names_a, names_b, reason, None, weakest)


def _resolve(catalog: Catalog, category: Category, ids: Sequence[str]) -> list[Interface]:
    rows: list[Interface] = []
    for interface_id in ids:
        row = catalog.interface(interface_id)
        if row.category != category:
            valid = [r.id for r in catalog.interfaces if r.category == category]
            raise UnknownReferenceError(f"{category} interface", interface_id, valid)
        if row not in rows:
            rows.append(row)
    return rows


def _converter(catalog: Catalog, first: str, second: str) -> Converter | None:
    wanted = {first, second}
    return next((c for c in catalog.converters if set(c.joins) == wanted), None)


def _describe(row: Interface) -> str:
    if row.voltage_v is not None:
        return f"{row.id} ({row.voltage_v:g} V {row.current or ''})".replace(" )", ")")
    if row.pressure_kpa is not None:
        return f"{row.id} ({row.pressure_kpa:g} kPa)"
    if row.band_min_mhz is not None and row.band_max_mhz is not None:
        return f"{row.id} ({row.band_min_mhz:g}–{row.band_max_mhz:g} MHz)"
    return row.id


def _rank(confidence: Confidence) -> int:
    return confidence.rank
