"""Campaign logistics: the programme timeline, transfers and their margins, deliveries."""

from lunarstation.logistics.campaign import LogisticsEngine, transfer
from lunarstation.logistics.network import Network, default_network
from lunarstation.logistics.rocket import delta_v_from_propellant, propellant_for_delta_v
from lunarstation.logistics.timeline import TimelineEngine, launch_check, payload_mass_kg
from lunarstation.logistics.transport import Burn, Stack, Staging, Tank, Vehicle, fly

__all__ = [
    "Burn",
    "LogisticsEngine",
    "Network",
    "Stack",
    "Staging",
    "Tank",
    "TimelineEngine",
    "Vehicle",
    "default_network",
    "delta_v_from_propellant",
    "fly",
    "launch_check",
    "payload_mass_kg",
    "propellant_for_delta_v",
    "transfer",
]
