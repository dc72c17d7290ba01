"""Science tasks of mutual interest: where and when each can run, and a fair-share schedule.

* :mod:`~lunarstation.science.fairshare` — water-filling, DRF and decayed deficits (plain
  NumPy);
* :mod:`~lunarstation.science.suitability` — per-hour suitability and binding reasons;
* :mod:`~lunarstation.science.scheduler` — the greedy fair-share scheduler on arrays;
* :mod:`~lunarstation.science.engine` — :class:`ScienceEngine` (``science``) wiring them
  to the housekeeping station run; :mod:`~lunarstation.science.openmct` — the plan export.

The day's research crew time comes from :mod:`lunarstation.station.crewtime`, the model
the station's CREW_TIME_SHORT uses too.
"""

from lunarstation.science.engine import ScienceEngine, ScienceOutput
from lunarstation.science.fairshare import drf_divisible, drf_tasks, water_fill
from lunarstation.science.openmct import openmct_plan

__all__ = ["ScienceEngine", "ScienceOutput", "drf_divisible", "drf_tasks", "openmct_plan",
           "water_fill"]  # fmt: skip
