"""The schedule as an Open MCT plan: groups of activities with start and end in ms.

Open MCT's Plan view reads a JSON object whose keys are group names and whose values are
lists of activities ``{"name", "start", "end", "type", "color", "textColor"}`` with times
in milliseconds since 1970 (UTC). Groups here are partners; an activity is one piece of a
run.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from lunarstation.science.scheduler import RESOURCES

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")  # fmt: skip


def _ms(moment: Any) -> int:
    return int(pd.Timestamp(moment).tz_convert("UTC").value // 1_000_000)


def openmct_plan(schedule: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The ``science_schedule`` table as an Open MCT plan (keys sorted: byte-stable JSON)."""
    plan: dict[str, list[dict[str, Any]]] = {}
    partners = sorted(set(schedule["partner"])) if len(schedule) else []
    for row in schedule.itertuples(index=False):
        colour = PALETTE[partners.index(row.partner) % len(PALETTE)]
        plan.setdefault(str(row.partner), []).append({
            "name": f"{row.task} #{row.run}", "start": _ms(row.start), "end": _ms(row.end),
            "type": str(row.site), "color": colour, "textColor": "#ffffff",
            "properties": {name: float(getattr(row, name))
                           for name in RESOURCES},
        })  # fmt: skip
    return {key: plan[key] for key in sorted(plan)}


__all__ = ["openmct_plan"]
