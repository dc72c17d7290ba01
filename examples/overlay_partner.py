"""Overlay a partner's file on a built-in scenario and read the launch-margin finding.

Run with:  .venv/bin/python examples/overlay_partner.py
"""

from pathlib import Path

import lunarstation as ls

overlay = Path(__file__).with_name("partner-x.yaml")
scenario = ls.load_scenario("minimal", overlay)
result = ls.simulate(scenario)

print(f"partners: {', '.join(p.id for p in scenario.partners)}")
print(f"verdict: {result.verdict}")
for finding in result.findings:
    print(f"{finding.severity.value}: {finding.code} {finding.subject}: {finding.message}")
