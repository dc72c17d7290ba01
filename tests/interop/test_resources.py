"""Resource interfaces of two connected elements (reference/interoperability.md §1.2–1.6)."""

from __future__ import annotations

import pytest

from lunarstation.interop import UnknownReferenceError, check_resources, load_catalog
from lunarstation.interop.resources import check_category

CATALOG = load_catalog()


def test_same_power_bus_is_compatible_through_aliases() -> None:
    # 120 Vdc is the ISPSIS vehicle-to-vehicle interoperability bus [R33]
    verdict = check_category(CATALOG, "power", ["120vdc"], ["ispsis-120vdc"])
    assert verdict.status == "compatible"
    assert verdict.converter is None


def test_28v_load_on_120v_bus_needs_a_named_converter() -> None:
    verdict = check_category(CATALOG, "power", ["28vdc"], ["ispsis-120vdc"])
    assert verdict.status == "converter"
    assert verdict.converter is not None
    assert verdict.converter.id == "dc-dc-120-28"
    # the converter row is unverified, so the verdict is too (never upgraded)
    assert verdict.confidence.value == "unverified"


def test_120v_asset_to_the_surface_grid_needs_the_umic() -> None:
    # UMIC links 120 Vdc assets to the grid; grid transmission 3 kV AC [R36]
    verdict = check_category(CATALOG, "power", ["ispsis-120vdc"], ["lunar-grid-3kvac"])
    assert (verdict.status, verdict.converter and verdict.converter.id) == ("converter", "umic")


def test_data_buses_without_bridge_are_incompatible() -> None:
    verdict = check_category(CATALOG, "data", ["spacewire"], ["sae-as6802-tte"])
    assert verdict.status == "incompatible"
    assert "spacewire" in verdict.reason


def test_comms_bands_disjoint_are_incompatible() -> None:
    # Proximity-1 UHF 437-448 MHz [R51] vs LunaNet AFS 2483.5-2500 MHz [R27]
    verdict = check_category(CATALOG, "comms", ["ccsds-prox1-uhf"], ["lunanet-afs"])
    assert verdict.status == "incompatible"
    assert "MHz" in verdict.reason


def test_different_atmospheres_need_an_equalisation_procedure() -> None:
    # 101.3 kPa vs 56.5 kPa: an operational mismatch, solved as ASTP did [R18b]
    verdict = check_category(CATALOG, "atmosphere", ["sea-level"], ["exploration"])
    assert verdict.status == "converter"
    assert verdict.converter is not None
    assert "equalisation" in verdict.converter.name


def test_missing_side_is_unknown_not_incompatible() -> None:
    verdicts = check_resources(CATALOG, {"power": ["120vdc"]}, {}, ["power", "data"])
    assert [v.status for v in verdicts] == ["unknown", "unknown"]


def test_interface_in_the_wrong_category_is_refused() -> None:
    with pytest.raises(UnknownReferenceError, match="power interface 'spacewire'"):
        check_category(CATALOG, "power", ["spacewire"], ["120vdc"])


def test_unknown_interface_suggests_ids() -> None:
    with pytest.raises(UnknownReferenceError, match="did you mean"):
        check_category(CATALOG, "data", ["spacewyre"], ["tte"])
