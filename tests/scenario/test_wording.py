"""Messages read like the loader's: every value of a built-in replaced by a wrong kind of
value, and each message checked against ``wording.NOT_OUR_WORDING``.

One load per kind of wrong value and scenario: pydantic reports every field at once, so
replacing every value of the file at a time provokes each field's type error in one go.
"""

from __future__ import annotations

import copy
import io
from datetime import date
from typing import Any

import pytest
from ruamel.yaml import YAML

from lunarstation.errors import ScenarioError
from lunarstation.scenario import loads_scenario
from lunarstation.scenario.loader import _builtin_dir
from tests.scenario.wording import NOT_OUR_WORDING, checked_messages

WRONG_VALUES: dict[str, Any] = {
    "list": [1, "a"],
    "mapping": {"zz": 1},
    "text": "nonsense",
    "number": 12.5,
    "boolean": True,
    "null": None,
    "date": date(2031, 2, 3),
    "old date": date(1800, 1, 1),
    "impossible date": "2033-02-30",
}


def dump(document: Any) -> str:
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(document, stream)
    return stream.getvalue()


def replaced(node: Any, value: Any, *, depth: int = 0) -> Any:
    """Every scalar below the entity level replaced by ``value`` (ids kept, so that the
    overlay still reads the entities)."""
    if isinstance(node, dict):
        return {
            key: item if key == "id" else replaced(item, value, depth=depth + 1)
            for key, item in node.items()
        }
    if isinstance(node, list):
        return [replaced(item, value, depth=depth + 1) for item in node]
    return copy.deepcopy(value) if depth > 0 else node


def collections_replaced(node: Any, value: Any, *, depth: int = 0) -> Any:
    """Every mapping and list below the top two levels replaced by ``value``."""
    if depth >= 2 and isinstance(node, (dict, list)):
        return copy.deepcopy(value)
    if isinstance(node, dict):
        return {k: collections_replaced(v, value, depth=depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [collections_replaced(v, value, depth=depth + 1) for v in node]
    return node


def messages(document: Any) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(dump(document), "wrong.yaml")
    return checked_messages(caught.value)


@pytest.mark.parametrize("scenario", ["minimal", "ilrs-reference"])
@pytest.mark.parametrize("kind", sorted(WRONG_VALUES))
def test_every_field_given_a_wrong_kind_of_value(scenario: str, kind: str) -> None:
    text = (_builtin_dir() / f"{scenario}.yaml").read_text(encoding="utf-8")
    document = YAML(typ="safe", pure=True).load(text)
    assert messages(replaced(document, WRONG_VALUES[kind]))
    assert messages(collections_replaced(document, WRONG_VALUES[kind]))


def test_type_errors_say_what_is_expected_in_the_files_terms() -> None:
    text = (_builtin_dir() / "minimal.yaml").read_text(encoding="utf-8")
    document = YAML(typ="safe", pure=True).load(text)
    document["missions"][0]["payload"] = ["lander"]
    document["missions"][0]["partners"] = "p1"
    document["partners"][0]["joined"] = date(1800, 1, 1)
    document["constants"] = 3
    found = [message.split(": ", 1)[1] for message in messages(document)]
    assert "constants: input should be a mapping with the fields crew_member_mass_kg, " \
        "standard_gravity_m_s2; found 3" in found  # fmt: skip
    assert "partners[0].joined: date 1800-01-01 is outside 1957-10-04 … 2050-12-31, the " \
        "span of the DE421 ephemeris shipped with lunarstation" in found  # fmt: skip
    assert "missions[0].partners: input should be a list (one '- item' line each, or " \
        "[a, b]); found 'p1'" in found  # fmt: skip
    assert any(
        m.startswith("missions[0].payload: input should be a mapping with the fields cargo, ")
        and m.endswith("; found a list of 1 item")
        for m in found
    )


@pytest.mark.parametrize(
    "message",
    [
        "f.yaml:1:1: missions[0].payload: input should be a valid dictionary or instance of "
        "Payload",
        "f.yaml:1:1: missions[0].partners: input should be a valid tuple",
        "f.yaml:1:1: partners[0].joined: found datetime.date(1800, 1, 1)",
        "f.yaml:1:1: x: see https://errors.pydantic.dev/2.11/v/missing",
        "f.yaml:1:1: x: found Decimal('1.5')",
        "Traceback (most recent call last):",
    ],
)
def test_the_wording_check_recognises_library_wording(message: str) -> None:
    assert NOT_OUR_WORDING.search(message)
