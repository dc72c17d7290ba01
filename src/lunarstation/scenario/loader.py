"""Loading scenarios: files or built-in names in, one validated immutable :class:`Scenario` out.

>>> import lunarstation as ls
>>> scenario = ls.load_scenario("minimal")
>>> scenario.name
'minimal'

Every problem found is reported at once in a :class:`~lunarstation.errors.ScenarioError`
whose issues name file, line, column and field.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from lunarstation.errors import ScenarioError, ScenarioIssue
from lunarstation.scenario.messages import describe, did_you_mean, field_path
from lunarstation.scenario.models import Scenario, ScenarioSource
from lunarstation.scenario.overlay import Overlay
from lunarstation.scenario.references import check_references
from lunarstation.scenario.yamlsource import Located, parse_yaml, read_yaml

DEFAULT_SCENARIO = "ilrs-reference"
"""The scenario used when none is named."""


@dataclass(frozen=True)
class BuiltinScenario:
    """A scenario shipped inside the package."""

    name: str
    title: str
    description: str


def _builtin_dir() -> Any:
    return resources.files("lunarstation.scenario") / "builtin"


def builtin_scenarios() -> dict[str, BuiltinScenario]:
    """The shipped scenarios by name, with their titles and descriptions."""
    found: dict[str, BuiltinScenario] = {}
    for entry in sorted(_builtin_dir().iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".yaml"):
            continue
        document = parse_yaml(entry.read_text(encoding="utf-8"), entry.name).node
        name = entry.name.removesuffix(".yaml")
        found[name] = BuiltinScenario(
            name=name,
            title=str(document.get("title", "")),
            description=" ".join(str(document.get("description", "")).split()),
        )
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_source(source: str | Path, sources: list[ScenarioSource]) -> Located:
    path = Path(source)
    if path.is_file():
        located = read_yaml(path, str(source))
        sources.append(ScenarioSource("file", str(source), _sha256(path.read_bytes())))
        return located
    name = str(source)
    builtin = _builtin_dir() / f"{name}.yaml"
    if "/" not in name and builtin.is_file():
        data = builtin.read_bytes()
        sources.append(ScenarioSource("builtin", name, _sha256(data)))
        return parse_yaml(data.decode("utf-8"), f"<builtin>/{name}.yaml")
    if path.exists():
        raise ScenarioError.single(name, "not a regular file; give a scenario YAML file")
    names = builtin_scenarios()
    raise ScenarioError.single(
        name,
        f"no such file, and no built-in scenario of that name; built-ins: "
        f"{did_you_mean(name, names)}",
    )


def load_scenario(*sources: str | Path) -> Scenario:
    """Load, overlay and validate scenario files or built-in names (none: ``ilrs-reference``).

    Raises:
        ScenarioError: with every problem found, each with file, line, column and field.
    """
    if not sources:
        sources = (DEFAULT_SCENARIO,)
    overlay = Overlay()
    issues: list[ScenarioIssue] = []
    read: list[ScenarioSource] = []
    for source in sources:
        try:
            overlay.add(_read_source(source, read), did_you_mean)
        except ScenarioError as error:
            issues.extend(error.issues)
    issues.extend(overlay.issues)
    if issues:
        raise ScenarioError(issues)
    return validate_document(overlay).with_sources(tuple(read))


def loads_scenario(text: str, name: str = "<string>") -> Scenario:
    """Load a scenario from YAML text (one document), e.g. an upload to the API."""
    overlay = Overlay()
    overlay.add(parse_yaml(text, name), did_you_mean)
    if overlay.issues:
        raise ScenarioError(overlay.issues)
    source = ScenarioSource("text", name, _sha256(text.encode("utf-8")))
    return validate_document(overlay).with_sources((source,))


def validate_document(overlay: Overlay) -> Scenario:
    """Field validation (pydantic) then cross-references, with every error located."""
    try:
        scenario = Scenario.model_validate(overlay.document)
    except ValidationError as error:
        kept = _without_echoes(error.errors())
        raise ScenarioError(
            _in_file_order(_located(overlay, describe(e, Scenario)) for e in kept)
        ) from None
    problems = check_references(scenario)
    if problems:
        raise ScenarioError(_in_file_order(_located(overlay, problem) for problem in problems))
    return scenario


def _without_echoes(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop errors that only repeat another one in other words.

    An entity that failed validation makes its list look short; a misspelt key
    makes the correctly spelt one look missing. The user needs one message each.
    """
    failed = {e["loc"][0] for e in errors if len(e["loc"]) > 1}
    unknown: dict[tuple[object, ...], list[str]] = {}
    for e in errors:
        if e["type"] == "extra_forbidden":
            unknown.setdefault(tuple(e["loc"][:-1]), []).append(str(e["loc"][-1]))

    def echo(e: ErrorDetails) -> bool:
        if e["type"] == "too_short" and len(e["loc"]) == 1 and e["loc"][0] in failed:
            return True
        if e["type"] == "missing":
            typos = unknown.get(tuple(e["loc"][:-1]), [])
            return bool(difflib.get_close_matches(str(e["loc"][-1]), typos, n=1, cutoff=0.6))
        return False

    kept = [e for e in errors if not echo(e)]
    return kept or errors


def _in_file_order(issues: Iterable[ScenarioIssue]) -> list[ScenarioIssue]:
    return sorted(issues, key=lambda issue: (issue.file, issue.line, issue.column))


def _located(overlay: Overlay, problem: tuple[tuple[str | int, ...], str]) -> ScenarioIssue:
    path, message = problem
    file, line, column = overlay.locate(path)
    return ScenarioIssue(file, line, column, field_path(path), message)


def scenario_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file (for editors: completion and checking)."""
    schema = Scenario.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://lunarstation.invalid/schema/scenario.json"
    return schema


def scenario_schema_json() -> str:
    """The JSON Schema as indented text."""
    return json.dumps(scenario_schema(), indent=2, sort_keys=False)
