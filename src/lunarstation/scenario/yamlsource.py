"""Reading YAML while keeping where every value came from (file, line, column).

A document is read with a fast loader — ``json`` for JSON text (generated scenarios),
ruamel's safe loader (C-accelerated with ``ruamel.yaml.clib``) otherwise, both with YAML
1.2 semantics — after :mod:`~lunarstation.scenario.limits` has checked that reading it
is bounded. :class:`Located` wraps the document so that a path such as
``("missions", 3, "launch_vehicle")`` can be turned back into a line and column, from
the text's :func:`~lunarstation.scenario.positions.position_tree`, built only when a
problem must be located.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import VersionedResolver

from lunarstation.errors import ScenarioError, ScenarioIssue
from lunarstation.scenario.limits import (
    DEFAULT_LIMITS,
    LoadLimits,
    check_plain,
    json_depth,
    refuse_size,
    scan_yaml,
)
from lunarstation.scenario.positions import PURE_FALLBACK_CHARS, position_tree


@dataclass(frozen=True)
class Located:
    """A parsed YAML document (or a node of it) together with the file it came from.

    ``text`` (the whole file) and ``prefix`` (the node's path in it) let :meth:`position`
    find where a value was written.
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

        Walks as deep as the document goes; a key that is absent (a missing field)
        reports the position of the mapping that should hold it.
        """
        tree = position_tree(self.text) if self.text is not None else None
        if tree is None:
            return 1, 1
        return tree.position((*self.prefix, *path))


# --- bytes to text -----------------------------------------------------------------------


def read_yaml(path: Path, display_name: str, limits: LoadLimits = DEFAULT_LIMITS) -> Located:
    """Parse one YAML file; the size is checked before it is read.

    Raises:
        ScenarioError: too large, unreadable, not UTF-8, or a syntax error with its position.
    """
    return parse_yaml(
        decode(read_bytes(path, display_name, limits), display_name), display_name, limits
    )


def read_bytes(path: Path, display_name: str, limits: LoadLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a file, refused unread when larger than ``limits.max_bytes``."""
    try:
        refuse_size(display_name, path.stat().st_size, limits)
        return path.read_bytes()
    except OSError as error:
        raise ScenarioError.single(display_name, f"cannot read file: {error.strerror}") from None


def decode(data: bytes, display_name: str) -> str:
    """UTF-8 text of ``data``; the first byte that is not UTF-8 is reported with its offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        line = data.count(b"\n", 0, offset) + 1
        column = len(data[data.rfind(b"\n", 0, offset) + 1 : offset].decode("utf-8", "replace"))
        raise ScenarioError.single(
            display_name,
            f"not UTF-8 text: byte 0x{data[offset]:02x} at offset {offset:,} "
            f"({error.reason}); save the file as UTF-8",
            line=line,
            column=column + 1,
        ) from None


# --- text to a document ------------------------------------------------------------------


def parse_yaml(text: str, display_name: str, limits: LoadLimits = DEFAULT_LIMITS) -> Located:
    """Parse YAML (or JSON) text within ``limits``; the top level must be a mapping.

    Raises:
        ScenarioError: a limit exceeded, a syntax error (with its position), or a top
            level that is not a mapping.
    """
    document = _load(text, display_name, limits)
    if document is None:
        raise ScenarioError.single(display_name, "file is empty; a scenario is a YAML mapping")
    if not isinstance(document, dict):
        raise ScenarioError.single(
            display_name,
            f"the top level is a {_yaml_kind(document)}; a scenario file is a mapping "
            "(keys such as name, stages, missions)",
            line=1,
            column=1,
        )
    return Located(display_name, document, text)


def _load(text: str, display_name: str, limits: LoadLimits) -> Any:
    if text.lstrip().startswith("{") and json_depth(text) <= limits.max_depth:
        try:
            document = json.loads(text, object_pairs_hook=_without_duplicates)
        except (ValueError, RecursionError):
            pass  # not JSON after all (or a duplicate key): YAML reports it with a position
        else:
            try:
                check_plain(document, display_name, limits)
            except ScenarioError:
                scan_yaml(text, display_name, limits)  # the same refusal, with its line
                raise
            return document
    scan_yaml(text, display_name, limits)
    try:
        return _safe_load(text, display_name, pure=False)
    except MarkedYAMLError as error:
        if len(text) > PURE_FALLBACK_CHARS:
            raise _syntax_error(error, display_name) from None
    # libyaml reads YAML 1.1; ruamel's own parser reads 1.2, which allows e.g. a ':' inside
    # a flow-style plain scalar ({launch: 2030-06-01T12:00:00Z}). It is ≈ 40× slower.
    scan_yaml(text, display_name, limits, pure=True)
    try:
        return _safe_load(text, display_name, pure=True)
    except MarkedYAMLError as error:
        raise _syntax_error(error, display_name) from None


def _safe_load(text: str, display_name: str, *, pure: bool) -> Any:
    loader = YAML(typ="safe", pure=pure)
    loader.Constructor = _Constructor
    loader.Resolver = _Resolver
    try:
        return loader.load(text)
    except MarkedYAMLError:
        raise
    except (YAMLError, ValueError, TypeError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ScenarioError.single(display_name, f"YAML error: {message}") from None


def _syntax_error(error: MarkedYAMLError, display_name: str) -> ScenarioError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = error.problem or error.context or "invalid YAML"
    return ScenarioError.single(
        display_name, f"YAML syntax error: {problem}", line=line, column=column
    )


class _Constructor(SafeConstructor):
    """The safe constructor, keeping a scalar that only looks like a date or a number
    (``2033-02-30``, an integer of 5,000 digits) as its text: the field's validation then
    reports it with its line and field, like any other wrong value."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


class _Resolver(VersionedResolver):
    """ruamel's resolver, looking up its table of implicit types once per document instead
    of once per scalar (a third of the C loader's time). One loader reads one document, so
    a ``%YAML`` directive, read before any scalar, still selects the table."""

    _table: Any = None

    @property
    def versioned_resolver(self) -> Any:
        if self._table is None:
            self._table = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
        return self._table


def _without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise ValueError("duplicate key")
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
