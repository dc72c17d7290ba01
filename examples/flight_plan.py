"""A flight plan flown burn by burn: SpaceNet's Constellation sortie (built-in ``spacenet-qs1``).

The flight plan flies Ares I (Orion and its crew) and Ares V (the Earth departure stage
and Altair) to low Earth orbit stage by stage, fires the EDS for trans-lunar injection
and drops it, lands Altair while Orion waits in lunar orbit, leaves the descent module on
the surface, and brings the crew home in Orion. The launch mass and every residual match
SpaceNet's Java engine (shared/reference/spacenet.md §3.3, case V2).

Run with:  .venv/bin/python examples/flight_plan.py
"""

import pandas as pd

import lunarstation as ls
from lunarstation.logistics import LogisticsOutput

scenario = ls.load_scenario("spacenet-qs1")
result = ls.simulate(scenario, only=["logistics"])  # the logistics engine and the timeline

burns = result.tables["logistics_burns"]
columns = ["step", "action", "label", "vehicles", "mass_before_kg", "propellant_kg", "delta_v_m_s"]
with pd.option_context("display.width", 120, "display.float_format", "{:,.2f}".format):
    print(burns[columns].to_string(index=False))

(mission,) = result.summary()["logistics"]["missions"]
leg = mission["tightest_leg"]
print(
    f"\ntightest leg: {leg['origin']}>{leg['destination']}, "
    f"{mission['delta_v_margin_m_s']:.2f} m/s to spare"
)
output = result.results["logistics"].output
assert isinstance(output, LogisticsOutput)
flight = output.missions["qs1"].transfer.flight
assert flight is not None
for name, vehicle in flight.vehicles.items():
    tanks = ", ".join(f"{kind} {tank.propellant_kg:,.2f} kg" for kind, tank in vehicle.tanks.items()
                      if tank.shared_with is None)  # fmt: skip
    print(f"{name:12} ends at {flight.locations[name]:10} {tanks}".rstrip())
