"""``lunarstation run ilrs-reference`` end to end against its engines' compute time.

Run as ``python benchmarks/bench_run.py`` (all sections) or with section names (``cli``,
``breakdown``, ``imports``, ``profile``, ``parquet``). Figures go to benchmarks/README.md,
"Run". Target (the issue): the whole command within 3× its engines' compute time.

* ``cli``: the command as a user runs it (``.venv/bin/lunarstation run ilrs-reference
  --out <tmp>``, output to /dev/null), in a fresh process each time; one run discarded
  first (numba cache and OS file cache warm), then RUNS timed. Engine seconds come from
  ``summary.json["provenance"]["engine_seconds"]`` when the run records them.
* ``breakdown``: one fresh process doing what the command does, step by step: imports,
  scenario load, each engine (first call in the process, timed with ``simulate``'s
  ``progress`` callback), writing (``write_run``), printing; then the engines again,
  warm (best of RUNS): their compute time. Interpreter start-up is ``python -c pass``.
  Where ``RunResult`` has no ``series`` yet, writing is also timed on a stand-in that
  hands the station's hourly series over in long form, as ``RunResult.series`` will.
* ``imports``: ``python -X importtime -c "import lunarstation.cli"``, the
  heaviest packages and lunarstation modules, and what numba imports on first dispatch.
* ``profile``: cProfile of the command in process, top functions by cumulative time.
* ``parquet``: Parquet options on a synthetic long-form table (175,320 hours × 4 sites,
  20 float columns: smooth, step-like, integer and 0/1 values) and on the reference run's
  own station series: size, write and read time.
"""

from __future__ import annotations

import cProfile
import inspect
import io
import json
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from run_all import machine

SCENARIO = "ilrs-reference"
RUNS = 5
"""Timed runs of the command (after one discarded) and warm engine repeats."""
BIN = Path(sys.executable).parent
CLI = BIN / "lunarstation"
ROOT = Path(__file__).resolve().parents[1]
CLI_IMPORT = (
    "import importlib, importlib.util, lunarstation.cli; "
    "importlib.util.find_spec('lunarstation.cli.commands') "
    "and importlib.import_module('lunarstation.cli.commands')"
)
"""What ``lunarstation`` imports before parsing arguments (older trees: a commands module)."""
HEAVY = (
    "matplotlib", "scipy.linalg", "scipy.optimize", "pyarrow.parquet", "pyarrow.csv",
    "plotly", "jinja2", "sqlalchemy", "fastapi", "skyfield", "numba.np.linalg",
)  # fmt: skip
"""Modules worth knowing about if the CLI imports them at start."""


def best(times: list[float]) -> str:
    return f"{min(times):.2f} s (median {statistics.median(times):.2f}, max {max(times):.2f})"


def wall(command: list[str], runs: int, **kwargs: Any) -> list[float]:
    """Wall times of ``command`` in fresh processes, output discarded."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs
        )
        times.append(time.perf_counter() - began)
    return times


def engine_seconds(summary: Mapping[str, Any]) -> dict[str, float] | None:
    """Per-engine wall seconds recorded by the run itself, if it records them."""
    provenance = summary.get("provenance") or {}
    seconds = provenance.get("engine_seconds") or (provenance.get("timings") or {}).get("engines")
    if isinstance(seconds, Mapping) and seconds:
        return {str(k): float(v) for k, v in seconds.items()}
    return None


def section_cli() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        times, engines, sizes = [], [], []
        for run in range(RUNS + 1):
            out = Path(tmp) / f"run-{run}"
            began = time.perf_counter()
            subprocess.run(
                [str(CLI), "run", SCENARIO, "--out", str(out)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            elapsed = time.perf_counter() - began
            if run == 0:
                files = sorted(out.iterdir())
                sizes = [(p.name, p.stat().st_size) for p in files]
                continue
            times.append(elapsed)
            recorded = engine_seconds(json.loads((out / "summary.json").read_text()))
            if recorded:
                engines.append(sum(recorded.values()))
            shutil.rmtree(out)
    total_mb = sum(size for _, size in sizes) / 1e6
    big = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sizes if size > 1e6)
    print(f"`lunarstation run {SCENARIO}`, {RUNS} runs after one discarded: wall {best(times)}")
    print(f"output folder: {len(sizes)} files, {total_mb:.1f} MB ({big or 'all under 1 MB'})")
    if engines:
        ratio = statistics.median(times) / statistics.median(engines)
        print(
            f"engines in the same runs (summary.json provenance): {best(engines)}; "
            f"wall / engines = {ratio:.1f}x (target 3x)"
        )
    else:
        print("summary.json has no provenance.engine_seconds: engines from `breakdown`")
    return {"wall": times, "engines": engines}


@dataclass
class SplitRun:
    """Stand-in for a ``RunResult`` with ``series``: today's run, station series in long form."""

    tables: Mapping[str, Any]
    series: Mapping[str, Any]
    findings: Any
    summary: Callable[[], dict[str, Any]] = field(repr=False)


def split_run(result: Any) -> SplitRun | None:
    """Today's result with the station's hourly tables moved into one long-form series."""
    import pandas as pd

    station = result.results.get("station")
    hourly = getattr(station, "data", {}).get("series") if station is not None else None
    if not hourly:
        return None
    frames = []
    for name, frame in hourly.items():
        long = frame.reset_index()
        long.insert(1, "site", name.removeprefix("station_"))
        frames.append(long)
    series = {"station": pd.concat(frames, ignore_index=True)}
    tables = {k: v for k, v in result.tables.items() if k not in hourly}
    return SplitRun(tables, series, result.findings, result.summary)


def worker_breakdown() -> None:
    """In a fresh process: the command's steps, timed one by one (prints one JSON line)."""
    timings: dict[str, Any] = {}
    began = time.perf_counter()
    exec(CLI_IMPORT)  # the CLI and its command modules, as `lunarstation` imports them
    timings["imports"] = time.perf_counter() - began
    from lunarstation import load_scenario, simulate
    from lunarstation.report.files import write_run

    began = time.perf_counter()
    scenario = load_scenario(SCENARIO)
    timings["load"] = time.perf_counter() - began

    def timed_simulate() -> tuple[Any, dict[str, float]]:
        per: dict[str, float] = {}
        mark: list[Any] = [None, time.perf_counter()]

        def progress(engine: str, index: int, total: int) -> None:
            now = time.perf_counter()
            if mark[0] is not None:
                per[mark[0]] = now - mark[1]
            mark[:] = [engine, now]

        result = simulate(scenario, progress=progress)
        per[mark[0]] = time.perf_counter() - mark[1]
        return result, per

    result, timings["engines_first"] = timed_simulate()
    timings["engines_recorded"] = engine_seconds(result.summary())
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        write_run(result, Path(tmp) / "as-today")
        timings["write"] = time.perf_counter() - began
        timings["write_mb"] = _folder_mb(Path(tmp) / "as-today")
        new_api = "series_csv" in inspect.signature(write_run).parameters
        split = split_run(result) if new_api and not getattr(result, "series", None) else None
        if split is not None:
            for label, options in (("write_split", {}), ("write_split_csv", {"series_csv": True})):
                began = time.perf_counter()
                write_run(split, Path(tmp) / label, **options)
                timings[label] = time.perf_counter() - began
                timings[f"{label}_mb"] = _folder_mb(Path(tmp) / label)
    timings["print"] = _time_printing(result)
    warm: dict[str, list[float]] = {}
    for _ in range(RUNS):
        _, per = timed_simulate()
        for name, seconds in per.items():
            warm.setdefault(name, []).append(seconds)
    timings["engines_warm"] = {name: min(times) for name, times in warm.items()}
    print(json.dumps(timings))


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir()) / 1e6


def _time_printing(result: Any) -> float | None:
    """Seconds of the command's printed summary, into a string (None if not found)."""
    import importlib
    import pkgutil

    from rich.console import Console

    import lunarstation.cli as cli_package

    modules = [
        importlib.import_module(f"lunarstation.cli.{info.name}")
        for info in pkgutil.iter_modules(cli_package.__path__)
    ]
    printers = [m.print_summary for m in modules if hasattr(m, "print_summary")]
    consoles = [v for m in modules for v in vars(m).values() if isinstance(v, Console)]
    if not printers or not consoles:
        return None
    for console in consoles:
        console.file = io.StringIO()
    began = time.perf_counter()
    printers[0](result)
    return time.perf_counter() - began


def section_breakdown(cli: dict[str, Any] | None = None) -> None:
    start = min(wall([sys.executable, "-c", "pass"], RUNS))
    imports_wall = min(wall([sys.executable, "-c", CLI_IMPORT], RUNS))
    runs = []
    for _ in range(3):  # fresh processes; the first one also warms caches
        out = subprocess.run(
            [sys.executable, __file__, "_breakdown"], check=True, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    runs = runs[1:]

    def low(key: str) -> float:
        return float(min(r[key] for r in runs))

    first = {k: min(r["engines_first"][k] for r in runs) for k in runs[0]["engines_first"]}
    warm = {k: min(r["engines_warm"][k] for r in runs) for k in runs[0]["engines_warm"]}
    engines_first, engines_warm = sum(first.values()), sum(warm.values())
    printing = [r["print"] for r in runs if r["print"] is not None]
    steps = [
        ("interpreter start (python -c pass)", start),
        ("imports (the CLI and its command modules, in process)", low("imports")),
        ("scenario load", low("load")),
        ("engines, first call in the process", engines_first),
        (f"write_run as the command does ({runs[0]['write_mb']:.1f} MB)", low("write")),
        ("printing the summary", min(printing) if printing else float("nan")),
    ]
    print(f"one process doing what the command does; best of {len(runs)} fresh processes")
    for label, seconds in steps:
        print(f"  {label:<58} {seconds:6.2f} s")
    total = sum(s for _, s in steps if s == s)
    print(f"  {'sum':<58} {total:6.2f} s")
    print(f"  (`python -c 'import lunarstation.cli'` wall, start + imports: {imports_wall:.2f} s)")
    print(
        "  engines first call / warm (best of "
        f"{RUNS}), s: " + ", ".join(f"{k} {first[k]:.3f}/{warm[k]:.3f}" for k in first)
    )
    print(
        f"  engines: first call {engines_first:.2f} s, warm {engines_warm:.2f} s; "
        f"first-call overhead {engines_first - engines_warm:.2f} s (numba cache load and its "
        "BLAS probe, catalogs parsed once)"
    )
    if "write_split" in runs[0]:
        print(
            f"  write_run with the station series as one long-form Parquet series (stand-in for "
            f"RunResult.series): {low('write_split'):.2f} s, {runs[0]['write_split_mb']:.1f} MB; "
            f"with series_csv: {low('write_split_csv'):.2f} s, {runs[0]['write_split_csv_mb']:.1f} MB"
        )
    if cli:
        median = statistics.median(cli["wall"])
        print(
            f"  command wall (median, `cli`) {median:.2f} s; unaccounted (Typer, exit) "
            f"{median - total:.2f} s"
        )
        print(
            f"  ratio wall / engines: {median / engines_first:.1f}x against the engines as the "
            f"command runs them, {median / engines_warm:.1f}x against their warm compute time "
            "(target 3x)"
        )
        if "write_split" in runs[0]:
            after = median - low("write") + low("write_split")
            print(
                f"  with RunResult.series (projected: wall - write + write of the stand-in): "
                f"{after:.2f} s, {after / engines_first:.1f}x / {after / engines_warm:.1f}x"
            )


def section_imports() -> None:
    command = [sys.executable, "-X", "importtime", "-c", CLI_IMPORT]
    for _ in range(2):  # the last run counts (bytecode and file cache warm)
        log = subprocess.run(command, check=True, capture_output=True, text=True).stderr
    rows = []
    for line in log.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            own, total, indent, name = match.groups()
            rows.append((int(own) / 1e6, int(total) / 1e6, len(indent) // 2, name))
    roots = {name: total for _, total, _, name in rows if "." not in name}
    roots.pop("lunarstation", None)
    whole = sum(total for _, total, depth, _ in rows if depth == 0)
    print(f"-X importtime, what `lunarstation` imports at start: {whole:.2f} s in all")
    print("  heaviest packages (cumulative, where first imported):")
    for name, seconds in sorted(roots.items(), key=lambda kv: -kv[1])[:10]:
        print(f"    {name:<24} {seconds:6.3f} s")
    print("  lunarstation modules by own time (class bodies, pydantic models, numba decorators):")
    own = sorted((r for r in rows if r[3].startswith("lunarstation")), key=lambda r: -r[0])
    for seconds, total, _, name in own[:10]:
        print(f"    {name:<40} own {seconds:6.3f} s, cumulative {total:6.3f} s")
    probe = f"import sys; {CLI_IMPORT}; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.strip()
    print(f"  heavy modules loaded at CLI start: {loaded or 'none'}")
    blas = (
        "import time, numpy; t = time.perf_counter(); import scipy.linalg.cython_blas; "
        "print(time.perf_counter() - t)"
    )
    seconds = min(
        float(subprocess.run([sys.executable, "-c", blas], check=True, capture_output=True, text=True).stdout)
        for _ in range(3)
    )  # fmt: skip
    print(
        f"  numba's first dispatch imports scipy.linalg (its BLAS probe, "
        f"numba/np/arraymath.py _check_blas): {seconds:.2f} s"
    )


def worker_profile(out: str) -> None:
    from lunarstation.cli import main

    profiler = cProfile.Profile()
    profiler.enable()
    main(["run", SCENARIO, "--out", out])
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(r"lunarstation|numba/core/(caching|dispatcher)", 30)
    stats.sort_stats("tottime").print_stats(15)
    site = str(Path(inspect.getfile(cProfile)).parent)
    lines = [
        line.replace(str(ROOT) + "/", "").replace(site, "")
        for line in text.getvalue().splitlines()
        if line.strip() and not line.startswith(("   Ordered", "   List reduced"))
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def section_profile() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, __file__, "_profile", str(Path(tmp) / "run")],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    marker = out.find("function calls")
    print(f"cProfile of `lunarstation run {SCENARIO}` in process (after imports):")
    print(out[max(0, out.rfind("\n", 0, marker)) :] if marker >= 0 else out)


def synthetic_series(hours: int = 175_320, sites: int = 4, seed: int = 1) -> Any:
    """Station-like hourly series in long form: 20 float columns per site."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    h = np.arange(hours, dtype=float)
    parts = []
    for k in range(sites):
        synodic = (h + 97 * k) % 708.7
        lit = synodic < 450 + 100 * np.sin(2 * np.pi * h / 8766 + k)
        sun = 0.6 + 0.4 * np.cos(2 * np.pi * h / 708.7 + k)
        generation = np.where(lit, np.round(40e3 * sun, 3), 0.0)
        level = np.zeros(hours)
        for step in np.sort(rng.choice(hours, 12, replace=False)):
            level[step:] += rng.choice([2000.0, 3000.0, 5000.0, 8000.0])
        crew = np.where(((h // 720) % 4 == 0) & (h > hours // 4), 4.0, 0.0)
        demand = level + 600.0 * crew
        served = np.minimum(demand, generation + 5e3)
        stored = np.round(np.clip(np.cumsum(generation - served) * 1e-3 % 400, 0, 400), 6)
        columns = {
            "generation_w": generation,
            "demand_w": demand,
            "served_w": served,
            "shed_w": demand - served,
            "survival_shortfall_w": np.zeros(hours),
            "spilled_w": np.clip(generation - served, 0, None),
            "power_balance_w": generation - demand,
            "stored_kwh": stored,
            "state_of_charge": np.where(h > hours // 8, stored / 400, np.nan),
            "crew": crew,
            "data_backlog_gbit": np.round(np.clip(np.sin(h / 50) * 30, 0, None), 3),
            "heat_excess_w": np.zeros(hours),
            "o2_kg": np.round(2000 - np.cumsum(crew * 0.034) % 2000, 6),
            "water_kg": np.round(5000 - np.cumsum(crew * 0.29) % 5000, 6),
            "food_kg": np.round(3000 - np.cumsum(crew * 0.0625) % 3000, 6),
            "o2_short_kg": np.zeros(hours),
            "n2_kg": np.where(h > hours // 2, 500.0, 0.0),
            "spares_kg": np.where(h > hours // 3, 250.0, 0.0),
            "lit": lit.astype(float),
            "earth_visible": (np.sin(2 * np.pi * h / 655.7 + k) > 0.3).astype(float),
        }
        frame = pd.DataFrame(columns)
        frame.insert(0, "site", f"site-{k}")
        frame.insert(0, "time", pd.date_range("2021-01-01", periods=hours, freq="h", tz="UTC"))
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def section_parquet() -> None:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from lunarstation.report import files

    frames = {"synthetic": synthetic_series()}
    try:
        from lunarstation import load_scenario, simulate

        result = simulate(load_scenario(SCENARIO))
        split = None if getattr(result, "series", None) else split_run(result)
        for name, frame in (split.series if split else result.series).items():
            frames[f"{SCENARIO} {name}"] = frame
    except Exception as error:  # the reference series are a bonus; the synthetic case stands
        print(f"({SCENARIO} series not available: {error})")

    def chosen(**changes: Any) -> Callable[[pa.Table, Path], None]:
        def write(arrow: pa.Table, path: Path) -> None:
            saved = {k: getattr(files, k) for k in changes}
            for k, v in changes.items():
                setattr(files, k, v)
            try:
                files._write_parquet(arrow, path)
            finally:
                for k, v in saved.items():
                    setattr(files, k, v)

        return write

    def bss(arrow: pa.Table, path: Path) -> None:
        floats = {f.name: "BYTE_STREAM_SPLIT" for f in arrow.schema if pa.types.is_floating(f.type)}
        pq.write_table(
            arrow, path, compression="zstd", use_dictionary=["site"],
            column_encoding={"time": "DELTA_BINARY_PACKED", **floats},
        )  # fmt: skip

    options: dict[str, Callable[[pa.Table, Path], None]] = {
        "pandas to_parquet defaults (snappy, dictionary, ns time)": lambda a, p: pq.write_table(
            a, p
        ),
        "pyarrow zstd defaults (level 1, dictionary)": lambda a, p: pq.write_table(
            a, p, compression="zstd"
        ),
        "chosen: zstd 1, plain floats, delta time, a row group per site": chosen(),
        "chosen at zstd level 3": chosen(PARQUET_COMPRESSION_LEVEL=3),
        "chosen with snappy": chosen(PARQUET_COMPRESSION="snappy", PARQUET_COMPRESSION_LEVEL=None),
        "chosen, row groups of 1 Mi rows (not by site)": lambda a, p: chosen()(
            a.rename_columns(["place" if n == "site" else n for n in a.column_names]), p
        ),
        "chosen + BYTE_STREAM_SPLIT floats (not used)": bss,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.parquet"
        for label, frame in frames.items():
            ns = pa.Table.from_pandas(frame, preserve_index=False)
            us = files._series_arrow("series", frame)
            rows, cols = frame.shape
            print(f"{label}: {rows:,} rows x {cols} columns, best of {RUNS} write / read")
            for name, write in options.items():
                arrow = ns if name.startswith("pandas") else us
                write_s, read_s = [], []
                for _ in range(RUNS):
                    began = time.perf_counter()
                    write(arrow, path)
                    write_s.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    pd.read_parquet(path)
                    read_s.append(time.perf_counter() - began)
                size = path.stat().st_size / 1e6
                print(
                    f"  {name:<58} {size:6.2f} MB  write {1e3 * min(write_s):5.0f} ms"
                    f"  read {1e3 * min(read_s):4.0f} ms"
                )
            began = time.perf_counter()
            files._write_csv_arrow(us, Path(tmp) / "x.csv")
            csv_s = time.perf_counter() - began
            csv_mb = (Path(tmp) / "x.csv").stat().st_size / 1e6
            print(
                f"  {'CSV (Arrow writer, ISO times), for reference':<58} {csv_mb:6.2f} MB  write {1e3 * csv_s:5.0f} ms"
            )


SECTIONS: dict[str, Callable[[], Any]] = {
    "cli": section_cli,
    "breakdown": section_breakdown,
    "imports": section_imports,
    "profile": section_profile,
    "parquet": section_parquet,
}


def main(argv: list[str]) -> int:
    if argv[:1] == ["_breakdown"]:
        worker_breakdown()
        return 0
    if argv[:1] == ["_profile"]:
        worker_profile(argv[1])
        return 0
    names = argv or list(SECTIONS)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
        return 2
    print(f"machine: {machine()}")
    cli = None
    for name in names:
        print(f"\n--- {name}", flush=True)
        if name == "breakdown":
            section_breakdown(cli)
        else:
            value = SECTIONS[name]()
            if name == "cli":
                cli = value
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
