"""Combining several scenario files into one document, remembering where each entity came from.

Rules (also in docs/scenarios.md):

* top-level settings (``name``, ``title``, ``description``, ``constants``,
  ``simulation``): a later file overrides the keys it gives;
* ``options``: merged key by key at every depth, so a later file that gives
  ``options: {station: {reserve_days: 7}}`` keeps every other option of earlier
  files; lists (``shed_order``) and ``ledger.contribution_basis`` are replaced whole;
* ``interop`` catalog additions: each section's rows accumulate across files;
* entity collections (``partners``, ``missions``, ...): a later file *adds*
  entities; it replaces an earlier entity of the same id only when that entity
  says ``replace: true``; any other repeated id is an error;
* ``science``: its settings as a top-level setting (key by key); its ``tasks`` as an
  entity collection (merged by task id, ``replace: true`` to replace).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import replace as copy_with
from typing import Any

from lunarstation.errors import ScenarioIssue
from lunarstation.scenario.models import COLLECTIONS
from lunarstation.scenario.yamlsource import Located, issue_at, to_plain

SETTINGS: tuple[str, ...] = (
    "name",
    "title",
    "description",
    "constants",
    "simulation",
    "interop",
    "network",
    "options",
    "science",
    "placements",
)
TOP_LEVEL_KEYS: tuple[str, ...] = SETTINGS + COLLECTIONS

OptionPath = tuple[str, ...]

WHOLE_OPTIONS: frozenset[OptionPath] = frozenset({("options", "ledger", "contribution_basis")})
"""Option mappings that are one value (a weighted mix): a later file replaces them whole."""


@dataclass
class Overlay:
    """The merged document and, for every value, the file node it came from."""

    document: dict[str, Any] = field(default_factory=dict)
    setting_origin: dict[str, Located] = field(default_factory=dict)
    option_origin: dict[OptionPath, Located] = field(default_factory=dict)
    """The file that wrote each ``options`` value, by its path (mappings: the last file)."""
    entity_origin: dict[str, list[Located]] = field(default_factory=dict)
    row_origin: dict[tuple[str, str], list[tuple[Located, int]]] = field(default_factory=dict)
    """For each accumulated ``interop``/``network`` section, the file and in-file index of
    each merged row, so a bad row is located where it was written."""
    issues: list[ScenarioIssue] = field(default_factory=list)
    last_file: Located | None = None
    _ids: dict[str, dict[str, int]] = field(default_factory=dict)
    """Position of each entity id in its merged collection."""
    _tasks: Overlay | None = None
    """``science.tasks`` merged as a collection (``tasks`` of this inner overlay)."""

    def locate(self, path: Sequence[str | int]) -> tuple[str, int, int]:
        """File, line and column of the value at a path of the merged document."""
        file, line, column, _ = self.where(path)
        return file, line, column

    def where(self, path: Sequence[str | int]) -> tuple[str, int, int, tuple[str | int, ...]]:
        """File, line and column of the value at a path of the merged document, and its
        path in that file: an overlay's first mission is ``missions[0]`` there, however
        many missions earlier files gave."""
        head = path[0] if path else None
        located: Located | None = None
        in_file: tuple[str | int, ...] = tuple(path)
        if isinstance(head, str) and head in COLLECTIONS and len(path) > 1:
            index = path[1]
            origins = self.entity_origin.get(head, [])
            if isinstance(index, int) and 0 <= index < len(origins):
                entity = origins[index]
                line, column = entity.position(path[2:])
                return entity.file, line, column, (*entity.prefix, *path[2:])
        elif head == "options":
            located = self._option_file(path) or self.setting_origin.get(head)
        elif (
            head in ("interop", "network")
            and len(path) > 2
            and isinstance(path[1], str)
            and isinstance(path[2], int)
        ):
            rows = self.row_origin.get((head, path[1]), [])
            if 0 <= path[2] < len(rows):
                written, index = rows[path[2]]
                in_file = (head, path[1], index, *path[3:])
                line, column = written.position(in_file)
                return written.file, line, column, in_file
            located = self.setting_origin.get(head)
        elif head == "science" and len(path) > 2 and path[1] == "tasks" and self._tasks:
            tasks = self._tasks.entity_origin.get("tasks", [])
            if isinstance(path[2], int) and 0 <= path[2] < len(tasks):
                task = tasks[path[2]]
                line, column = task.position(path[3:])
                return task.file, line, column, (*task.prefix, *path[3:])
            located = self.setting_origin.get(head)
        elif isinstance(head, str):
            located = self.setting_origin.get(head)
        if located is None:
            return (*self._file_start(), in_file)
        line, column = located.position(path)
        return located.file, line, column, in_file

    def _option_file(self, path: Sequence[str | int]) -> Located | None:
        """The file that wrote the deepest part of ``path`` still in the merged options."""
        for depth in range(len(path), 0, -1):
            prefix = path[:depth]
            if all(isinstance(part, str) for part in prefix):
                located = self.option_origin.get(tuple(str(part) for part in prefix))
                if located is not None:
                    return located
        return None

    def _file_start(self) -> tuple[str, int, int]:
        if self.last_file is None:
            return "<scenario>", 0, 0
        return self.last_file.file, 1, 1

    def add(self, located: Located, suggest: Any) -> None:
        """Overlay one parsed file onto the document."""
        self.last_file = located
        root: dict[Any, Any] = located.node
        for key in root:
            if not isinstance(key, str) or key not in TOP_LEVEL_KEYS:
                hint = suggest(str(key), TOP_LEVEL_KEYS)
                self.issues.append(
                    issue_at(located, [key], str(key), f"unknown top-level key {key!r}; {hint}")
                )
            elif key in SETTINGS:
                self._add_setting(located, key)
            else:
                self._add_collection(located, key, suggest)

    def _add_setting(self, located: Located, key: str) -> None:
        value = to_plain(located.node[key])
        earlier = self.document.get(key)
        if key == "options":
            value = self._merge_options((key,), earlier, value, located)
        elif key == "science" and isinstance(value, dict):
            value = self._merge_science(located, earlier, value)
        elif (
            key in ("interop", "network") and isinstance(value, dict) and isinstance(earlier, dict)
        ):
            # Additions from several partners' files accumulate, section by section.
            self._record_rows(key, value, located)
            value = {
                section: _accumulate(earlier.get(section), value.get(section))
                for section in {**earlier, **value}
            }
        elif isinstance(value, dict) and isinstance(earlier, dict):
            value = {**earlier, **value}
        elif key in ("interop", "network") and isinstance(value, dict):
            self._record_rows(key, value, located)
        self.document[key] = value
        self.setting_origin[key] = located

    def _merge_science(self, located: Located, earlier: Any, value: dict[Any, Any]) -> Any:
        """``science`` settings key by key; its ``tasks`` list merged by task id."""
        merged = {**earlier, **value} if isinstance(earlier, dict) else value
        if isinstance(value.get("tasks"), list):
            self._tasks = self._tasks or Overlay()
            self._tasks._add_collection(located.child("science"), "tasks", None)
            self.issues.extend(copy_with(i, field=f"science.{i.field}") for i in self._tasks.issues)
            self._tasks.issues.clear()
            merged["tasks"] = list(self._tasks.document["tasks"])
        return merged

    def _record_rows(self, key: str, value: dict[Any, Any], located: Located) -> None:
        for section, rows in value.items():
            if isinstance(section, str) and isinstance(rows, list):
                origins = self.row_origin.setdefault((key, section), [])
                origins.extend((located, index) for index in range(len(rows)))

    def _merge_options(self, path: OptionPath, earlier: Any, later: Any, located: Located) -> Any:
        """``later`` merged into ``earlier`` mapping by mapping; origins follow the values."""
        if isinstance(earlier, dict) and isinstance(later, dict) and path not in WHOLE_OPTIONS:
            merged = dict(earlier)
            for key, value in later.items():
                merged[key] = self._merge_options((*path, key), earlier.get(key), value, located)
            self.option_origin[path] = located
            return merged
        self._forget_options(path)
        self._record_options(path, later, located)
        return later

    def _forget_options(self, path: OptionPath) -> None:
        depth = len(path)
        for known in [p for p in self.option_origin if p[:depth] == path]:
            del self.option_origin[known]

    def _record_options(self, path: OptionPath, value: Any, located: Located) -> None:
        self.option_origin[path] = located
        if isinstance(value, dict):
            for key, item in value.items():
                self._record_options((*path, key), item, located)

    def _add_collection(self, located: Located, key: str, suggest: Any) -> None:
        items = located.node[key]
        if items is None:
            return
        if not isinstance(items, list):
            self.issues.append(
                issue_at(
                    located, [key], key, f"{key} must be a list of entries (one '- id: ...' each)"
                )
            )
            return
        merged = self.document.setdefault(key, [])
        origins = self.entity_origin.setdefault(key, [])
        ids = self._ids.setdefault(key, {})
        for index, item in enumerate(items):
            entity_id = item.get("id") if isinstance(item, dict) else None
            position = ids.get(entity_id) if isinstance(entity_id, str) else None
            replace = isinstance(item, dict) and item.get("replace") is True
            if position is None:
                if replace:
                    self.issues.append(
                        issue_at(
                            located,
                            [key, index, "replace"],
                            f"{key}[{index}].replace",
                            f"replace: true but no earlier {key} entry has id {entity_id!r}",
                        )
                    )
                if isinstance(entity_id, str):
                    ids[entity_id] = len(merged)
                merged.append(to_plain(item))
                origins.append(located.child(key, index))
            elif replace:
                merged[position] = to_plain(item)
                origins[position] = located.child(key, index)
            else:
                first_file, first_line, _ = Overlay._origin_of(origins[position])
                self.issues.append(
                    issue_at(
                        located,
                        [key, index, "id"],
                        f"{key}[{index}].id",
                        f"duplicate id {entity_id!r} (first defined at {first_file}:{first_line}); "
                        "ids must be unique; to replace the earlier entry add 'replace: true'",
                    )
                )

    @staticmethod
    def _origin_of(located: Located) -> tuple[str, int, int]:
        line, column = located.position([])
        return located.file, line, column


def _accumulate(earlier: Any, later: Any) -> Any:
    """Rows of both files (lists concatenate, mappings such as ``sources`` merge)."""
    if isinstance(earlier, dict) and isinstance(later, dict):
        return {**earlier, **later}
    if earlier is None:
        return later
    if later is None:
        return earlier
    return [*_as_list(earlier), *_as_list(later)]


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]
