"""The package's public names: ``from lunarstation.scenario import *`` gives every one."""

from __future__ import annotations

import lunarstation.scenario as scenario_package


def test_star_import_gives_every_name_in_all() -> None:
    namespace: dict[str, object] = {}
    exec("from lunarstation.scenario import *", namespace)
    missing = [name for name in scenario_package.__all__ if name not in namespace]
    assert missing == []
    assert all(
        namespace[name] is getattr(scenario_package, name) for name in scenario_package.__all__
    )


def test_options_models_are_exported() -> None:
    assert {
        "ScenarioOptions",
        "StationModelOptions",
        "RadiatorOptions",
        "LinkOptions",
        "InteropModelOptions",
        "LedgerModelOptions",
        "ContributionWeights",
        "ContributionBasisName",
        "ShedLevel",
        "InteropAdditions",
        "NetworkAdditions",
        "NetworkEdge",
    } <= set(scenario_package.__all__)
