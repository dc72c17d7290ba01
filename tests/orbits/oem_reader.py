"""A strict reader of CCSDS OEM 2.0 KVN messages, written from CCSDS 502.0-B-3 (§5, §7).

It checks what the standard requires: the header keywords in order
(``CCSDS_OEM_VERS``, optional ``COMMENT`` lines, optional ``CLASSIFICATION``,
``CREATION_DATE``, ``ORIGINATOR``, optional ``MESSAGE_ID``), then segments of
``META_START`` … ``META_STOP`` with the mandatory keywords ``OBJECT_NAME``,
``OBJECT_ID``, ``CENTER_NAME``, ``REF_FRAME``, ``TIME_SYSTEM``, ``START_TIME``,
``STOP_TIME`` (optional ``REF_FRAME_EPOCH``, ``USEABLE_START_TIME``,
``USEABLE_STOP_TIME``, ``INTERPOLATION``, ``INTERPOLATION_DEGREE``) in the standard's
order, followed by data lines ``epoch x y z x_dot y_dot z_dot`` (7 or 10 fields), epochs
increasing and within START_TIME … STOP_TIME. Anything else is a ``ValueError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

HEADER = (
    "CCSDS_OEM_VERS",
    "COMMENT",
    "CLASSIFICATION",
    "CREATION_DATE",
    "ORIGINATOR",
    "MESSAGE_ID",
)
HEADER_REQUIRED = ("CCSDS_OEM_VERS", "CREATION_DATE", "ORIGINATOR")
METADATA = (
    "COMMENT", "OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "REF_FRAME_EPOCH",
    "TIME_SYSTEM", "START_TIME", "USEABLE_START_TIME", "USEABLE_STOP_TIME", "STOP_TIME",
    "INTERPOLATION", "INTERPOLATION_DEGREE",
)  # fmt: skip
METADATA_REQUIRED = ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM",
                     "START_TIME", "STOP_TIME")  # fmt: skip
EPOCH = re.compile(r"^\d{4}-(\d{2}-\d{2}|\d{3})T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$")
KVN = re.compile(r"^([A-Z_]+)\s*=\s*(.*?)\s*$")


@dataclass
class Segment:
    metadata: dict[str, str]
    epochs: list[np.datetime64] = field(default_factory=list)
    states: list[list[float]] = field(default_factory=list)


@dataclass
class OEM:
    header: dict[str, str]
    segments: list[Segment]


def _ordered(
    keys: list[str], allowed: tuple[str, ...], required: tuple[str, ...], what: str
) -> None:
    positions = []
    for key in keys:
        if key not in allowed:
            raise ValueError(f"{what}: keyword {key} is not allowed")
        positions.append(allowed.index(key))
    if positions != sorted(positions):
        raise ValueError(f"{what}: keywords out of order: {keys}")
    missing = [k for k in required if k not in keys]
    if missing:
        raise ValueError(f"{what}: missing {missing}")


def _epoch(text: str) -> np.datetime64:
    if not EPOCH.match(text):
        raise ValueError(f"bad epoch {text!r}")
    return np.datetime64(text.rstrip("Z"))


def read_oem(text: str) -> OEM:
    """Parse and check an OEM KVN message (module docstring)."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    header: dict[str, str] = {}
    keys: list[str] = []
    index = 0
    while index < len(lines) and lines[index] != "META_START":
        line = lines[index]
        key = "COMMENT" if line.startswith("COMMENT") else None
        if key is None:
            match = KVN.match(line)
            if match is None:
                raise ValueError(f"header line not KVN: {line!r}")
            key = match.group(1)
            header[key] = match.group(2)
        keys.append(key)
        index += 1
    if not keys or keys[0] != "CCSDS_OEM_VERS":
        raise ValueError("the message must start with CCSDS_OEM_VERS")
    _ordered(keys, HEADER, HEADER_REQUIRED, "header")
    if header["CCSDS_OEM_VERS"] not in ("2.0", "3.0"):
        raise ValueError("CCSDS_OEM_VERS must be 2.0")
    segments = []
    while index < len(lines):
        if lines[index] != "META_START":
            raise ValueError(f"expected META_START, got {lines[index]!r}")
        index += 1
        metadata: dict[str, str] = {}
        keys = []
        while lines[index] != "META_STOP":
            line = lines[index]
            if line.startswith("COMMENT"):
                keys.append("COMMENT")
            else:
                match = KVN.match(line)
                if match is None:
                    raise ValueError(f"metadata line not KVN: {line!r}")
                keys.append(match.group(1))
                metadata[match.group(1)] = match.group(2)
            index += 1
        _ordered(keys, METADATA, METADATA_REQUIRED, "metadata")
        segment = Segment(metadata)
        start, stop = _epoch(metadata["START_TIME"]), _epoch(metadata["STOP_TIME"])
        index += 1
        while index < len(lines) and lines[index] != "META_START":
            line = lines[index]
            if not line.startswith("COMMENT"):
                fields = line.split()
                if len(fields) not in (7, 10):
                    raise ValueError(f"data line needs 7 or 10 fields: {line!r}")
                epoch = _epoch(fields[0])
                if not start <= epoch <= stop:
                    raise ValueError(f"epoch {fields[0]} outside START_TIME … STOP_TIME")
                if segment.epochs and epoch <= segment.epochs[-1]:
                    raise ValueError("epochs must increase")
                segment.epochs.append(epoch)
                segment.states.append([float(v) for v in fields[1:]])
            index += 1
        if not segment.epochs:
            raise ValueError("a segment needs data lines")
        segments.append(segment)
    if not segments:
        raise ValueError("no segment")
    return OEM(header, segments)
