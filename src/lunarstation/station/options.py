"""The station's modelling choices, resolved from the scenario's ``options.station``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lunarstation.scenario.options import StationModelOptions
from lunarstation.station.build import DEFAULT_SHED_ORDER
from lunarstation.station.comms import DIRECT_TO_EARTH_KBPS, RELAY_KBPS, Links
from lunarstation.station.lifesupport import LifeSupport
from lunarstation.station.thermal import Radiators


@dataclass(frozen=True)
class StationOptions:
    """The station's modelling choices, resolved from ``options.station`` of the scenario."""

    life_support: LifeSupport = field(default_factory=LifeSupport)
    radiators: Mapping[str, Radiators] = field(default_factory=dict)
    """Radiators per site id. A site without an entry gets radiators sized (at 275 K) for its
    peak heat against the lit sink, so only declared radiators can raise THERMAL_LIMIT for
    rejection; heaters still can (survival power unmet)."""
    links: Links = field(default_factory=Links)
    survival_reserve: float = 0.5
    """Share of usable battery energy kept for survival loads only (night mode); 0 lets
    every level draw the battery until it is empty. Default 0.5, a modelling choice: real
    landers hibernate through the night (Chang'e-3/-4, lunar-environment.md §4) instead of
    running operations until the battery is flat."""
    shed_order: tuple[str, ...] = DEFAULT_SHED_ORDER
    """Load levels shed first to last when power is short."""
    reserve_days: float = 14.0
    """CONSUMABLE_LOW below this many days of the current crew's need."""
    backlog_window_days: float = 30.0
    """DATA_BACKLOG when the backlog never empties and grows over this last window."""

    @classmethod
    def of(cls, options: StationModelOptions) -> StationOptions:
        """The options a scenario file declares, as the engine uses them."""
        links = options.links
        return cls(
            life_support=LifeSupport(closed_loop=options.closed_loop_life_support),
            radiators={
                site: Radiators(r.area_m2, r.emissivity, r.temperature_k)
                for site, r in options.radiators.items()
            },
            links=Links(
                DIRECT_TO_EARTH_KBPS if links.direct_kbps is None else links.direct_kbps,
                RELAY_KBPS if links.relay_kbps is None else links.relay_kbps,
            ),
            survival_reserve=options.survival_reserve_share,
            shed_order=tuple(options.shed_order),
            reserve_days=options.reserve_days,
            backlog_window_days=options.backlog_window_days,
        )


__all__ = ["StationOptions"]
