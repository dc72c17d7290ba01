"""Run every ``benchmarks/bench_*.py`` script in turn (``make bench``).

Benchmarks compare lunarstation with a named peer in the same run on the same
machine and print the figures and ratios; ``benchmarks/README.md`` records them.
They are never part of the test suite.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path


def machine() -> str:
    """A one-line description of this machine (CPU model, cores, Python)."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> int:
    scripts = sorted(Path(__file__).parent.glob("bench_*.py"))
    print(f"machine: {machine()}")
    failures = 0
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        failures += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    if not scripts:
        print("no benchmark scripts found")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
