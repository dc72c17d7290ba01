"""Who takes part and when: partners and programme stages."""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator

from lunarstation.scenario.base import Entity, NonEmptyText, ScenarioDate


class PartnerRole(StrEnum):
    """A partner's standing in the programme."""

    FOUNDING = "founding"
    PARTNER = "partner"
    OBSERVER = "observer"


class Partner(Entity):
    """A country, agency or organisation that contributes to or benefits from the station."""

    name: NonEmptyText
    agency: NonEmptyText
    """Agency or organisation that acts for the partner, e.g. CNSA, Roscosmos."""
    country: NonEmptyText
    """Country, or 'international' for an intergovernmental organisation."""
    joined: ScenarioDate
    """Date the partner joined (memorandum or agreement signed)."""
    role: PartnerRole = PartnerRole.PARTNER
    cooperation_areas: tuple[NonEmptyText, ...] = ()
    """Areas of cooperation, e.g. 'payloads', 'launch', 'ground stations', 'science'."""


class Stage(Entity):
    """A programme stage (phase) with its calendar span and goals."""

    name: NonEmptyText
    start: ScenarioDate
    """First day of the stage (inclusive)."""
    end: ScenarioDate
    """Last day of the stage (inclusive)."""
    goals: tuple[NonEmptyText, ...] = ()

    @model_validator(mode="after")
    def _end_after_start(self) -> Stage:
        if self.end < self.start:
            raise ValueError(
                f"end {self.end.isoformat()} is before start {self.start.isoformat()}; "
                "a stage must end on or after the day it starts"
            )
        return self
