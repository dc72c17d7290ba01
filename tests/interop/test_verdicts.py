"""Port verdicts against the research note's pairwise table (reference/interoperability.md §2.3).

Each row is asserted with the source the note gives for it (source ids as in the
note's register and the catalog's ``sources``), and the test checks that the
verdict's evidence cites that source.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.interop import Catalog, UnknownReferenceError, check_ports, load_catalog
from lunarstation.interop.catalog import merge_additions
from lunarstation.interop.compatibility import adapter_chain

CATALOG = load_catalog()

# (port A, port B, verdict, adapters A→B, a source the evidence must cite), §2.3 row by row.
PAIRWISE_TABLE = [
    # Dragon 2 and Starliner dock to NDS ports on the IDAs since 2019 [R09]
    ("idss-active", "idss-passive", "direct", (), "R09"),
    # one side must be active [R10b, R09c]
    ("idss-passive", "idss-passive", "none", (), "R09c"),
    # IDSS | APAS-95 through the IDA (526 kg, 1.1 m) [R10]
    ("idss-active", "apas-95", "adapter", ("ida",), "R10"),
    # IDSS | CBM none: the CBM-to-NDS adapter (CDA) was never built [R09, R10]
    ("idss-active", "cbm-active", "none", (), "R10"),
    ("idss-passive", "cbm-passive", "none", (), "R09"),
    # APAS-95 | APAS-89 direct: the Shuttle docked at Mir through APAS-89 units [R14]
    ("apas-95", "apas-89", "direct", (), "R14"),
    # APAS-75 | APAS-89 none: ring diameter 2030 mm vs 1550 mm [R13]
    ("apas-75", "apas-89", "none", (), "R13"),
    # APAS-95 | CBM through the PMA [R15b]
    ("apas-95", "cbm-active", "adapter", ("pma",), "R15b"),
    # Soyuz/Progress/ATV to the ISS Russian segment [R11]
    ("ssvp-probe", "ssvp-drogue", "direct", (), "R11"),
    # gendered systems cannot join two of the same gender [R18]
    ("ssvp-probe", "ssvp-probe", "none", (), "R18"),
    ("ssvp-drogue", "ssvp-drogue", "none", (), "R18"),
    # SSVP-M | SSVP through the Nauka temporary adapter [R12]
    ("ssvp-m-drogue", "ssvp-probe", "adapter", ("nauka-ssvp-adapter",), "R12"),
    # SSVP (any) | IDSS none: different families, no adapter in any source [R11, R07]
    ("ssvp-probe", "idss-passive", "none", (), "R11"),
    ("ssvp-drogue", "idss-active", "none", (), "R07"),
    ("ssvp-m-probe", "idss-passive", "none", (), "R12"),
    # SSVP (any) | APAS family / Chinese none: probe-drogue vs peripheral ring [R11, R13, R14, R15]
    ("ssvp-probe", "apas-89", "none", (), "R13"),
    ("ssvp-drogue", "apas-95", "none", (), "R14"),
    ("ssvp-probe", "cn-docking-passive", "none", (), "R15"),
    ("ssvp-m-drogue", "apas-95", "none", (), "R14"),
    ("ssvp-m-probe", "cn-docking-passive", "none", (), "R15"),
    # Chinese mechanism | APAS-95 claimed [R17, R15]
    ("cn-docking-active", "apas-95", "claimed", (), "R17"),
    # Chinese mechanism | IDSS unknown: no source claims it [R15, R16 silent]
    ("cn-docking-active", "idss-passive", "unknown", (), "R16"),
    # Oryol (future) | Gateway IDSS port: harmonisation talks only [R19-R22]
    ("orel-docking", "idss-passive", "unknown", (), "R19"),
    # Soyuz TM-16 with APAS-89 | Kristall APAS-89: direct [R11, R14]
    ("apas-89", "apas-89", "direct", (), "R11"),
]


@pytest.mark.parametrize(("port_a", "port_b", "verdict", "adapters", "source"), PAIRWISE_TABLE)
def test_pairwise_table(
    port_a: str, port_b: str, verdict: str, adapters: tuple[str, ...], source: str
) -> None:
    result = check_ports(CATALOG, port_a, port_b)
    assert result.verdict == verdict, result.reason
    assert tuple(adapter.id for adapter in result.adapters) == adapters
    assert any(source in citation.sources for citation in result.evidence)


def test_none_names_the_reason() -> None:
    assert check_ports(CATALOG, "idss-passive", "idss-passive").reason == "two passive halves"
    assert check_ports(CATALOG, "ssvp-probe", "ssvp-probe").reason == "two probes"
    assert "incompatible families" in check_ports(CATALOG, "ssvp-probe", "idss-passive").reason


def test_ida_chain_reports_mass_and_length() -> None:
    # IDA: 526 kg, 1.1 m (42 in) tall [R10]
    result = check_ports(CATALOG, "apas-95", "idss-active")
    assert result.added_mass_kg == pytest.approx(526.0)
    assert result.added_length_m == pytest.approx(1.1)


def test_unpublished_adapter_mass_is_none_not_zero() -> None:
    assert check_ports(CATALOG, "apas-95", "cbm-active").added_mass_kg is None


def test_two_adapter_chain_found_without_the_pair_record() -> None:
    # Without the explicit "IDSS | CBM: none" record the search finds the ISS stack:
    # IDSS vehicle → IDA → PMA → CBM (IDA-2 on PMA-2 [R10]; PMA CBM↔APAS-95 [R15b]).
    raw = CATALOG.model_dump(mode="json")
    raw["pairings"] = [p for p in raw["pairings"] if {p["a"], p["b"]} != {"idss", "cbm"}]
    catalog = Catalog.model_validate(raw)
    result = check_ports(catalog, "idss-active", "cbm-active")
    assert result.verdict == "adapter"
    assert [adapter.id for adapter in result.adapters] == ["ida", "pma"]
    reverse = check_ports(catalog, "cbm-active", "idss-active")
    assert [adapter.id for adapter in reverse.adapters] == ["pma", "ida"]


def test_chain_limited_by_max_adapters() -> None:
    port_a, port_b = CATALOG.port("apas-95"), CATALOG.port("cbm-active")
    assert adapter_chain(CATALOG, port_a, port_b, max_adapters=0) is None
    assert adapter_chain(CATALOG, port_a, port_b, max_adapters=1) is not None


def test_cancelled_adapters_are_never_flown() -> None:
    flown = {a.id for a in check_ports(CATALOG, "idss-active", "apas-95").adapters}
    assert "atlas" not in flown
    assert "cda" not in {a.id for a in check_ports(CATALOG, "idss-active", "cbm-active").adapters}


def test_lighter_chain_wins_among_equal_length() -> None:
    heavy = {
        "id": "heavy-ida",
        "name": "heavier copy of the IDA",
        "sides": ["apas-95", "idss-passive"],
        "mass_kg": 900.0,
        "sources": ["R10"],
        "confidence": "unverified",
    }
    catalog = load_catalog({"adapters": [heavy]})
    assert [a.id for a in check_ports(catalog, "idss-active", "apas-95").adapters] == ["ida"]


def test_family_without_published_mating_stays_unknown() -> None:
    # Orel's planned system: no demonstrated mating, even between fitting roles.
    drogue = {
        "id": "orel-drogue",
        "family": "orel-docking",
        "role": "drogue",
        "name": "hypothetical Orel drogue",
        "sources": ["R11"],
        "confidence": "unverified",
    }
    catalog = load_catalog({"ports": [drogue]})
    assert check_ports(catalog, "orel-docking", "orel-drogue").verdict == "unknown"


def test_unknown_port_suggests_the_close_id() -> None:
    with pytest.raises(UnknownReferenceError, match="did you mean 'idss-active'"):
        check_ports(CATALOG, "idss-actve", "idss-passive")


PORT_IDS = sorted(CATALOG.index["ports"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PORT_IDS), st.sampled_from(PORT_IDS))
def test_verdict_is_symmetric_and_never_inferred_direct(port_a: str, port_b: str) -> None:
    forward, backward = check_ports(CATALOG, port_a, port_b), check_ports(CATALOG, port_b, port_a)
    assert forward.verdict == backward.verdict
    assert [a.id for a in forward.adapters] == [a.id for a in reversed(backward.adapters)]
    assert forward.added_mass_kg == backward.added_mass_kg
    if forward.verdict == "direct":
        # some evidence row must say so: a demonstration or an explicit direct record
        assert any(
            c.row.endswith("(demonstrated)") or c.row.startswith("pairing")
            for c in forward.evidence
        )
    if forward.verdict in {"adapter", "direct", "claimed"}:
        assert forward.evidence


def test_additions_keep_the_builtin_rows() -> None:
    builtin = load_catalog()
    source = {"title": "Partner ICD draft", "kind": "unverified"}
    merged, problems = merge_additions({"sources": {"X1": source}})
    assert problems == []
    assert merged is not None
    assert merged.ports == builtin.ports
    assert set(merged.sources) == {*builtin.sources, "X1"}
