"""Quick start: load a built-in scenario, simulate it, look at the verdict and the timeline.

Run with:  .venv/bin/python examples/quickstart.py
"""

import lunarstation as ls

scenario = ls.load_scenario("minimal")
result = ls.simulate(scenario)

print(f"{scenario.title}: {result.verdict}")
print(f"{len(scenario.missions)} missions, {len(result.findings)} findings")
events = result.timeline[["time", "event", "mission", "launch_margin_kg"]]
print(events.to_string(index=False))
