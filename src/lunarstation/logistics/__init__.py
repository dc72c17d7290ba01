"""Campaign logistics: the programme timeline, transfers and their margins, deliveries."""

from lunarstation.logistics.campaign import (
    LogisticsEngine,
    LogisticsOutput,
    LogisticsSummary,
    MissionLogistics,
    Transfer,
    transfer,
)
from lunarstation.logistics.flight import Flight, element_fates, fly_mission
from lunarstation.logistics.network import Network, default_network
from lunarstation.logistics.rocket import delta_v_from_propellant, propellant_for_delta_v
from lunarstation.logistics.timeline import (
    TimelineEngine,
    TimelineOutput,
    TimelineSummary,
    launch_check,
    payload_mass_kg,
)
from lunarstation.logistics.transport import Burn, Move, Stack, Staging, Tank, Vehicle, fly

__all__ = [
    "Burn",
    "Flight",
    "LogisticsEngine",
    "LogisticsOutput",
    "LogisticsSummary",
    "MissionLogistics",
    "Move",
    "Network",
    "Stack",
    "Staging",
    "Tank",
    "TimelineEngine",
    "TimelineOutput",
    "TimelineSummary",
    "Transfer",
    "Vehicle",
    "default_network",
    "delta_v_from_propellant",
    "element_fates",
    "fly",
    "fly_mission",
    "launch_check",
    "payload_mass_kg",
    "propellant_for_delta_v",
    "transfer",
]
