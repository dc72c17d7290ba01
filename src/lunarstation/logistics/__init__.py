"""Campaign logistics: the programme timeline, transfers and their margins, deliveries."""

from lunarstation.logistics.campaign import LogisticsEngine, transfer
from lunarstation.logistics.flight import Flight, element_fates, fly_mission
from lunarstation.logistics.network import Network, default_network
from lunarstation.logistics.rocket import delta_v_from_propellant, propellant_for_delta_v
from lunarstation.logistics.timeline import TimelineEngine, launch_check, payload_mass_kg
from lunarstation.logistics.transport import Burn, Move, Stack, Staging, Tank, Vehicle, fly

__all__ = [
    "Burn",
    "Flight",
    "LogisticsEngine",
    "Move",
    "Network",
    "Stack",
    "Staging",
    "Tank",
    "TimelineEngine",
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
