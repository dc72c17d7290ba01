"""Science tasks of mutual interest and how the station's resources are shared among them.

A scenario's ``science:`` section declares the sharing ``policy`` and the ``tasks``: each
an experiment campaign proposed by one partner, wanted by others (an interest score each),
with what one run needs (site or module, hours, power, crew, data, illumination, contact)
and when it may run. The science engine (:mod:`lunarstation.science`) evaluates the
requirements hour by hour against the other engines' outputs and schedules the runs
(docs/science.md).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from lunarstation.scenario.base import Entity, Identifier, Model, NonEmptyText, UtcDateTime
from lunarstation.scenario.missions import Requirement


class SharingPolicy(StrEnum):
    """How partners' entitlements are weighted."""

    PARITY = "parity"
    """Equal weights: the "parity basis" of the ILRS partners' statements."""
    CONTRIBUTION = "contribution"
    """Weights from the ledger's contribution shares (``options.ledger.contribution_basis``)."""
    SHARES = "shares"
    """Fixed shares (``science.shares``), e.g. the ISS MOUs' 76.6 / 12.8 / 8.3 / 2.3 %."""


class Interest(Model):
    """A partner interested in a task, with how much (0–1)."""

    partner: Identifier
    interest: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0


class Recurrence(Model):
    """Runs spread out: at most one run in each window of ``every_days`` from the earliest start."""

    every_days: Annotated[float, Field(gt=0.0, le=3650.0)]


class ScienceTask(Entity):
    """An experiment campaign: a number of runs, each needing the same resources."""

    name: NonEmptyText
    partner: Identifier
    """Proposing partner: the one the runs' resources are charged to."""
    interested: tuple[Interest, ...] = ()
    """Other partners that want the results, with an interest score each."""
    priority: Annotated[int, Field(ge=1, le=10)] = 5
    """1 (low) to 10 (high): a partner's higher-priority tasks are placed first."""
    site: Identifier
    """Surface site where it runs."""
    module: Identifier | None = None
    """Element it runs in or on (must be at the site and in service); None: anywhere at the
    site, on the crew's habitat power."""
    run_hours: Annotated[int, Field(ge=1, le=8760)]
    """Duration of one run, hours."""
    runs: Annotated[int, Field(ge=1, le=10_000)] | None = None
    """Number of runs (None with a recurrence: as many as fit before the deadline)."""
    recurrence: Recurrence | None = None
    power_w: Annotated[float, Field(ge=0.0, le=1.0e6)] = 0.0
    """Power drawn while it runs, W (checked against the spare power of its grid)."""
    energy_kwh_per_run: Annotated[float, Field(ge=0.0, le=1.0e6)] | None = None
    """Energy of one run, kWh (default: power_w × run_hours); the load is spread evenly."""
    crew_hours_per_run: Annotated[float, Field(ge=0.0, le=1.0e4)] = 0.0
    """Crew time one run takes, crew-hours."""
    crew: Annotated[int, Field(ge=0, le=20)] | None = None
    """Crew members needed at once (default: 1 when the run takes crew time, else 0)."""
    data_gb_per_run: Annotated[float, Field(ge=0.0, le=1.0e6)] = 0.0
    """Data one run produces, GB (checked against the day's spare downlink)."""
    requires: tuple[Requirement, ...] = ()
    """Conditions every hour of a run must meet: sunlit, dark, permanent-shadow,
    earth-visible, relay-contact, earth-contact, radio-quiet, crew, thermal-window,
    powered."""
    prefers: tuple[Requirement, ...] = ()
    """Conditions that make an hour better (score halved where one does not hold)."""
    earliest: UtcDateTime | None = None
    deadline: UtcDateTime | None = None
    """Every run must end by then."""
    after: tuple[Identifier, ...] = ()
    """Tasks whose runs must all be done before this one starts."""
    splittable: bool = False
    """A run may be split into separate hours (its crew time and data split evenly)."""
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> ScienceTask:
        if self.runs is None and self.recurrence is None:
            raise ValueError("a task needs runs (how many) or a recurrence (every_days)")
        if self.earliest and self.deadline and self.deadline <= self.earliest:
            raise ValueError("deadline must be after earliest")
        if self.id in self.after:
            raise ValueError(f"task {self.id!r} cannot come after itself")
        if self.crew_members * self.run_hours < self.crew_hours_per_run:
            raise ValueError(
                f"crew_hours_per_run {self.crew_hours_per_run:g} exceeds crew × run_hours "
                f"({self.crew_members} × {self.run_hours})"
            )
        if (
            self.energy_kwh_per_run is not None
            and self.power_w > 0
            and (self.energy_kwh_per_run > self.power_w * self.run_hours / 1000.0 * (1 + 1e-9))
        ):
            raise ValueError("energy_kwh_per_run exceeds power_w × run_hours")
        if any(i.partner == self.partner for i in self.interested):
            raise ValueError("the proposing partner is not listed again under interested")
        return self

    @property
    def crew_members(self) -> int:
        """Crew needed at once (the default applied)."""
        if self.crew is not None:
            return self.crew
        return 1 if self.crew_hours_per_run > 0 else 0

    @property
    def load_w(self) -> float:
        """Mean power while running, W (from the energy per run when given)."""
        if self.energy_kwh_per_run is None:
            return self.power_w
        return self.energy_kwh_per_run * 1000.0 / self.run_hours

    @property
    def mutual_interest(self) -> float:
        """How widely wanted: 1 (the proposer) plus the interested partners' scores."""
        return 1.0 + sum(i.interest for i in self.interested)


class CrewTimeModel(Model):
    """Crew time a site's crew can give, per week (lunarstation.station.crewtime).

    ``crew × programme_h_per_day × workdays_per_week`` of programme time, of which the
    station's upkeep, ``upkeep_h_per_week + upkeep_h_per_element_week × elements in
    service``, comes first; the rest is research time. The station's CREW_TIME_SHORT and
    the science scheduler's daily budgets both use it.
    """

    programme_h_per_day: Annotated[float, Field(gt=0.0, le=24.0)] = 6.5
    """Mission-programme work per crew member per working day, h (D. Pettit, Senate
    testimony 2012: about 6.5 h of a 13–14 h working day)."""
    workdays_per_week: Annotated[float, Field(gt=0.0, le=7.0)] = 5.0
    """Working days per week (ISS "Life aboard": about 10 h per weekday, Saturday light)."""
    upkeep_h_per_week: Annotated[float, Field(ge=0.0, le=1000.0)] = 0.0
    """Fixed station upkeep on top of the per-element figure, crew-hours per week."""
    upkeep_h_per_element_week: Annotated[float, Field(ge=0.0, le=100.0)] = 6.5
    """Upkeep per element in service, crew-hours per week: the ISS US segment's 65 h/week
    over its ten pressurised modules (NASA 2020: a fourth USOS crew member doubles
    research time; station/crewtime.py). A lunar module's figure is not known."""


class ScienceSection(Model):
    """``science:`` of a scenario: the sharing policy and the tasks."""

    policy: SharingPolicy = SharingPolicy.PARITY
    shares: dict[Identifier, Annotated[float, Field(gt=0.0)]] = Field(default_factory=dict)
    """Weights per partner for ``policy: shares`` (normalised; partners not listed get 0)."""
    period_days: Annotated[float, Field(gt=0.0, le=3650.0)] = 30.0
    """Planning period: entitlements are computed and compared per period, days."""
    deficit_half_life_days: Annotated[float, Field(gt=0.0, le=36_500.0)] = 90.0
    """Half-life of a partner's carried shortfall, days (Slurm-style decay)."""
    crew_time: CrewTimeModel = CrewTimeModel()
    tasks: tuple[ScienceTask, ...] = ()

    @model_validator(mode="after")
    def _shares_given(self) -> ScienceSection:
        if self.policy is SharingPolicy.SHARES and not self.shares:
            raise ValueError("policy 'shares' needs science.shares (weights per partner)")
        return self


__all__ = [
    "CrewTimeModel",
    "Interest",
    "Recurrence",
    "ScienceSection",
    "ScienceTask",
    "SharingPolicy",
]
