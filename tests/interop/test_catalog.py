"""The packaged catalog: schema, sources and confidence on every row, required ids, additions."""

from __future__ import annotations

from typing import Any

import pytest

from lunarstation.errors import DataError
from lunarstation.interop import Confidence, load_catalog
from lunarstation.interop.catalog import SECTIONS, Catalog
from lunarstation.interop.compatibility import role_clash

CATALOG = load_catalog()

REQUIRED_PORTS = {
    "idss-active",
    "idss-passive",
    "apas-89",
    "apas-95",
    "ssvp-probe",
    "ssvp-drogue",
    "ssvp-m-probe",
    "ssvp-m-drogue",
    "cbm-active",
    "cbm-passive",
    "cn-docking-active",
    "cn-docking-passive",
}


def _all_rows(catalog: Catalog) -> list[Any]:
    rows: list[Any] = []
    for section in SECTIONS:
        for row in getattr(catalog, section):
            rows.append(row)
            rows.extend(getattr(row, "envelope", ()))
            if getattr(row, "demonstrated", None) is not None:
                rows.append(row.demonstrated)
    return rows


def test_required_port_ids_present() -> None:
    assert set(CATALOG.index["ports"]) >= REQUIRED_PORTS


def test_every_row_has_a_registered_source_and_a_confidence() -> None:
    rows = _all_rows(CATALOG)
    assert len(rows) > 60
    for row in rows:
        assert row.sources, row
        assert set(row.sources) <= set(CATALOG.sources), row
        assert isinstance(row.confidence, Confidence)


def test_resource_categories_all_covered() -> None:
    categories = {interface.category for interface in CATALOG.interfaces}
    assert categories == {"power", "data", "comms", "atmosphere"}
    # ISPSIS 120 Vdc interoperability bus and 28 Vdc secondary bus [R33]
    assert CATALOG.interface("120vdc").voltage_v == 120
    assert CATALOG.interface("28vdc").voltage_v == 28
    # Sea-level class 101.3 kPa, ~21 % O2 [R49a, R49b]; exploration 56.5 kPa, 34 % [R49b]
    assert CATALOG.interface("sea-level").pressure_kpa == pytest.approx(101.3)
    assert CATALOG.interface("exploration").o2_fraction == pytest.approx(0.34)
    # the 70.3 kPa O2 fraction conflicts between sources (26.5 % vs 30 %): kept unset
    assert CATALOG.interface("intermediate").o2_fraction is None


def test_idss_family_geometry() -> None:
    idss = CATALOG.family("idss")
    assert idss.passage_diameter_mm == 800  # [R07]
    assert idss.mating_rule == "androgynous"
    assert CATALOG.port("idss-passive").role == "passive_only"


def test_every_pair_record_uses_the_four_direct_level_verdicts() -> None:
    assert {p.verdict for p in CATALOG.pairings} == {"direct", "none", "unknown", "claimed"}


def test_confidence_labels_are_used() -> None:
    labels = {row.confidence for row in _all_rows(CATALOG)}
    assert labels == set(Confidence)


def test_row_without_source_is_refused() -> None:
    raw = CATALOG.model_dump(mode="json")
    raw["ports"][0]["sources"] = []
    with pytest.raises(ValueError, match="sources"):
        Catalog.model_validate(raw)


def test_bad_confidence_label_is_refused() -> None:
    bad = {
        "id": "x-port",
        "family": "idss",
        "role": "probe",
        "name": "x",
        "sources": ["R09"],
        "confidence": "likely",
    }
    with pytest.raises(DataError, match="confidence"):
        load_catalog({"ports": [bad]})


def test_scenario_additions_are_merged() -> None:
    additions = {
        "sources": {"X1": {"title": "Partner ICD draft", "kind": "unverified"}},
        "families": [
            {
                "id": "mz-docking",
                "name": "Mengzhou docking (assumed)",
                "mating_rule": "androgynous",
                "sources": ["X1"],
                "confidence": "unverified",
            }
        ],
        "ports": [
            {
                "id": "mz-active",
                "family": "mz-docking",
                "role": "active_capable",
                "name": "Mengzhou active",
                "sources": ["X1"],
                "confidence": "unverified",
            }
        ],
        "pairings": [
            {
                "a": "mz-docking",
                "b": "cn-docking",
                "verdict": "claimed",
                "sources": ["X1"],
                "confidence": "unverified",
            }
        ],
    }
    catalog = load_catalog(additions)
    assert "mz-active" in catalog.index["ports"]
    assert "idss-active" in catalog.index["ports"]
    assert len(catalog.ports) == len(CATALOG.ports) + 1


@pytest.mark.parametrize(
    ("additions", "message"),
    [
        (
            {
                "ports": [
                    {
                        "id": "idss-active",
                        "family": "idss",
                        "role": "active_capable",
                        "name": "x",
                        "sources": ["R09"],
                        "confidence": "secondary",
                    }
                ]
            },
            "ports\\[0\\].id: duplicate port id 'idss-active': the built-in catalog already has it",
        ),
        (
            {
                "adapters": [
                    {
                        "id": "ida",
                        "name": "x",
                        "sides": ["apas-95", "idss-passive"],
                        "sources": ["R10"],
                        "confidence": "secondary",
                    }
                ]
            },
            "duplicate adapter id 'ida'",
        ),
        (
            {
                "interfaces": [
                    {
                        "id": "new-bus",
                        "category": "power",
                        "name": "x",
                        "aliases": ["120vdc"],
                        "sources": ["R33"],
                        "confidence": "unverified",
                    }
                ]
            },
            "interfaces\\[0\\].aliases\\[0\\]: duplicate interface id '120vdc'",
        ),
        (
            {
                "pairings": [
                    {
                        "a": "idss",
                        "b": "ssvp",
                        "verdict": "unknown",
                        "sources": ["R11"],
                        "confidence": "unverified",
                    }
                ]
            },
            "duplicate pair record id 'idss\\+ssvp'",
        ),
        ({"sources": {"R09": {"title": "again", "kind": "secondary"}}}, "duplicate source id"),
        (
            {
                "ports": [
                    {
                        "id": "z-port",
                        "family": "zeta",
                        "role": "probe",
                        "name": "x",
                        "sources": ["R09"],
                        "confidence": "secondary",
                    }
                ]
            },
            "ports\\[0\\].family: unknown docking family 'zeta'; allowed: apas",
        ),
        (
            {
                "ports": [
                    {
                        "id": "z-port",
                        "family": "idss",
                        "role": "probe",
                        "name": "x",
                        "sources": ["R999"],
                        "confidence": "secondary",
                    }
                ]
            },
            "ports\\[0\\].sources\\[0\\]: unknown source 'R999'",
        ),
        ({"gadgets": []}, "gadgets: unknown section 'gadgets'"),
    ],
)
def test_bad_additions_are_refused(additions: dict[str, Any], message: str) -> None:
    with pytest.raises(DataError, match=message):
        load_catalog(additions)


def test_pair_records_agree_with_the_role_rules() -> None:
    # A 'direct' record between families must be possible for some pair of their ports
    # (research note §6: a disagreement between rule and record is a catalog error).
    for record in (p for p in CATALOG.pairings if p.verdict == "direct"):
        ports_a = [p for p in CATALOG.ports if record.a in {p.id, p.family}]
        ports_b = [p for p in CATALOG.ports if record.b in {p.id, p.family}]
        assert any(not role_clash(a, b) for a in ports_a for b in ports_b), record


def test_builtin_catalog_is_shared_and_additions_do_not_leak() -> None:
    assert load_catalog() is CATALOG
    extra = {"sources": {"X9": {"title": "t", "kind": "unverified"}}}
    assert "X9" in load_catalog(extra).sources
    assert "X9" not in load_catalog().sources
