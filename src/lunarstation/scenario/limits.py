"""Bounds on what reading one scenario input may cost, checked before anything expensive.

A scenario is text written by people: a few thousand values, nested about ten deep. A
hostile or broken input can be small and still cost without bound: nine levels of YAML
aliases (a "billion laughs") expand a few hundred bytes into 10⁹ values; 100,000 nested
brackets exhaust the C parser's stack. So, for every input, before it is parsed into values:

* its size in bytes is checked against :attr:`LoadLimits.max_bytes`;
* YAML is first read as a stream of parser events (ruamel's C parser, which keeps its
  own stacks and never recurses): the nesting depth, the number of values with every
  alias expanded (counted from the memoised size of each anchor, nothing materialised)
  and the length of every string are checked as the events go by, so a refusal costs
  only the events up to the offending one;
* JSON text (read by ``json``, which recurses) is first scanned for its bracket depth;
  its values are counted after parsing (JSON has no aliases).

Each refusal is a :class:`~lunarstation.errors.ScenarioError` naming the limit and how
to raise it. :func:`time_grid_problems` bounds what a run will allocate: the number of
epochs of the time grid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)

from lunarstation.errors import ScenarioError
from lunarstation.scenario.messages import Problem
from lunarstation.timegrid import iso_utc

MAX_DEPTH_CEILING = 1_000
"""Highest ``max_depth`` accepted: deeper documents would exhaust the stack of the
parsers and of Python (ruamel's C composer crashes the process at ≈ 30,000 levels)."""

_BYTES_PER_EPOCH_SERIES = 8
"""One float64 value per epoch: the cost of each series over the grid."""


@dataclass(frozen=True)
class LoadLimits:
    """Bounds on one scenario input; each refusal names the bound and how to raise it.

    The defaults leave room for a hundred times the built-in ``ilrs-reference`` (37 kB,
    about 2,200 values, 6 levels deep; the deepest built-in nests 9) and refuse hostile
    input in well under a second::

        load_scenario("big.yaml", limits=LoadLimits(max_bytes=20_000_000))

    Raises:
        ValueError: a limit below 1, or ``max_depth`` above :data:`MAX_DEPTH_CEILING`.
    """

    max_bytes: int = 4_000_000
    """Size of one input file (or text, or standard input), bytes. Reading takes about
    about 1.3 s per MB of YAML and 0.25 s per MB of JSON."""
    max_depth: int = 64
    """Nesting depth of mappings and lists (the built-in scenarios: 6 to 9)."""
    max_nodes: int = 1_000_000
    """Values in one input (mappings, lists and scalars), counting each alias (``*name``)
    as the whole value it stands for."""
    max_string_chars: int = 100_000
    """Length of one string (a key or a value), characters."""
    max_epochs: int = 2_000_000
    """Epochs of the run's time grid, (end − start) / step_h + 1: 19 years at a 5-minute
    step, 228 years hourly. Each series over the grid costs 8 bytes an epoch (16 MB at
    the budget), and a run holds dozens of them."""

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_nodes", "max_string_chars", "max_epochs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"LoadLimits.{name} must be a whole number ≥ 1; got {value!r}")
        if self.max_depth > MAX_DEPTH_CEILING:
            raise ValueError(
                f"LoadLimits.max_depth must be at most {MAX_DEPTH_CEILING:,}; got "
                f"{self.max_depth:,} (deeper nesting would exhaust the parser's stack)"
            )


DEFAULT_LIMITS = LoadLimits()


def raise_hint(name: str) -> str:
    """How to raise one limit, for the end of a refusal message."""
    return f"if this input is genuine, raise it with limits=LoadLimits({name}=...)"


def refuse_size(file: str, size: int, limits: LoadLimits, *, at_least: bool = False) -> None:
    """Refuse an input of ``size`` bytes above ``max_bytes`` (``at_least``: size unknown,
    reading stopped there)."""
    if size <= limits.max_bytes:
        return
    amount = f"more than {limits.max_bytes:,}" if at_least else f"{size:,}"
    raise ScenarioError.single(
        file,
        f"input is {amount} bytes, above the limit of {limits.max_bytes:,} bytes "
        f"(max_bytes); {raise_hint('max_bytes')}",
    )


# --- YAML: one pass over the parser's events ---------------------------------------------


def scan_yaml(text: str, file: str, limits: LoadLimits, *, pure: bool = False) -> None:
    """Refuse YAML text whose depth, expanded size or strings exceed ``limits``.

    ``pure``: with ruamel's Python parser (the loader's fallback) instead of the C one. A
    syntax error stops the scan quietly: the loader then reports it, having parsed no
    further than this scan did with the same parser.

    Raises:
        ScenarioError: at the line and column of the first value past a limit.
    """
    try:
        _scan_events(YAML(typ="safe", pure=pure).parse(text), file, limits)
    except YAMLError:
        return


def _scan_events(events: Iterable[Any], file: str, limits: LoadLimits) -> None:
    sizes: dict[str, int] = {}
    """Expanded size of every completed anchor."""
    open_starts: list[tuple[str | None, int]] = []
    """Open collections: their anchor and the node count when they began."""
    nodes = 0
    for event in events:
        if not isinstance(event, NodeEvent):
            if isinstance(event, CollectionEndEvent):
                anchor, began = open_starts.pop()
                if anchor is not None:
                    sizes[anchor] = nodes - began
            continue
        if isinstance(event, AliasEvent):
            nodes += _alias_size(event, sizes, open_starts, file)
        else:
            nodes += 1
            if isinstance(event, ScalarEvent):
                _check_string(event, file, limits)
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, CollectionStartEvent):
                open_starts.append((event.anchor, nodes - 1))
                if len(open_starts) > limits.max_depth:
                    _refuse_depth(event, file, limits)
        if nodes > limits.max_nodes:
            _refuse_nodes(event, file, limits, sizes)


def _alias_size(
    event: Any, sizes: dict[str, int], open_starts: list[tuple[str | None, int]], file: str
) -> int:
    if event.anchor in sizes:
        return sizes[event.anchor]
    if any(anchor == event.anchor for anchor, _ in open_starts):
        line, column = _mark(event)
        raise ScenarioError.single(
            file,
            f"alias *{event.anchor} stands for a value that contains it; a scenario cannot "
            "refer to itself",
            line=line,
            column=column,
        )
    return 1  # an undefined alias: the loader reports it


def _check_string(event: Any, file: str, limits: LoadLimits) -> None:
    length = len(event.value)
    if length > limits.max_string_chars:
        line, column = _mark(event)
        raise ScenarioError.single(
            file,
            f"a string of {length:,} characters, above the limit of "
            f"{limits.max_string_chars:,} (max_string_chars); {raise_hint('max_string_chars')}",
            line=line,
            column=column,
        )


def _refuse_depth(event: Any, file: str, limits: LoadLimits) -> None:
    line, column = _mark(event)
    raise ScenarioError.single(
        file,
        f"mappings and lists nested deeper than {limits.max_depth} levels (max_depth); a "
        f"scenario nests 6 to 9 deep; {raise_hint('max_depth')}",
        line=line,
        column=column,
    )


def _refuse_nodes(event: Any, file: str, limits: LoadLimits, sizes: dict[str, int]) -> None:
    line, column = _mark(event)
    alias = (
        f"; alias *{event.anchor} here stands for {sizes[event.anchor]:,}"
        if isinstance(event, AliasEvent) and event.anchor in sizes
        else ""
    )
    raise ScenarioError.single(
        file,
        f"more than {limits.max_nodes:,} values once aliases (*name) are expanded "
        f"(max_nodes){alias}; {raise_hint('max_nodes')}",
        line=line,
        column=column,
    )


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


# --- JSON: bracket depth before parsing, values after ----------------------------------

_JSON_ESCAPE = re.compile(r"\\.")
_JSON_STRING = re.compile(r'"[^"\n]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """Greatest bracket depth of JSON text, strings skipped.

    Exact for valid JSON and for the valid prefix of invalid JSON, which is all a JSON
    parser reads (a closing bracket too many ends that prefix); linear in time and memory
    (each pattern repeats one character class: no backtracking stack).
    """
    bare = _JSON_STRING.sub("", _JSON_ESCAPE.sub("", text))
    steps = map(_STEP.__getitem__, _NOT_BRACKET.sub("", bare))
    return max(accumulate(steps), default=0)


def check_plain(document: Any, file: str, limits: LoadLimits) -> None:
    """Refuse a parsed document (JSON: no aliases) with too many values or too long strings."""
    nodes = 0
    pending = [document]
    while pending:
        value = pending.pop()
        nodes += 1
        if isinstance(value, dict):
            pending.extend(value.values())
            nodes += len(value)
            _check_plain_strings(value.keys(), file, limits)
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            _check_plain_strings((value,), file, limits)
        if nodes > limits.max_nodes:
            raise ScenarioError.single(
                file,
                f"more than {limits.max_nodes:,} values (max_nodes); {raise_hint('max_nodes')}",
            )


def _check_plain_strings(strings: Iterable[Any], file: str, limits: LoadLimits) -> None:
    longest = max((len(s) for s in strings if isinstance(s, str)), default=0)
    if longest > limits.max_string_chars:
        raise ScenarioError.single(
            file,
            f"a string of {longest:,} characters, above the limit of "
            f"{limits.max_string_chars:,} (max_string_chars); {raise_hint('max_string_chars')}",
        )


# --- the run's time grid -----------------------------------------------------------------


def time_grid_problems(
    start: Any, end: Any, step_h: float, limits: LoadLimits, *, start_given: bool
) -> Iterator[Problem]:
    """The time grid from ``start`` to ``end`` every ``step_h`` hours: end after start, and
    no more epochs than ``limits.max_epochs``."""
    if end <= start:
        where = ("simulation", "start") if start_given else ("simulation", "end")
        yield (
            where,
            (
                f"the simulation would start at {iso_utc(start)} and end at {iso_utc(end)}; the "
                "end must come after the start (by default the stages' span)"
            ),
        )
        return
    step = timedelta(hours=step_h)
    span = end - start
    epochs = span // step + 1 if step > timedelta(0) else None
    if epochs is not None and epochs <= limits.max_epochs:
        return
    shortest_h = span / timedelta(hours=1) / max(limits.max_epochs - 1, 1)
    count = f"{epochs:,}" if epochs is not None else "unboundedly many"
    yield (
        ("simulation", "step_h"),
        (
            f"a step of {step_h:g} h from {iso_utc(start)} to {iso_utc(end)} makes {count} "
            f"epochs, above the budget of {limits.max_epochs:,} (max_epochs; each series over "
            f"the grid costs {_BYTES_PER_EPOCH_SERIES} bytes an epoch); use step_h ≥ "
            f"{shortest_h:.3g} h or a shorter span, or {raise_hint('max_epochs')}"
        ),
    )
