"""Ephemeris exports: CCSDS OEM 2.0 (KVN) and CZML, Moon-centred ICRF.

**OEM** (CCSDS 502.0-B-3, *Orbit Data Messages*, §5): a header (``CCSDS_OEM_VERS = 2.0``,
``CREATION_DATE``, ``ORIGINATOR``), one segment with its metadata block
(``META_START`` … ``META_STOP``: ``OBJECT_NAME``, ``OBJECT_ID``, ``CENTER_NAME = MOON``,
``REF_FRAME = ICRF``, ``TIME_SYSTEM = UTC``, ``START_TIME``, ``STOP_TIME``,
``INTERPOLATION``, ``INTERPOLATION_DEGREE``) and data lines ``epoch x y z vx vy vz``
in km and km/s.

**CZML** (Cesium's JSON stream): a document packet first (``{"id": "document",
"version": "1.0"}``), then one packet per element with its ``position``: ``epoch``,
``cartesian`` ``[t, x, y, z, …]`` in metres and seconds from the epoch,
``referenceFrame`` and the interpolation settings. Positions are about the **Moon's
centre**: Cesium's globe is the Earth by default, so the document says so in its
``description`` and the viewer must be set up with the Moon as its globe
(``Cesium.Ellipsoid.MOON``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

ORIGINATOR = "LUNARSTATION"
MOON_SCENE = (
    "Moon-centred scene: positions are from the Moon's centre in ICRF axes (metres); "
    "set the viewer's globe to the Moon (Cesium.Ellipsoid.MOON)."
)


def _epoch(moment: np.datetime64) -> str:
    """CCSDS ASCII time, ``YYYY-MM-DDThh:mm:ss.ddd`` (UTC, no zone letter)."""
    return str(np.datetime_as_string(moment.astype("datetime64[ms]"), unit="ms"))


def oem_text(
    object_name: str, object_id: str, utc: NDArray[np.datetime64], states: FloatArray,
    *, created: datetime | None = None, comment: str = "", interpolation_degree: int = 7,
) -> str:  # fmt: skip
    """An OEM 2.0 message of one segment: states ``(n, 6)`` in km and km/s at ``utc``."""
    created = created or datetime.now(UTC)
    lines = [
        "CCSDS_OEM_VERS = 2.0",
        *(f"COMMENT {line}" for line in comment.splitlines() if line),
        f"CREATION_DATE = {created.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')}",
        f"ORIGINATOR = {ORIGINATOR}",
        "",
        "META_START",
        f"OBJECT_NAME = {object_name}",
        f"OBJECT_ID = {object_id}",
        "CENTER_NAME = MOON",
        "REF_FRAME = ICRF",
        "TIME_SYSTEM = UTC",
        f"START_TIME = {_epoch(utc[0])}",
        f"STOP_TIME = {_epoch(utc[-1])}",
        "INTERPOLATION = LAGRANGE",
        f"INTERPOLATION_DEGREE = {interpolation_degree}",
        "META_STOP",
        "",
    ]
    for moment, state in zip(utc, states, strict=True):
        lines.append(_epoch(moment) + " " + " ".join(f"{v: .9e}" for v in state))
    return "\n".join(lines) + "\n"


def czml_document(
    object_name: str, object_id: str, utc: NDArray[np.datetime64], positions_km: FloatArray
) -> list[dict[str, object]]:
    """A CZML document: the document packet and the element's sampled position."""
    start, stop = _epoch(utc[0]) + "Z", _epoch(utc[-1]) + "Z"
    seconds = (utc - utc[0]).astype("timedelta64[ms]").astype(np.int64) / 1e3
    samples = np.column_stack([seconds, positions_km * 1e3]).ravel().tolist()
    return [
        {
            "id": "document",
            "name": f"{object_name} about the Moon",
            "version": "1.0",
            "description": MOON_SCENE,
            "clock": {"interval": f"{start}/{stop}", "currentTime": start, "multiplier": 60},
        },
        {
            "id": object_id,
            "name": object_name,
            "availability": f"{start}/{stop}",
            "description": MOON_SCENE,
            "position": {
                "epoch": start,
                "referenceFrame": "INERTIAL",
                "interpolationAlgorithm": "LAGRANGE",
                "interpolationDegree": 5,
                "cartesian": samples,
            },
            "path": {"show": True, "width": 1, "leadTime": 0, "resolution": 120},
            "point": {"pixelSize": 6},
        },
    ]


def czml_text(document: list[dict[str, object]]) -> str:
    """The CZML document as JSON text."""
    return json.dumps(document, indent=1) + "\n"


__all__ = ["MOON_SCENE", "ORIGINATOR", "czml_document", "czml_text", "oem_text"]
