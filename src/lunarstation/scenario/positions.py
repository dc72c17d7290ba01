"""Where each value of a YAML (or JSON) text is written: a tree of line and column numbers.

The loader reads documents with a fast loader that keeps no positions; positions are
needed only to report problems. Then the text is read once more as parser events (the
same C parser, ≈ 0.1 µs a byte, no values built) into a :class:`PositionTree` with the
position of every key and list item, so that a path such as
``("missions", 3, "launch_vehicle")`` becomes a line and a column.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)

PURE_FALLBACK_CHARS = 250_000
"""Texts up to this many characters that ruamel's C parser (YAML 1.1) refuses are read
again with its Python parser (YAML 1.2, ≈ 12 µs a character for both passes)."""

Position = tuple[int, int]
"""1-based line and column."""


@dataclass
class PositionTree:
    """One value of the text: where it starts and, for a mapping or a list, where each
    key or item is written (with that value's own tree)."""

    line: int
    column: int
    keys: dict[str, tuple[int, int, PositionTree]] | None = None
    items: list[tuple[int, int, PositionTree]] | None = None
    pending_key: tuple[str | None, int, int] | None = field(default=None, repr=False)
    """While building a mapping: the key just read, waiting for its value."""

    def position(self, path: Sequence[str | int]) -> Position:
        """1-based (line, column) of the value at ``path``, as deep as the text goes; a key
        that is absent (a missing field) gives the position of the mapping that should
        hold it."""
        line, column, node = self.line, self.column, self
        for part in path:
            found = node._child(part)
            if found is None:
                break
            line, column, node = found
        return line, column

    def find(self, path: Sequence[str | int]) -> Position | None:
        """1-based (line, column) of the value at ``path``; None if the text has no such
        value."""
        line, column, node = self.line, self.column, self
        for part in path:
            found = node._child(part)
            if found is None:
                return None
            line, column, node = found
        return line, column

    def _child(self, part: str | int) -> tuple[int, int, PositionTree] | None:
        if self.keys is not None:
            return self.keys.get(str(part))
        if self.items is not None and isinstance(part, int) and 0 <= part < len(self.items):
            return self.items[part]
        return None

    def _add(self, node: PositionTree, key_text: str | None, is_scalar: bool) -> None:
        """Attach a value that starts here: a list item, a mapping key, or a key's value."""
        if self.items is not None:
            self.items.append((node.line, node.column, node))
        elif self.keys is not None:
            if self.pending_key is None:
                # A key; a key that is a mapping or list cannot be named by a path.
                self.pending_key = (key_text if is_scalar else None, node.line, node.column)
            else:
                text, line, column = self.pending_key
                if text is not None:
                    self.keys[text] = (line, column, node)
                self.pending_key = None


@lru_cache(maxsize=4)
def position_tree(text: str) -> PositionTree | None:
    """The positions of every value of ``text``; None if the parser cannot read it (the
    loader has then read it by other means, and problems are located at the file only)."""
    try:
        return _build(YAML(typ="safe").parse(text))
    except YAMLError:
        if len(text) > PURE_FALLBACK_CHARS:
            return None
    try:
        return _build(YAML(typ="safe", pure=True).parse(text))
    except YAMLError:
        pass
    if "\t" in text and _is_json(text):
        # JSON allows tabs between tokens, YAML refuses them there; strict JSON has none
        # inside strings, so as spaces they change no value and no column.
        try:
            return _build(YAML(typ="safe", pure=True).parse(text.replace("\t", " ")))
        except YAMLError:
            return None
    return None


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _build(events: Any) -> PositionTree | None:
    root: PositionTree | None = None
    open_nodes: list[PositionTree] = []
    anchors: dict[str, PositionTree] = {}
    for event in events:
        if isinstance(event, CollectionEndEvent):
            open_nodes.pop()
            continue
        if not isinstance(event, NodeEvent):
            continue
        mark = event.start_mark
        node = PositionTree(mark.line + 1, mark.column + 1)
        if isinstance(event, AliasEvent):
            target = anchors.get(event.anchor)
            if target is not None:
                node = PositionTree(node.line, node.column, target.keys, target.items)
        elif isinstance(event, MappingStartEvent):
            node.keys = {}
        elif isinstance(event, SequenceStartEvent):
            node.items = []
        if open_nodes:
            key_text = event.value if isinstance(event, ScalarEvent) else None
            open_nodes[-1]._add(node, key_text, isinstance(event, ScalarEvent))
        elif root is None:
            root = node
        if isinstance(event, AliasEvent):
            continue
        if event.anchor is not None:
            anchors[event.anchor] = node
        if node.keys is not None or node.items is not None:
            open_nodes.append(node)
    return root
