"""What a mistake in a scenario file looks like: every problem, with file, line and field.

Run with:  .venv/bin/python examples/validation_errors.py
"""

import lunarstation as ls

BROKEN = """
name: broken
stages:
  - {id: s1, name: Build, start: 2031-01-01, end: 2031-12-31}
partners:
  - {id: p1, name: P1, agency: A, country: X, joined: 2021-01-01, rol: founding}
launch_vehicles:
  - {id: lv, name: Launcher, partner: p1, payload_leo_kg: -3}
"""

try:
    ls.loads_scenario(BROKEN, "broken.yaml")
except ls.ScenarioError as error:
    for issue in error.issues:
        print(issue)
