"""Logistics engines on SpaceNet's QS2 lunar outpost replicated n times, against SpaceNet Java.

Run as ``python benchmarks/bench_logistics.py`` (all sections) or with section names
(``qs2``, ``ilrs``, ``profile``). Figures go to benchmarks/README.md, "Logistics".

* ``qs2``: SpaceNet's Quick Start 2 (shared/reference/spacenet.md §3.1) as a lunarstation
  scenario, its four missions replicated 1, 4, 16 and 64 times (4 … 256 missions), each
  copy 400 days after the last with fresh ids, as SpaceNet's own scaling run did (§3.2).
  Timed: loading the YAML text (parse + validation + cross-references) and
  ``simulate`` with the timeline, logistics and ledger engines; best of 3 after a warm-up.
  SpaceNet Java's FullSimulator times on this same 2-core machine are quoted from §3.2.
  One case beyond SpaceNet's runs: 256 copies 100 days apart (1,024 missions, same span;
  dates must stay before 2101), to show where growth stops being linear.
* ``ilrs``: the same three engines on the built-in ``ilrs-reference`` campaign.
* ``profile``: cProfile, top functions by own time, of the engines on the 1,024-mission
  case and of the scenario load on the 256-mission case.

QS2 in lunarstation terms: flight edges become launch vehicles whose TLI payload is the
edge capacity (Crewed Delivery 15,500 kg, Cargo Delivery 13,000 kg; Crewed Return is the
return capsule leaving at the end of the stay). Per copy: an uncrewed check-out flight of
a crewed lander (12,000 kg) and return capsule (3,000 kg); a 7-day and a 14-day stay of
4 crew with their own lander and capsule; a cargo lander with the habitat (7,500 kg) and
power unit (2,500 kg). The cargo lander's 1,000 kg is not printed in §3.1; it is what
makes QS2's launch mass 56,800 kg (§3.3, V4) with 800 kg of crew. QS2 ships no cargo
items (its manifest is empty), so the copies carry none.
"""

from __future__ import annotations

import cProfile
import io
import json
import math
import pstats
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML

from lunarstation.logistics.campaign import LogisticsEngine
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.partners.ledger import LedgerEngine
from lunarstation.scenario import Scenario, load_scenario, loads_scenario
from lunarstation.simulate import RunResult, simulate

sys.path.insert(0, str(Path(__file__).parent))
from run_all import machine

T = TypeVar("T")

COPIES = (1, 4, 16, 64)
"""QS2 copies per case: 4, 16, 64 and 256 missions."""
SHIFT_DAYS = 400
"""Each copy launches this many days after the previous one (SpaceNet's scaling run)."""
JAVA_FULL_S = {4: 0.84, 16: 2.04, 64: 9.18, 256: 105.7}
"""SpaceNet Java FullSimulator wall time by missions, this machine (spacenet.md §3.2)."""
JAVA_DEMAND_S = {4: 0.085, 16: 0.164, 64: 0.457, 256: 2.68}
"""SpaceNet Java DemandSimulator (demands only, no snapshots) by missions (§3.2)."""
SPACENET_ELEMENTS_256 = 1088
"""SpaceNet's element count at 256 missions: 17 per copy, 8 of them crew members."""
SPACENET_LAUNCH_MASS_KG = 56_800.0
"""QS2 launch mass per copy, 800 kg of it crew (spacenet.md §3.3, V4)."""
CREW = 4
CREW_MASS_KG = 100.0
RUNS = 3
"""Timed runs per case, after one warm-up run."""
DENSE = (256, 100)
"""Beyond SpaceNet's runs: 256 copies 100 days apart (1,024 missions in the same 70 years)."""

# id stem -> (name, kind, dry mass kg, extra fields); the lander carries the crew down
# and stays, the capsule is the crew vehicle that leaves at the end of the stay.
ELEMENTS: dict[str, tuple[str, str, float, dict[str, Any]]] = {
    "lander": ("Crewed lander", "lander", 12_000.0, {"crew_capacity": CREW}),
    "capsule": ("Crewed return capsule", "crew_vehicle", 3_000.0, {"crew_capacity": CREW}),
    "cargo-lander": ("Cargo lander", "cargo_vehicle", 1_000.0, {}),
    # Power figures are ESTIMATES (QS2 has none): they make the assembly-order check look
    # for a power source at the site for every habitat, as it would in a real campaign.
    "habitat": ("Crew habitat", "habitat", 7_500.0,
                {"crew_capacity": CREW, "power": {"nominal_w": 3000, "survival_w": 1000}}),
    "power-unit": ("Power supply unit", "power_plant", 2_500.0,
                   {"power": {"steady_generation_w": 10000}}),
}  # fmt: skip

# (mission stem, name, launch, launch vehicle, element stems, crew, surface days)
MISSIONS: tuple[tuple[str, str, datetime, str, tuple[str, ...], int, float | None], ...] = (
    ("checkout", "Automated check-out", datetime(2019, 7, 1, 4, tzinfo=UTC),
     "crewed-delivery", ("lander", "capsule"), 0, None),
    ("explore-7d", "7-day surface exploration", datetime(2019, 12, 1, 4, tzinfo=UTC),
     "crewed-delivery", ("lander", "capsule"), CREW, 7.0),
    ("habitat", "Habitat delivery", datetime(2020, 3, 1, 4, tzinfo=UTC),
     "cargo-delivery", ("cargo-lander", "habitat", "power-unit"), 0, None),
    ("explore-14d", "14-day surface exploration", datetime(2020, 7, 1, 4, tzinfo=UTC),
     "crewed-delivery", ("lander", "capsule"), CREW, 14.0),
)  # fmt: skip


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def qs2_document(copies: int, shift_days: int = SHIFT_DAYS) -> dict[str, Any]:
    """QS2 replicated ``copies`` times, ``shift_days`` apart, as a scenario document."""
    elements: list[dict[str, Any]] = []
    missions: list[dict[str, Any]] = []
    for copy in range(copies):
        shift = timedelta(days=shift_days * copy)
        for stem, name, launch, vehicle, parts, crew, stay in MISSIONS:
            mission_id = f"{stem}-{copy:03d}"
            ids = []
            for part in parts:
                element_id = f"{mission_id}-{part}"
                label, kind, dry_kg, extra = ELEMENTS[part]
                elements.append(
                    {"id": element_id, "name": f"{label} ({mission_id})", "partner": "nasa",
                     "kind": kind, "dry_mass_kg": dry_kg, **extra}
                )  # fmt: skip
                ids.append(element_id)
            mission: dict[str, Any] = {
                "id": mission_id,
                "name": f"{name}, copy {copy + 1}",
                "partners": ["nasa"],
                "launch": _iso(launch + shift),
                "launch_vehicle": vehicle,
                "destination": "lsp",
                "transit_days": 7.5,
                "payload": {"elements": ids},
            }
            if crew:
                mission.update(crew=crew, surface_days=stay)
            missions.append(mission)
    return {
        "name": f"qs2-x{copies}",
        "title": f"SpaceNet Quick Start 2 lunar outpost, {copies} cop{'y' if copies == 1 else 'ies'}",
        "constants": {"crew_member_mass_kg": CREW_MASS_KG},
        "partners": [
            {
                "id": "nasa",
                "name": "NASA",
                "agency": "NASA",
                "country": "United States",
                "joined": "2005-01-01",
                "role": "founding",
            }
        ],
        "stages": [
            {
                "id": "outpost",
                "name": "Outpost build-up and operations",
                "start": "2019-01-01",
                "end": "2095-12-31",
            }
        ],
        "sites": [
            {
                "id": "lsp",
                "name": "Lunar south pole (QS1/QS2 LSP)",
                "lat_deg": -89.9,
                "lon_east_deg": 0.0,
            }
        ],
        "launch_vehicles": [
            {
                "id": "crewed-delivery",
                "name": "Crewed Delivery flight edge",
                "partner": "nasa",
                "payload_leo_kg": 15_500,
                "payload_tli_kg": 15_500,
            },
            {
                "id": "cargo-delivery",
                "name": "Cargo Delivery flight edge",
                "partner": "nasa",
                "payload_leo_kg": 13_000,
                "payload_tli_kg": 13_000,
            },
        ],
        "elements": elements,
        "missions": missions,
    }


def qs2_text(copies: int, shift_days: int = SHIFT_DAYS) -> str:
    """The scenario as YAML text (JSON is YAML), as a user or an API upload would give it."""
    return json.dumps(qs2_document(copies, shift_days), indent=1)


def qs2_yaml_text(copies: int, shift_days: int = SHIFT_DAYS) -> str:
    """The same scenario as block-style YAML, the way people write scenario files."""
    buffer = io.StringIO()
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = False
    dumper.dump(qs2_document(copies, shift_days), buffer)
    return buffer.getvalue()


def engines() -> list[Any]:
    return [TimelineEngine(), LogisticsEngine(), LedgerEngine()]


def run_engines(scenario: Scenario) -> RunResult:
    return simulate(scenario, engines=engines())


def best_of(runs: int, job: Callable[[], T]) -> tuple[float, T]:
    """Best wall time of ``runs`` calls after one warm-up call, and the last result."""
    result = job()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - began)
    return min(times), result


def exponent(t_small: float, t_large: float, ratio: float = 4.0) -> float:
    """Growth exponent k in t ∝ n^k between two sizes ``ratio`` apart."""
    return math.log(t_large / t_small) / math.log(ratio)


def check(result: RunResult, copies: int) -> str:
    """Sanity figures of a QS2 run: launch mass per copy, margins, findings by code."""
    launches = result.summary()["timeline"]["launch_margins"]
    up_kg = sum(row["payload_kg"] for row in launches) / copies
    margins = sorted({round(row["margin_kg"]) for row in launches})
    codes = Counter(f.code for f in result.findings)
    return (
        f"payload per copy {up_kg:,.0f} kg (SpaceNet {SPACENET_LAUNCH_MASS_KG:,.0f} kg incl. "
        f"{2 * CREW * CREW_MASS_KG:,.0f} kg crew); launch margins {margins} kg; "
        f"{result.verdict}; findings {dict(codes) or 'none'}"
    )


def per_engine(scenario: Scenario) -> dict[str, float]:
    """Best of 3 wall time of each engine alone (after a warm-up), s."""
    best: dict[str, float] = {}
    for _ in range(RUNS + 1):
        seconds = simulate(scenario, engines=engines()).provenance.engine_seconds
        for name, elapsed in seconds.items():
            best[name] = min(best.get(name, math.inf), elapsed)
    return best


def section_qs2() -> None:
    print(f"QS2 replicated (timeline + logistics + ledger engines), best of {RUNS} after a warm-up")
    print(
        f"{'missions':>8} {'spacing':>7} {'elements':>8} {'SpaceNet el.':>12} {'text kB':>7} "
        f"{'load s':>7} {'YAML s':>7} {'engines s':>9} {'total s':>7} {'Java full s':>11} {'/engines':>9} "
        f"{'/total':>7} {'Java demand s':>13}   per engine (timeline / logistics / ledger)"
    )
    cases = [(copies, SHIFT_DAYS) for copies in COPIES] + [DENSE]
    engine_s: dict[int, float] = {}
    load_s: dict[int, float] = {}
    notes = []
    for copies, spacing in cases:
        missions = 4 * copies
        text = qs2_text(copies, spacing)
        load_s[missions], scenario = best_of(RUNS, partial(loads_scenario, text))
        yaml_s, _ = best_of(RUNS, partial(loads_scenario, qs2_yaml_text(copies, spacing)))
        engine_s[missions], result = best_of(RUNS, partial(run_engines, scenario))
        assert len(scenario.missions) == missions
        parts = " / ".join(f"{1e3 * t:.0f}" for t in per_engine(scenario).values())
        total = load_s[missions] + engine_s[missions]
        java = JAVA_FULL_S.get(missions)
        java_columns = (
            f"{java:>11.2f} {java / engine_s[missions]:>8.0f}x {java / total:>6.0f}x "
            f"{JAVA_DEMAND_S[missions]:>13.3f}"
            if java is not None
            else f"{'-':>11} {'-':>9} {'-':>7} {'-':>13}"
        )
        print(
            f"{missions:>8,} {spacing:>5} d {len(scenario.elements):>8,} {17 * copies:>12,} "
            f"{len(text) / 1e3:>7,.0f} {load_s[missions]:>7.3f} {yaml_s:>7.3f} {engine_s[missions]:>9.3f} "
            f"{total:>7.3f} {java_columns}   {parts} ms",
            flush=True,
        )
        notes.append(f"  {missions:,} missions: {check(result, copies)}")
    print("\n".join(notes))
    print(
        f"elements: ours {9 * COPIES[-1]} at 256 missions against SpaceNet's "
        f"{SPACENET_ELEMENTS_256:,}: our crew are counts on missions (4 per crewed mission), "
        "SpaceNet's are 100-kg elements (8 per copy)."
    )
    big = 4 * DENSE[0]
    print(
        "growth exponent k (t ~ n^k), 64 -> 256 missions: "
        f"engines {exponent(engine_s[64], engine_s[256]):.2f}, "
        f"load {exponent(load_s[64], load_s[256]):.2f}, "
        f"load+engines {exponent(load_s[64] + engine_s[64], load_s[256] + engine_s[256]):.2f}; "
        f"SpaceNet Java full {exponent(JAVA_FULL_S[64], JAVA_FULL_S[256]):.2f}, "
        f"demand-only {exponent(JAVA_DEMAND_S[64], JAVA_DEMAND_S[256]):.2f}. "
        f"256 -> {big:,}: engines {exponent(engine_s[256], engine_s[big]):.2f}, "
        f"load {exponent(load_s[256], load_s[big]):.2f}"
    )


def section_ilrs() -> None:
    load, scenario = best_of(RUNS, lambda: load_scenario("ilrs-reference"))
    elapsed, result = best_of(RUNS, lambda: run_engines(scenario))
    codes = Counter(f.code for f in result.findings)
    print(
        f"ilrs-reference ({len(scenario.missions)} missions, {len(scenario.elements)} elements, "
        f"{len(scenario.partners)} partners): load {load:.3f} s, timeline + logistics + ledger "
        f"{elapsed:.3f} s; {result.verdict}; findings {dict(codes)}"
    )


def _top(job: Callable[[], object], title: str, top: int = 12) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    job()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    root = str(Path(__file__).resolve().parents[1]) + "/"
    lines = [line.replace(root, "") for line in out.getvalue().splitlines()[4:] if line.strip()]
    print(f"cProfile, {title}, top {top} by own time:")
    print("\n".join(lines))


def section_profile() -> None:
    copies, spacing = DENSE
    scenario = loads_scenario(qs2_text(copies, spacing))
    run_engines(scenario)
    _top(partial(run_engines, scenario), f"engines on {4 * copies:,} missions")
    text = qs2_text(COPIES[-1])
    loads_scenario(text)
    _top(partial(loads_scenario, text), f"loads_scenario on {4 * COPIES[-1]} missions")


SECTIONS: dict[str, Callable[[], None]] = {
    "qs2": section_qs2,
    "ilrs": section_ilrs,
    "profile": section_profile,
}


def main(argv: list[str]) -> int:
    names = argv or list(SECTIONS)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
        return 2
    print(f"machine: {machine()}")
    for name in names:
        print(f"\n--- {name}", flush=True)
        SECTIONS[name]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
