"""Check an approach against a docking family's published initial-contact envelope.

The limits live in the catalog (``families[].envelope``), each with its unit in
the quantity name and its source; for IDSS they are the IDD Rev E Table
3.3.1.1-2 values as transcribed by third parties [R05]: axial closing rate
0.05–0.10 m/s, lateral rate ≤ 0.04 m/s, lateral offset ≤ 0.10 m, pitch/yaw
misalignment ≤ 4.0° (vector sum), roll ≤ 4.0°, pitch/yaw rate ≤ 0.20 °/s (vector
sum), roll rate ≤ 0.20 °/s. The Chinese mechanism's vendor values are used as
published [R16]: pitch and yaw separately.

Angles are compared in degrees and rates in degrees per second because that is
how the sources publish them; combined quantities (``pitch_yaw_deg``) are the
vector sum ``sqrt(pitch² + yaw²)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from lunarstation.interop.catalog import Catalog, EnvelopeLimit


@dataclass(frozen=True)
class Approach:
    """Relative state of the arriving vehicle at first contact (absolute values are checked).

    Units: m/s for rates along/across the axis, m for the lateral offset, degrees
    for misalignment angles and degrees per second for angular rates.
    """

    closing_rate_m_s: float
    lateral_rate_m_s: float = 0.0
    lateral_offset_m: float = 0.0
    pitch_deg: float = 0.0
    yaw_deg: float = 0.0
    roll_deg: float = 0.0
    pitch_rate_deg_s: float = 0.0
    yaw_rate_deg_s: float = 0.0
    roll_rate_deg_s: float = 0.0

    def value(self, quantity: str) -> float:
        """The approach's value for a limit's quantity (vector sums for ``pitch_yaw_*``)."""
        if quantity == "pitch_yaw_deg":
            return math.hypot(self.pitch_deg, self.yaw_deg)
        if quantity == "pitch_yaw_rate_deg_s":
            return math.hypot(self.pitch_rate_deg_s, self.yaw_rate_deg_s)
        if quantity == "closing_rate_m_s":
            return float(self.closing_rate_m_s)
        return abs(float(getattr(self, quantity)))


@dataclass(frozen=True)
class Violation:
    """One limit the approach breaks: the value, the limit and where the limit comes from."""

    quantity: str
    value: float
    limit: EnvelopeLimit

    @property
    def unit(self) -> str:
        """Unit of the quantity, from its name (``m/s``, ``m``, ``deg``, ``deg/s``)."""
        return unit_of(self.quantity)

    @property
    def message(self) -> str:
        """A sentence with the value, the allowed range and the sources."""
        bounds = (
            f"{self.limit.min:g}–{self.limit.max:g}"
            if self.limit.min is not None
            else f"≤ {self.limit.max:g}"
        )
        sources = ", ".join(self.limit.sources)
        return f"{self.quantity} = {self.value:g} {self.unit}, allowed {bounds} {self.unit} [{sources}]"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "quantity": self.quantity,
            "value": self.value,
            "min": self.limit.min,
            "max": self.limit.max,
            "unit": self.unit,
            "sources": list(self.limit.sources),
            "confidence": self.limit.confidence.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class EnvelopeReport:
    """The outcome of an envelope check; ``published`` is False when the family has no limits."""

    family: str
    checked: tuple[str, ...]
    violations: tuple[Violation, ...]

    @property
    def published(self) -> bool:
        """Whether the family publishes any contact limit in the catalog."""
        return bool(self.checked)

    @property
    def within(self) -> bool | None:
        """True inside every published limit, False outside one, None with no published limits."""
        return None if not self.published else not self.violations

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "family": self.family,
            "published": self.published,
            "within": self.within,
            "checked": list(self.checked),
            "violations": [violation.to_dict() for violation in self.violations],
        }


def check_envelope(catalog: Catalog, family_id: str, approach: Approach) -> EnvelopeReport:
    """Every published contact limit of ``family_id`` the approach violates.

    Raises:
        UnknownReferenceError: the family id is not in the catalog.
    """
    family = catalog.family(family_id)
    violations = []
    for limit in family.envelope:
        value = approach.value(limit.quantity)
        if value > limit.max or (limit.min is not None and value < limit.min):
            violations.append(Violation(limit.quantity, value, limit))
    checked = tuple(limit.quantity for limit in family.envelope)
    return EnvelopeReport(family.id, checked, tuple(violations))


def unit_of(quantity: str) -> str:
    """The unit encoded in a quantity name: ``..._m_s`` → m/s, ``..._deg_s`` → deg/s."""
    for suffix, unit in (("_deg_s", "deg/s"), ("_m_s", "m/s"), ("_deg", "deg"), ("_m", "m")):
        if quantity.endswith(suffix):
            return unit
    raise ValueError(f"quantity {quantity!r} carries no known unit suffix")
