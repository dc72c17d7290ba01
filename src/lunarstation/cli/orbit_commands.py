"""CLI commands of the CR3BP: ``lunarstation orbit nrho|propagate|family``.

Every output carries the system it belongs to (μ, LU in km, TU in s), because a
nondimensional state means nothing without them.

The orbit export command lives in :mod:`lunarstation.cli.orbit_export_commands` and is
registered onto this ``app`` with one line at the bottom of this module.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import numpy as np
import typer

from lunarstation.cli.console import EXIT_OK, stdout
from lunarstation.cli.options import number_option
from lunarstation.cli.orbit_export_commands import app as export_app
from lunarstation.cli.tables import Column, TableRows, print_tables
from lunarstation.errors import OutOfRangeError

app = typer.Typer(
    help="Periodic orbits and propagation in the Earth–Moon CR3BP.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
LuOption = Annotated[
    float | None,
    number_option(
        "--lu-km",
        help="Length unit, km (μ then from the DE440 GMs, TU = √(LU³/GM)); default: JPL's "
        "periodic-orbit catalog (389,703.26 km).",
        above=0,
        max=1e7,
    ),
]
LagrangeOption = Annotated[str, typer.Option("--lagrange", help="Lagrange point: L1 or L2.")]
BranchOption = Annotated[str, typer.Option("--branch", help="Halo branch: north or south.")]
STATE_KEYS = ("x", "y", "z", "vx", "vy", "vz")


def _system(lu_km: float | None) -> Any:
    from lunarstation.orbits.cr3bp import CR3BPSystem

    return CR3BPSystem.earth_moon(lu_km)


def _system_record(system: Any) -> dict[str, float]:
    return {"mu": system.mu, "lu_km": system.lu_km, "tu_s": system.tu_s}


def _state_record(state: np.ndarray) -> dict[str, float]:
    return {key: float(value) for key, value in zip(STATE_KEYS, state, strict=True)}


def _orbit_record(orbit: Any) -> dict[str, Any]:
    stability = orbit.stability
    return {
        "family": orbit.family,
        "lagrange": orbit.lagrange,
        "branch": orbit.branch,
        "state": _state_record(orbit.state0),
        "period_tu": orbit.period_tu,
        "period_days": orbit.period_days,
        "jacobi": orbit.jacobi,
        "perilune_radius_km": orbit.perilune_radius_km,
        "apolune_radius_km": orbit.apolune_radius_km,
        **_system_record(orbit.system),
        "stability": {
            "nu1": stability.nu1,
            "nu2": stability.nu2,
            "stable": stability.stable,
            "max_eigenvalue_modulus": stability.max_eigenvalue_modulus,
        },
    }


def _print_json(payload: object) -> None:
    stdout.print(json.dumps(payload, indent=2, allow_nan=False), markup=False)


@app.command("nrho")
def nrho_command(
    resonance: Annotated[
        str | None,
        typer.Option(
            "--resonance",
            help="Synodic resonance p:q (p revolutions in q synodic months); default 9:2.",
        ),
    ] = None,
    period_days: Annotated[
        float | None,
        number_option(
            "--period-days", help="Period, days (instead of a resonance).", above=0, max=1000
        ),
    ] = None,
    branch: BranchOption = "south",
    lagrange: LagrangeOption = "L2",
    lu_km: LuOption = None,
    as_json: JsonOption = False,
) -> int:
    """A near-rectilinear halo orbit selected by synodic resonance or period."""
    from lunarstation.orbits.cr3bp import nrho

    if resonance is None and period_days is None:
        resonance = "9:2"
    orbit = nrho(
        _system(lu_km),
        resonance=resonance,
        period_days=period_days,
        branch=branch,
        lagrange=lagrange,
    )
    record = _orbit_record(orbit)
    if as_json:
        _print_json(record)
        return EXIT_OK
    rows = [[key, value] for key, value in record.items() if key not in ("state", "stability")]
    rows += [[f"state.{key}", value] for key, value in record["state"].items()]
    rows += [[f"stability.{key}", value] for key, value in record["stability"].items()]
    print_tables(
        [
            TableRows(
                "nrho",
                [Column("quantity"), Column("value", format=_show)],
                rows,
                title="NRHO (CR3BP, rotating frame, nondimensional state)",
            )
        ]
    )
    return EXIT_OK


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def _parse_state(text: str) -> np.ndarray:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 6:
        raise OutOfRangeError(
            f"--state: give six comma-separated numbers X,Y,Z,VX,VY,VZ (LU, LU/TU), got "
            f"{len(parts)} value(s) in {text!r}",
            value=text,
            valid=("X,Y,Z,VX,VY,VZ",),
        )
    try:
        values = np.array([float(part) for part in parts])
    except ValueError:
        raise OutOfRangeError(
            f"--state: every component must be a number, got {text!r}",
            value=text,
            valid=("X,Y,Z,VX,VY,VZ",),
        ) from None
    if not np.all(np.isfinite(values)):
        raise OutOfRangeError(
            f"--state: components must be finite numbers, got {text!r}",
            value=text,
            valid=("finite",),
        )
    return values


@app.command("propagate")
def propagate_command(
    state: Annotated[
        str,
        typer.Option("--state", help="Initial state X,Y,Z,VX,VY,VZ (LU, LU/TU), rotating frame."),
    ],
    duration_tu: Annotated[
        float,
        number_option(
            "--duration-tu", help="Duration, TU (negative: backwards).", min=-1e4, max=1e4
        ),
    ],
    mu: Annotated[
        float | None,
        number_option(
            "--mu",
            help="Mass ratio μ (default: JPL catalog Earth–Moon).",
            above=0,
            max=0.4999999999,
        ),
    ] = None,
    steps: Annotated[
        int | None,
        number_option(
            "--steps",
            help="Also print the trajectory at N equal steps.",
            min=1,
            max=100_000,
            integer=True,
        ),
    ] = None,
    lu_km: LuOption = None,
    as_json: JsonOption = False,
) -> int:
    """Propagate one state in the CR3BP (DOP853, rtol = atol = 1e-12)."""
    from lunarstation.orbits.cr3bp import CR3BPSystem, jacobi, propagate

    initial = _parse_state(state)
    base = _system(lu_km)
    system = base if mu is None else CR3BPSystem(mu, base.lu_km, base.tu_s)
    count = steps or 1
    times = np.linspace(0.0, duration_tu, count + 1)
    trajectory = propagate(system, initial, times)
    final = trajectory[-1]
    if as_json:
        payload: dict[str, Any] = {
            "final": _state_record(final),
            "duration_tu": duration_tu,
            "jacobi_initial": jacobi(system, initial),
            "jacobi_final": jacobi(system, final),
            **_system_record(system),
        }
        if steps is not None:
            payload["trajectory"] = [
                {"t_tu": float(t), **_state_record(row)}
                for t, row in zip(times, trajectory, strict=True)
            ]
        _print_json(payload)
        return EXIT_OK
    shown = trajectory if steps is not None else trajectory[[0, -1]]
    shown_times = times if steps is not None else times[[0, -1]]
    columns = [Column("t_tu", "t TU", "{:.6f}")] + [Column(k, format="{:.12f}") for k in STATE_KEYS]
    rows = [[float(t), *map(float, row)] for t, row in zip(shown_times, shown, strict=True)]
    print_tables([TableRows("trajectory", columns, rows, title=f"CR3BP μ = {system.mu:.15g}")])
    return EXIT_OK


@app.command("family")
def family_command(
    kind: Annotated[str, typer.Argument(help="Family: halo or lyapunov.")],
    lagrange: LagrangeOption = "L2",
    branch: BranchOption = "south",
    count: Annotated[
        int, number_option("--count", help="Members.", min=1, max=500, integer=True)
    ] = 10,
    step: Annotated[
        float | None,
        number_option("--step", help="Continuation step (pseudo-arclength).", above=0, max=1),
    ] = None,
    lu_km: LuOption = None,
    as_json: JsonOption = False,
) -> int:
    """Members of a Lyapunov or halo family by pseudo-arclength continuation."""
    from lunarstation.orbits.cr3bp import family

    if kind not in ("halo", "lyapunov"):
        raise OutOfRangeError(
            f"family must be 'halo' or 'lyapunov', got {kind!r}",
            value=kind,
            valid=("halo", "lyapunov"),
        )
    system = _system(lu_km)
    members = family(system, kind, lagrange, branch if kind == "halo" else None, count, step=step)
    rows = [
        [
            i,
            m.period_tu,
            m.period_days,
            m.jacobi,
            *map(float, m.state0),
            m.stability.nu1,
            m.stability.nu2,
        ]
        for i, m in enumerate(members)
    ]
    if as_json:
        _print_json(
            {
                "family": kind,
                "lagrange": lagrange,
                "branch": members[0].branch,
                **_system_record(system),
                "members": [
                    {
                        "index": r[0],
                        "period_tu": r[1],
                        "period_days": r[2],
                        "jacobi": r[3],
                        "state": _state_record(np.array(r[4:10])),
                        "nu1": r[10],
                        "nu2": r[11],
                    }
                    for r in rows
                ],
            }
        )
        return EXIT_OK
    columns = [
        Column("index", "#"),
        Column("period_tu", "T TU", "{:.6f}"),
        Column("period_days", "T d", "{:.4f}"),
        Column("jacobi", "C", "{:.8f}"),
    ]
    columns += [Column(k, format="{:.8f}") for k in STATE_KEYS]
    columns += [Column("nu1", "ν1", "{:.4g}"), Column("nu2", "ν2", "{:.4g}")]
    title = f"{lagrange} {kind} family" + (f" ({branch})" if kind == "halo" else "")
    print_tables([TableRows("family", columns, rows, title=title)])
    return EXIT_OK


# A2's export command (orbit export), defined in its own module's sub-app.
app.add_typer(export_app)
