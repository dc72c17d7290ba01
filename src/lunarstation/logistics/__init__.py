"""Campaign logistics: the programme timeline, transports, deliveries and resupply."""

from lunarstation.logistics.timeline import TimelineEngine, launch_check, payload_mass_kg

__all__ = ["TimelineEngine", "launch_check", "payload_mass_kg"]
