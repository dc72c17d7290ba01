"""Reading YAML while keeping where every value came from (file, line, column).

ruamel.yaml's round-trip loader records positions on mappings and sequences;
:class:`Located` wraps a parsed document so that a path such as
``("missions", 3, "launch_vehicle")`` can be turned back into a line and column.

Positions are needed only to report problems, and the round-trip loader is slow
(pure Python, ≈ 5 µs per byte), so a document is first read with a fast loader —
``json`` for JSON text (generated scenarios), ruamel's safe loader (C-accelerated
with ``ruamel.yaml.clib``) otherwise, both with YAML 1.2 semantics — and re-read
with the round-trip loader only when a position is asked for, or when the fast
read fails (so syntax errors are reported by the loader that locates them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from lunarstation.errors import ScenarioError, ScenarioIssue

MAX_FILE_BYTES = 20_000_000
"""Scenario files larger than this are refused (a scenario is text written by people)."""


@dataclass(frozen=True)
class Located:
    """A parsed YAML node together with the file it came from.

    A node read by a fast loader carries no positions; ``text`` (the whole file) and
    ``prefix`` (the node's path in it) let :meth:`position` find them on demand.
    """

    file: str
    node: Any
    text: str | None = None
    prefix: tuple[str | int, ...] = ()

    def child(self, *path: str | int) -> Located:
        """The node at ``path`` below this one, positions still resolvable."""
        node = self.node
        for part in path:
            node = node[part]
        return Located(self.file, node, self.text, (*self.prefix, *path))

    def position(self, path: Sequence[str | int]) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path`` below this node.

        Walks as deep as the document goes; a key that is absent (a missing
        field) reports the position of the mapping that should hold it.
        """
        if self.text is not None and not isinstance(self.node, (CommentedMap, CommentedSeq)):
            document = _round_trip(self.text)
            if document is None:  # the loaders disagree on this text: locate the file only
                return 1, 1
            return Located(self.file, document).position((*self.prefix, *path))
        node = self.node
        line, column = _own_position(node)
        for part in path:
            if isinstance(node, CommentedMap) and part in node:
                line, column = _key_position(node, part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                item_line, item_column = node.lc.item(part)
                line, column = item_line + 1, item_column + 1
                node = node[part]
            else:
                break
        return line, column


def _own_position(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return 1, 1
    return int(lc.line) + 1, int(lc.col) + 1


def _key_position(node: CommentedMap, key: object) -> tuple[int, int]:
    try:
        line, column = node.lc.key(key)
    except (KeyError, TypeError):
        return _own_position(node)
    return int(line) + 1, int(column) + 1


def read_yaml(path: Path, display_name: str) -> Located:
    """Parse one YAML file; syntax errors become a :class:`ScenarioError` with their position."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError.single(
                display_name, f"file is {size:,} bytes; scenario files are limited to 20 MB"
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError.single(display_name, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise ScenarioError.single(display_name, f"cannot read file: {error.strerror}") from None
    return parse_yaml(text, display_name)


def parse_yaml(text: str, display_name: str) -> Located:
    """Parse YAML (or JSON) text; the top level must be a mapping."""
    document = _fast_load(text)
    if document is not None:
        return Located(display_name, document, text)
    return Located(display_name, _round_trip_checked(text, display_name))


def _fast_load(text: str) -> dict[str, Any] | None:
    """The document as plain Python values, or None if the fast loaders cannot read it as
    a mapping (the round-trip loader then reports why, with a position)."""
    try:
        if text.lstrip().startswith("{"):
            document = json.loads(text, object_pairs_hook=_without_duplicates)
        else:
            # ruamel uses its C parser (ruamel.yaml.clib) when installed, else pure Python
            document = YAML(typ="safe").load(text)
    except (YAMLError, ValueError, TypeError, RecursionError):
        return None
    return document if isinstance(document, dict) and document else None


def _without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise ValueError("duplicate key")
    return document


@lru_cache(maxsize=4)
def _round_trip(text: str) -> CommentedMap | None:
    """The round-trip parse of text that a fast loader already read; None in the rare case
    where the round-trip parser refuses what the fast one accepted (e.g. some tabs)."""
    try:
        return _round_trip_checked(text, "<scenario>")
    except ScenarioError:
        return None


def _round_trip_checked(text: str, display_name: str) -> CommentedMap:
    loader = YAML(typ="rt", pure=True)
    loader.allow_duplicate_keys = False
    try:
        document = loader.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = error.problem or error.context or "invalid YAML"
        raise ScenarioError.single(
            display_name, f"YAML syntax error: {problem}", line=line, column=column
        ) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ScenarioError.single(display_name, f"YAML error: {message}") from None
    if document is None:
        raise ScenarioError.single(display_name, "file is empty; a scenario is a YAML mapping")
    if not isinstance(document, CommentedMap):
        raise ScenarioError.single(
            display_name,
            f"the top level is a {_yaml_kind(document)}; a scenario file is a mapping "
            "(keys such as name, stages, missions)",
            line=1,
            column=1,
        )
    return document


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def to_plain(value: Any) -> Any:
    """Convert ruamel's commented containers and scalar subclasses to plain Python values."""
    if isinstance(value, dict):
        return {
            str(key) if not isinstance(key, str) else key: to_plain(v) for key, v in value.items()
        }
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, datetime):
        return datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            tzinfo=value.tzinfo,
        )
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def issue_at(
    located: Located, path: Sequence[str | int], field: str, message: str
) -> ScenarioIssue:
    """A :class:`ScenarioIssue` positioned at ``path`` inside ``located``."""
    line, column = located.position(path)
    return ScenarioIssue(located.file, line, column, field, message)
