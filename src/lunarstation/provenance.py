"""Where a run comes from: software versions, the checkout, and the scenario's digest.

Reading versions and running ``git describe`` touch the environment, so this lives
outside the engines; ``simulate`` calls it once per run (``git`` once per process).
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel


def canonical_sha256(value: object) -> str:
    """SHA-256 (hex) of ``value`` as canonical JSON: sorted keys, no spaces (other types
    as their ``str``)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_digest(scenario: BaseModel) -> str:
    """SHA-256 (hex) of the resolved scenario as canonical JSON: sorted keys, no spaces."""
    return canonical_sha256(scenario.model_dump(mode="json"))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


@lru_cache(maxsize=1)
def git_describe() -> str | None:
    """``git describe --always --dirty --tags`` of the checkout this package runs from.

    None when the package is not inside a git work tree (an installed wheel) or git is
    missing.
    """
    here = Path(__file__).resolve().parent
    if not any((parent / ".git").exists() for parent in (here, *here.parents)):
        return None
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"],
            cwd=here, capture_output=True, text=True, timeout=5, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return text if done.returncode == 0 and text else None


@lru_cache(maxsize=1)
def environment_provenance() -> dict[str, str | None]:
    """Versions of lunarstation, Python and the numerics stack, the platform and git."""
    return {
        "lunarstation_version": _version("lunarstation"),
        "git_describe": git_describe(),
        "python_version": sys.version.split()[0],
        "numpy_version": _version("numpy"),
        "numba_version": _version("numba"),
        "pandas_version": _version("pandas"),
        "platform": platform.platform(),
    }


__all__ = ["canonical_sha256", "environment_provenance", "git_describe", "scenario_digest"]
