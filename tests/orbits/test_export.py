"""OEM re-read by a strict reader written from CCSDS 502.0-B-3; CZML's required fields.

CZML: Cesium's CZML guide (github.com/AnalyticalGraphicsInc/czml-writer wiki, "Packet",
"Position"): the first packet has ``id: document`` and ``version``; a sampled position
has ``epoch``, ``cartesian`` as [t, x, y, z, ...] (metres), ``referenceFrame`` one of
FIXED/INERTIAL and ``interpolationAlgorithm`` LINEAR/LAGRANGE/HERMITE with a degree.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from lunarstation.orbits.export import czml_document, czml_text, oem_text
from tests.orbits.oem_reader import read_oem

UTC = np.arange(
    "2030-01-01T00:00", "2030-01-01T01:00", np.timedelta64(10, "m"), dtype="datetime64[ns]"
)
STATES = np.column_stack(
    [np.linspace(1838, 1900, UTC.size), np.zeros((UTC.size, 4)), np.ones(UTC.size)]
)


def test_oem_is_read_back_with_its_states() -> None:
    message = read_oem(oem_text("Relay", "relay-1", UTC, STATES, comment="test"))
    assert message.header["CCSDS_OEM_VERS"] == "2.0"
    (segment,) = message.segments
    assert segment.metadata["CENTER_NAME"] == "MOON"
    assert segment.metadata["REF_FRAME"] == "ICRF"
    assert np.allclose(np.array(segment.states), STATES, rtol=1e-9)
    assert segment.epochs[0] == UTC[0]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (lambda t: t.replace("CCSDS_OEM_VERS = 2.0\n", ""), "CCSDS_OEM_VERS"),
        (lambda t: t.replace("ORIGINATOR = LUNARSTATION\n", ""), "missing"),
        (lambda t: t.replace("CENTER_NAME = MOON\n", "") , "missing"),
        (lambda t: t.replace("OBJECT_ID = relay-1\nCENTER_NAME = MOON", "CENTER_NAME = MOON\nOBJECT_ID = relay-1"), "out of order"),
        (lambda t: t.rstrip("\n") + " 7\n", "7 or 10 fields"),
    ],
)  # fmt: skip
def test_the_reader_is_strict(broken: object, message: str) -> None:
    text = oem_text("Relay", "relay-1", UTC, STATES)
    with pytest.raises(ValueError, match=message):
        read_oem(broken(text))  # type: ignore[operator]


def test_czml_has_the_required_fields() -> None:
    document = json.loads(czml_text(czml_document("Relay", "relay-1", UTC, STATES[:, :3])))
    assert document[0]["id"] == "document"
    assert document[0]["version"] == "1.0"
    assert "Moon" in document[0]["description"]
    position = document[1]["position"]
    assert position["referenceFrame"] in ("FIXED", "INERTIAL")
    assert position["interpolationAlgorithm"] in ("LINEAR", "LAGRANGE", "HERMITE")
    assert isinstance(position["interpolationDegree"], int)
    samples = np.array(position["cartesian"]).reshape(-1, 4)
    assert samples[0, 0] == 0.0
    assert samples[-1, 0] == 3000.0
    assert samples[0, 1] == pytest.approx(1838e3)  # metres
