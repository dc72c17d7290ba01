"""Helpers shared by tests: a small valid scenario text and the writer type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

WriteScenario = Callable[[str, str], Path]

BASE_YAML = """
name: base
stages:
  - {id: s1, name: Stage one, start: 2030-01-01, end: 2031-12-31}
partners:
  - {id: p1, name: Partner one, agency: A1, country: X, joined: 2021-01-01}
sites:
  - {id: site, name: Site, lat_deg: -89.0, lon_east_deg: 0.0}
launch_vehicles:
  - {id: lv, name: Launcher, partner: p1, payload_leo_kg: 20000, payload_tli_kg: 6000}
elements:
  - {id: lander, name: Lander, partner: p1, kind: lander, dry_mass_kg: 4000}
missions:
  - id: m1
    name: Mission one
    partners: [p1]
    launch: 2030-06-01
    launch_vehicle: lv
    destination: site
    payload: {elements: [lander]}
"""
"""A small valid scenario; tests overlay or edit it."""
