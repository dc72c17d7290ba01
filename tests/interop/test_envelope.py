"""Docking contact-envelope checks with the published limits in physical units.

IDSS IDD Rev E Table 3.3.1.1-2 as transcribed [R05]: axial closing rate
0.05–0.10 m/s; lateral rate ≤ 0.04 m/s; lateral offset ≤ 0.10 m; pitch/yaw
≤ 4.0° (vector sum); roll ≤ 4.0°; pitch/yaw rate ≤ 0.20 °/s (vector sum);
roll rate ≤ 0.20 °/s. Chinese mechanism [R16]: closing 0.08–0.18 m/s, lateral
≤ 0.16 m, lateral rate ≤ 0.10 m/s, pitch/yaw ≤ 3°, roll ≤ 5°, rates ≤ 0.6 °/s.
"""

from __future__ import annotations

import pytest

from lunarstation.interop import Approach, UnknownReferenceError, check_envelope, load_catalog

CATALOG = load_catalog()
M_S = 1.0  # metre per second
MM_S = 1.0e-3 * M_S
DEG = 1.0  # degree (limits are published in degrees)


def _violated(family: str, approach: Approach) -> set[str]:
    return {v.quantity for v in check_envelope(CATALOG, family, approach).violations}


def test_nominal_idss_approach_is_within() -> None:
    approach = Approach(closing_rate_m_s=75 * MM_S, lateral_offset_m=0.05, roll_deg=1 * DEG)
    report = check_envelope(CATALOG, "idss", approach)
    assert report.within is True
    assert len(report.checked) == 7


@pytest.mark.parametrize(
    ("approach", "quantity"),
    [
        (Approach(closing_rate_m_s=101 * MM_S), "closing_rate_m_s"),
        (Approach(closing_rate_m_s=49 * MM_S), "closing_rate_m_s"),  # the lower bound counts
        (Approach(closing_rate_m_s=0.07, lateral_rate_m_s=-0.041), "lateral_rate_m_s"),
        (Approach(closing_rate_m_s=0.07, lateral_offset_m=0.101), "lateral_offset_m"),
        (Approach(closing_rate_m_s=0.07, pitch_deg=3.0, yaw_deg=3.0), "pitch_yaw_deg"),
        (Approach(closing_rate_m_s=0.07, roll_deg=-4.1), "roll_deg"),
        (
            Approach(closing_rate_m_s=0.07, pitch_rate_deg_s=0.15, yaw_rate_deg_s=0.15),
            "pitch_yaw_rate_deg_s",
        ),
        (Approach(closing_rate_m_s=0.07, roll_rate_deg_s=0.21), "roll_rate_deg_s"),
    ],
)
def test_each_idss_limit_is_enforced(approach: Approach, quantity: str) -> None:
    assert _violated("idss", approach) == {quantity}


def test_vector_sum_just_inside() -> None:
    # 2.8° and 2.8° → 3.96° < 4.0°
    assert not _violated("idss", Approach(closing_rate_m_s=0.07, pitch_deg=2.8, yaw_deg=2.8))


def test_violation_reports_value_limit_unit_and_source() -> None:
    report = check_envelope(CATALOG, "idss", Approach(closing_rate_m_s=0.12))
    (violation,) = report.violations
    assert violation.value == pytest.approx(0.12)
    assert (violation.limit.min, violation.limit.max, violation.unit) == (0.05, 0.10, "m/s")
    assert "R05" in violation.message
    assert violation.to_dict()["max"] == 0.10


def test_same_approach_fits_the_chinese_envelope_but_not_idss() -> None:
    # 0.15 m/s closing, 0.12 m offset: inside [R16], outside IDSS [R05]
    approach = Approach(closing_rate_m_s=0.15, lateral_offset_m=0.12)
    assert _violated("cn-docking", approach) == set()
    assert _violated("idss", approach) == {"closing_rate_m_s", "lateral_offset_m"}


def test_family_without_published_envelope() -> None:
    report = check_envelope(CATALOG, "ssvp", Approach(closing_rate_m_s=0.2))
    assert report.published is False
    assert report.within is None


def test_unknown_family() -> None:
    with pytest.raises(UnknownReferenceError, match="did you mean 'idss'"):
        check_envelope(CATALOG, "ids", Approach(closing_rate_m_s=0.07))
