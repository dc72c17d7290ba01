"""The JSON Schema matches the loader: what one accepts the other accepts (Draft 2020-12).

Every built-in scenario and every YAML file under ``examples/`` is checked against
``scenario_schema()`` (a file that loads alone) or ``scenario_schema(overlay=True)`` (any
file), then mutated both ways: an unknown key is refused by both, a bare date for an
instant is accepted by both.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from lunarstation.errors import ScenarioError
from lunarstation.scenario import loads_scenario, scenario_schema
from lunarstation.scenario.loader import _builtin_dir, builtin_scenarios
from lunarstation.scenario.overlay import Overlay
from lunarstation.scenario.yamlsource import parse_yaml

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or date.fromisoformat(value).isoformat() == value


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or ("T" in value and bool(datetime.fromisoformat(value)))


@cache
def validator(*, overlay: bool = False) -> jsonschema.Draft202012Validator:
    schema = scenario_schema(overlay=overlay)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=FORMATS)


def as_editor_sees_it(value: Any) -> Any:
    """A YAML document as a JSON instance: dates and times as the ISO text they were."""
    if isinstance(value, dict):
        return {str(k): as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_plain(path: Any) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def dump(document: Any) -> str:
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(document, stream)
    return stream.getvalue()


def schema_errors(document: Any, *, overlay: bool = False) -> list[str]:
    return [
        error.message
        for error in validator(overlay=overlay).iter_errors(as_editor_sees_it(document))
    ]


def loads_alone(document: Any) -> bool:
    try:
        loads_scenario(dump(document), "mutated.yaml")
    except ScenarioError:
        return False
    return True


BUILTINS = [_builtin_dir() / f"{name}.yaml" for name in sorted(builtin_scenarios())]


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_every_builtin_matches_the_schema(path: Path) -> None:
    assert schema_errors(load_plain(path)) == []
    assert schema_errors(load_plain(path), overlay=True) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_file_matches_the_overlay_schema(path: Path) -> None:
    document = load_plain(path)
    assert schema_errors(document, overlay=True) == []
    if "name" in document:  # a whole scenario, not an overlay
        assert schema_errors(document) == []


def test_an_overlay_merged_onto_its_base_matches_the_full_schema() -> None:
    overlay = Overlay()
    for path in (_builtin_dir() / "minimal.yaml", Path(EXAMPLES[0])):
        text = path.read_text(encoding="utf-8")
        overlay.add(parse_yaml(text, path.name), lambda word, choices: "")
    assert overlay.issues == []
    assert schema_errors(overlay.document) == []


def test_the_overlay_schema_requires_no_top_level_key() -> None:
    assert "required" not in scenario_schema(overlay=True)
    assert {"name", "stages"} <= set(scenario_schema()["required"])
    assert schema_errors({}, overlay=True) == []


def object_schemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from object_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from object_schemas(value)


def test_every_model_in_the_schema_refuses_unknown_keys() -> None:
    schemas = list(object_schemas(scenario_schema()))
    assert len(schemas) > 30
    assert [s.get("title") for s in schemas if s.get("additionalProperties") is not False] == []


MINIMAL = load_plain(_builtin_dir() / "minimal.yaml")

UNKNOWN_KEYS = [
    (),
    ("simulation",),
    ("partners", 0),
    ("missions", 0),
    ("missions", 0, "payload"),
    ("elements", 0),
    ("elements", 0, "power"),
    ("options",),
]


def at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document.setdefault(part, {}) if isinstance(document, dict) else document[part]
    return document


@pytest.mark.parametrize("path", UNKNOWN_KEYS, ids=lambda p: ".".join(map(str, p)) or "top")
def test_an_unknown_key_is_refused_by_both(path: tuple[Any, ...]) -> None:
    document = copy.deepcopy(MINIMAL)
    assert loads_alone(document)
    at(document, path)["colour"] = "blue"
    assert not loads_alone(document)
    assert any("'colour' was unexpected" in e for e in schema_errors(document))
    assert any("'colour' was unexpected" in e for e in schema_errors(document, overlay=True))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("missions", 0, "launch"), date(2031, 3, 1)),
        (("simulation", "end"), date(2035, 1, 1)),
        (("missions", 0, "launch"), datetime.fromisoformat("2031-03-01T06:00:00+00:00")),
    ],
)
def test_a_bare_date_for_an_instant_is_accepted_by_both(path: tuple[Any, ...], value: Any) -> None:
    document = copy.deepcopy(MINIMAL)
    at(document, path[:-1])[path[-1]] = value
    assert loads_alone(document)
    assert schema_errors(document) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("missions", 0, "launch"), "soon"),
        (("partners", 0, "joined"), "2031-03-01T06:00:00Z"),
        (("missions", 0, "partners"), "p1"),
        (("elements", 0, "dry_mass_kg"), -1),
    ],
)
def test_a_wrong_value_is_refused_by_both(path: tuple[Any, ...], value: Any) -> None:
    document = copy.deepcopy(MINIMAL)
    at(document, path[:-1])[path[-1]] = value
    assert not loads_alone(document)
    assert schema_errors(document) != []
