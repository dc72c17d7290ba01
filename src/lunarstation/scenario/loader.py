"""Loading scenarios: files or built-in names in, one validated immutable :class:`Scenario` out.

>>> import lunarstation as ls
>>> scenario = ls.load_scenario("minimal")
>>> scenario.name
'minimal'

Every problem found is reported at once in a :class:`~lunarstation.errors.ScenarioError`
whose issues name file, line, column and field. Reading is bounded by
:class:`~lunarstation.scenario.limits.LoadLimits` (size, depth, values, string length,
time-grid epochs); checks that need an engine's vocabulary plug in as ``checks=``
(:data:`ScenarioCheck`), and their problems are located like the loader's own.
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from lunarstation.errors import ScenarioError, ScenarioIssue
from lunarstation.scenario.limits import DEFAULT_LIMITS, LoadLimits, refuse_size, time_grid_problems
from lunarstation.scenario.messages import Problem, describe, did_you_mean, field_path
from lunarstation.scenario.models import Scenario, ScenarioSource
from lunarstation.scenario.overlay import Overlay
from lunarstation.scenario.references import check_references
from lunarstation.scenario.yamlsource import Located, decode, parse_yaml, read_bytes

DEFAULT_SCENARIO = "ilrs-reference"
"""The scenario used when none is named."""

STDIN = "-"
"""The source name that reads a scenario from standard input."""

STDIN_NAME = "<stdin>"
"""How standard input is named in messages and in the scenario's sources."""

ScenarioCheck = Callable[[Scenario], Iterable[Problem]]
"""A check the loader runs on a field-valid scenario, beside its own cross-references.

It returns ``(path, message)`` pairs, the path in the merged scenario document (e.g.
``("elements", 3, "ports", 0, "standard")``); the loader reports each at the file, line and
column where that value was written, with the others, in file order. The scenario's
references may not all resolve (those problems are reported alongside): a check looks
entities up by id with care. Engines offer checks that need their vocabulary (the
interop catalog's standards) without the scenario package importing them.
"""


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


def load_scenario(
    *sources: str | Path,
    checks: Sequence[ScenarioCheck] = (),
    limits: LoadLimits = DEFAULT_LIMITS,
) -> Scenario:
    """Load, overlay and validate scenario files or built-in names (none: ``ilrs-reference``).

    ``"-"`` reads one scenario from standard input (UTF-8), named ``<stdin>``. ``checks``
    run after the loader's own (:data:`ScenarioCheck`); ``limits`` bound what reading
    may cost (:class:`LoadLimits`: 4 MB, 64 levels, 10⁶ values, 10⁵-character strings,
    2·10⁶ time-grid epochs by default).

    Raises:
        ScenarioError: with every problem found, each with file, line, column and field.
    """
    if not sources:
        sources = (DEFAULT_SCENARIO,)
    with _bounded(str(sources[-1]), limits):
        overlay = Overlay()
        issues: list[ScenarioIssue] = []
        read: list[ScenarioSource] = []
        if sum(str(source) == STDIN for source in sources) > 1:
            issues.append(_stdin_twice())
        for source in sources:
            try:
                overlay.add(_read_source(source, read, limits), did_you_mean)
            except ScenarioError as error:
                issues.extend(error.issues)
        issues.extend(overlay.issues)
        if issues:
            raise ScenarioError(issues)
        return validate_document(overlay, checks, limits).with_sources(tuple(read))


def loads_scenario(
    text: str,
    name: str = "<string>",
    *,
    checks: Sequence[ScenarioCheck] = (),
    limits: LoadLimits = DEFAULT_LIMITS,
) -> Scenario:
    """Load a scenario from YAML text (one document), e.g. an upload to the API.

    ``checks`` and ``limits`` as for :func:`load_scenario`.

    Raises:
        ScenarioError: with every problem found, each with line, column and field.
    """
    with _bounded(name, limits):
        data = _encoded(text, name, limits)
        overlay = Overlay()
        overlay.add(parse_yaml(text, name, limits), did_you_mean)
        if overlay.issues:
            raise ScenarioError(overlay.issues)
        source = ScenarioSource("text", name, _sha256(data))
        return validate_document(overlay, checks, limits).with_sources((source,))


@contextmanager
def _bounded(name: str, limits: LoadLimits) -> Iterator[None]:
    """Turn the last resort of an input past Python's own bounds into a ScenarioError.

    The limits keep hostile input from getting this far; this catches what a raised
    ``max_depth`` or ``max_bytes`` lets through.
    """
    try:
        yield
    except RecursionError:
        raise ScenarioError.single(
            name,
            f"nested too deeply for Python's recursion limit ({sys.getrecursionlimit():,}); "
            f"max_depth is {limits.max_depth}: lower it, or nest the file less deeply",
        ) from None
    except MemoryError:
        raise ScenarioError.single(
            name,
            f"out of memory reading the scenario; max_bytes is {limits.max_bytes:,} and "
            f"max_nodes {limits.max_nodes:,}: lower them, or give the process more memory",
        ) from None


def _stdin_twice() -> ScenarioIssue:
    return ScenarioIssue(
        STDIN_NAME, 0, 0, "", "standard input ('-') can be read only once; name it once"
    )


def _encoded(text: str, name: str, limits: LoadLimits) -> bytes:
    """The UTF-8 bytes of ``text``, refused above ``max_bytes`` (before encoding, when the
    characters alone are too many)."""
    refuse_size(name, len(text), limits)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ScenarioError.single(
            name,
            f"not valid Unicode text: a lone surrogate at character offset {error.start:,}",
        ) from None
    refuse_size(name, len(data), limits)
    return data


def _read_source(source: str | Path, sources: list[ScenarioSource], limits: LoadLimits) -> Located:
    name = str(source)
    if name == STDIN:
        data = _read_stdin(limits)
        sources.append(ScenarioSource("text", STDIN_NAME, _sha256(data)))
        return parse_yaml(decode(data, STDIN_NAME), STDIN_NAME, limits)
    path = Path(source)
    if path.is_file():
        data = read_bytes(path, name, limits)
        sources.append(ScenarioSource("file", name, _sha256(data)))
        return parse_yaml(decode(data, name), name, limits)
    builtin = _builtin_dir() / f"{name}.yaml"
    if "/" not in name and builtin.is_file():
        data = builtin.read_bytes()
        sources.append(ScenarioSource("builtin", name, _sha256(data)))
        return parse_yaml(data.decode("utf-8"), f"<builtin>/{name}.yaml", limits)
    if path.exists():
        raise ScenarioError.single(name, "not a regular file; give a scenario YAML file")
    names = builtin_scenarios()
    raise ScenarioError.single(
        name,
        f"no such file, and no built-in scenario of that name; built-ins: "
        f"{did_you_mean(name, names)}",
    )


def _read_stdin(limits: LoadLimits) -> bytes:
    """Standard input, read once, at most ``max_bytes`` (one byte more tells it is larger)."""
    stream = sys.stdin
    if stream is None:
        raise ScenarioError.single(STDIN_NAME, "there is no standard input to read")
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data = bytes(buffer.read(limits.max_bytes + 1))
        else:
            data = _encoded(stream.read(limits.max_bytes + 1), STDIN_NAME, limits)
    except OSError as error:
        raise ScenarioError.single(STDIN_NAME, f"cannot read standard input: {error}") from None
    refuse_size(STDIN_NAME, len(data), limits, at_least=True)
    return data


def validate_document(
    overlay: Overlay, checks: Sequence[ScenarioCheck] = (), limits: LoadLimits = DEFAULT_LIMITS
) -> Scenario:
    """Field validation (pydantic), then cross-references, the time grid and ``checks``,
    with every error located."""
    try:
        scenario = Scenario.model_validate(overlay.document)
    except ValidationError as error:
        kept = _without_echoes(error.errors())
        raise ScenarioError(
            _in_file_order(_located(overlay, describe(e, Scenario)) for e in kept)
        ) from None
    problems = [*check_references(scenario), *_time_grid(scenario, limits)]
    for check in checks:
        problems.extend(check(scenario))
    if problems:
        raise ScenarioError(_in_file_order(_located(overlay, problem) for problem in problems))
    return scenario


def _time_grid(scenario: Scenario, limits: LoadLimits) -> Iterator[Problem]:
    settings = scenario.simulation
    return time_grid_problems(
        scenario.start,
        scenario.end,
        settings.step_h,
        limits,
        start_given=settings.start is not None,
    )


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
        if e["type"] == "too_short" and _long_enough(e):
            return True  # its items failed, and each is reported
        if e["type"] == "missing":
            typos = unknown.get(tuple(e["loc"][:-1]), [])
            return bool(difflib.get_close_matches(str(e["loc"][-1]), typos, n=1, cutoff=0.6))
        return False

    kept = [e for e in errors if not echo(e)]
    return kept or errors


def _long_enough(error: ErrorDetails) -> bool:
    given = error.get("input")
    minimum = (error.get("ctx") or {}).get("min_length", 0)
    return isinstance(given, (list, tuple)) and len(given) >= minimum


def _in_file_order(issues: Iterable[ScenarioIssue]) -> list[ScenarioIssue]:
    return sorted(issues, key=lambda issue: (issue.file, issue.line, issue.column))


def _located(overlay: Overlay, problem: Problem) -> ScenarioIssue:
    """The issue of a problem at a path of the merged document, located in the file that
    wrote the value, its list indices counted in that file."""
    path, message = problem
    file, line, column, in_file = overlay.where(path)
    return ScenarioIssue(file, line, column, field_path(in_file), message)
