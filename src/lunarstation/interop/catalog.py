"""The interface catalog: the packaged rows, a scenario's additions merged in, integrity checked.

The built-in catalog ships as ``interop/data/catalog.yaml``, transcribed from the
research note ``reference/interoperability.md`` (source ids ``R..`` as listed
there); its rows are the models of :mod:`lunarstation.interop.rows`.

A scenario may add rows of its own (``additions``, the shape of the YAML); an id that
already exists is refused (replacing built-in rows silently would hide where a verdict
comes from). :func:`addition_problems` finds every problem of the additions, each with
its path inside them (``("ports", 0, "family")``, ``("sources", "X1", "kind")``) and
a sentence; the scenario check (:mod:`lunarstation.interop.checks`) puts them under
``interop`` so the loader reports file, line and column. :func:`load_catalog` raises
them as one :class:`~lunarstation.errors.DataError`.

Raises:
    DataError: the packaged YAML or the additions are malformed, refer to a
        missing source/family/port/interface, or repeat an id.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML

from lunarstation.errors import DataError
from lunarstation.interop.rows import (
    ROW_MODELS,
    ROW_NAMES,
    SECTIONS,
    Adapter,
    Catalog,
    Confidence,
    Converter,
    EnvelopeLimit,
    Evidence,
    Family,
    Interface,
    Pairing,
    Port,
    Row,
    Source,
    UnknownReferenceError,
)
from lunarstation.scenario.messages import describe, did_you_mean, field_path

FieldPath = tuple[str | int, ...]
Problem = tuple[FieldPath, str]
"""A path inside the catalog (or the additions) and what is wrong there."""


def load_catalog(additions: Mapping[str, Any] | None = None) -> Catalog:
    """The built-in catalog, with a scenario's extra rows merged in (same shape as the YAML).

    The built-in catalog is parsed once per process and shared (it is immutable).

    Raises:
        DataError: a malformed row, a dangling reference or a repeated id (every problem,
            each named by its place in the additions, e.g. ``ports[0].family``).
    """
    if not additions:
        return _builtin_catalog()
    catalog, problems = merge_additions(additions)
    if catalog is None:
        found = "; ".join(f"{field_path(path)}: {message}" for path, message in problems)
        raise DataError(f"interop additions: {found}")
    return catalog


def addition_problems(additions: Mapping[str, Any]) -> list[Problem]:
    """Every problem of a scenario's catalog additions, each with its path inside them."""
    return merge_additions(additions)[1]


def merge_additions(additions: Mapping[str, Any]) -> tuple[Catalog | None, list[Problem]]:
    """The built-in catalog with ``additions`` merged in, or None and every problem found.

    Rows are checked against their models first; only when every row is well formed are
    the references and ids checked (a malformed row would make others look dangling).
    """
    builtin = _builtin_catalog()
    problems = _shape_problems(additions)
    if problems:
        return None, problems
    sources, rows, problems = _validated_rows(builtin, additions)
    if problems:
        return None, problems
    catalog = Catalog(
        catalog_version=builtin.catalog_version,
        sources={**builtin.sources, **sources},
        **{section: (*getattr(builtin, section), *rows[section]) for section in SECTIONS},
    )
    offsets = {section: len(getattr(builtin, section)) for section in SECTIONS}
    problems = [_in_additions(problem, offsets) for problem in integrity_problems(catalog, offsets)]
    return (None, problems) if problems else (catalog, [])


def _in_additions(problem: Problem, offsets: Mapping[str, int]) -> Problem:
    """A problem of the merged catalog, its row counted in the additions instead."""
    path, message = problem
    section, index = str(path[0]), path[1]
    if isinstance(index, int):
        index -= offsets[section]
    return (section, index, *path[2:]), message


def _shape_problems(additions: Mapping[str, Any]) -> list[Problem]:
    allowed = ("sources", *SECTIONS)
    problems: list[Problem] = [
        ((str(name),), f"unknown section {str(name)!r}; {did_you_mean(str(name), allowed)}")
        for name in additions
        if name not in allowed
    ]
    if not isinstance(additions.get("sources", {}), Mapping):
        problems.append((("sources",), "sources is a mapping of source id to {title, kind, url}"))
    for section in SECTIONS:
        rows = additions.get(section, ())
        if not isinstance(rows, Sequence) or isinstance(rows, str):
            problems.append(((section,), f"{section} is a list of rows"))
        else:
            problems += [
                ((section, index), f"each {ROW_NAMES[section]} is a mapping of fields")
                for index, row in enumerate(rows)
                if not isinstance(row, Mapping)
            ]
    return problems


def _validated_rows(
    builtin: Catalog, additions: Mapping[str, Any]
) -> tuple[dict[str, Source], dict[str, list[Row]], list[Problem]]:
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    for key, raw in additions.get("sources", {}).items():
        if key in builtin.sources:
            problems.append(
                (("sources", key), f"duplicate source id {key!r}: the built-in source register "
                                   "already has it; choose a new id")
            )  # fmt: skip
        try:
            sources[key] = Source.model_validate(raw)
        except ValidationError as error:
            problems += _described(error, Source, ("sources", key))
    rows: dict[str, list[Row]] = {section: [] for section in SECTIONS}
    for section in SECTIONS:
        model = ROW_MODELS[section]
        for index, raw in enumerate(additions.get(section, ())):
            try:
                rows[section].append(model.model_validate(raw))
            except ValidationError as error:
                problems += _described(error, model, (section, index))
    return sources, rows, problems


def _described(error: ValidationError, model: type[BaseModel], prefix: FieldPath) -> list[Problem]:
    """pydantic's errors in the loader's words, under ``prefix``."""
    located = [describe(detail, model) for detail in error.errors()]
    return [((*prefix, *path), message) for path, message in located]


@cache
def _builtin_catalog() -> Catalog:
    """The packaged catalog, parsed once per process (it is immutable)."""
    try:
        catalog = Catalog.model_validate(_builtin_raw())
    except ValidationError as error:
        raise DataError(f"interop catalog: {error}") from error
    check_integrity(catalog)
    return catalog


def check_integrity(catalog: Catalog) -> None:
    """Refuse repeated ids and references to sources, families, ports or interfaces not defined.

    Raises:
        DataError: every problem, each named by its row (``ports[3].family``).
    """
    problems = integrity_problems(catalog)
    if problems:
        found = "; ".join(f"{field_path(path)}: {message}" for path, message in problems)
        raise DataError(f"interop catalog: {found}")


def integrity_problems(
    catalog: Catalog, builtin_rows: Mapping[str, int] | None = None
) -> list[Problem]:
    """Repeated ids and dangling references, each at its row: ``(section, index, field...)``.

    ``builtin_rows``: how many rows of each section come from the packaged file (the rest
    are a scenario's additions); a repeated id then says which one it repeats.
    """
    problems: list[Problem] = []
    for section in SECTIONS:
        seen: dict[str, int] = {}
        first_added = (builtin_rows or {}).get(section, len(getattr(catalog, section)))
        for index, row in enumerate(getattr(catalog, section)):
            for path, key in _keys(section, row):
                if key in seen:
                    problems.append(
                        ((section, index, *path), _duplicate(section, key, seen[key] < first_added))
                    )
                seen.setdefault(key, index)
            problems += [
                ((section, index, *path), text) for path, text in _dangling(catalog, section, row)
            ]
    return problems


def _keys(section: str, row: Any) -> Iterator[tuple[FieldPath, str]]:
    """The ids a row claims: its id (a pair record: ``a+b``) and, for interfaces, aliases."""
    yield ((), row.id) if section == "pairings" else (("id",), row.id)
    for position, alias in enumerate(getattr(row, "aliases", ())):
        yield ("aliases", position), alias


def _duplicate(section: str, key: str, builtin: bool) -> str:
    where = "the built-in catalog already has it" if builtin else "an earlier added row has it"
    return (
        f"duplicate {ROW_NAMES[section]} id {key!r}: {where}; an addition cannot replace a "
        "catalog row, so choose a new id"
    )


def _dangling(catalog: Catalog, section: str, row: Any) -> Iterator[Problem]:
    """References of one row to sources, families, ports or interfaces that do not exist."""
    parts: list[tuple[FieldPath, Any]] = [((), row)]
    parts += [(("envelope", i), limit) for i, limit in enumerate(getattr(row, "envelope", ()))]
    if getattr(row, "demonstrated", None) is not None:
        parts.append((("demonstrated",), row.demonstrated))
    for prefix, part in parts:
        for position, ref in enumerate(part.sources):
            if ref not in catalog.sources:
                text = f"unknown source {ref!r}; {did_you_mean(ref, catalog.sources)}"
                yield (*prefix, "sources", position), text
    index = catalog.index
    refs: list[tuple[FieldPath, str, str, Mapping[str, Any]]] = []
    if section == "ports":
        refs.append((("family",), row.family, "docking family", index["families"]))
    elif section == "adapters":
        refs += [(("sides", i), side, "port", index["ports"]) for i, side in enumerate(row.sides)]
    elif section == "pairings":
        either = {**index["ports"], **index["families"]}
        refs += [((side,), getattr(row, side), "port or family", either) for side in ("a", "b")]
    elif section == "converters":
        refs += [
            (("joins", i), ref, "interface", index["interfaces"]) for i, ref in enumerate(row.joins)
        ]
    for path, ref, kind, valid in refs:
        if ref not in valid:
            yield path, f"unknown {kind} {ref!r}; {did_you_mean(ref, valid)}"
    if section == "converters":
        yield from _converter_categories(catalog, row)


def _converter_categories(catalog: Catalog, converter: Converter) -> Iterator[Problem]:
    first, second = (catalog.index["interfaces"].get(ref) for ref in converter.joins)
    if first is not None and second is not None and first.category != second.category:
        a, b = converter.joins
        yield (
            ("joins",),
            (
                f"a converter joins two interfaces of one category; {a!r} is {first.category}, "
                f"{b!r} is {second.category}"
            ),
        )


def _builtin_raw() -> dict[str, Any]:
    """A private copy of the parsed packaged YAML (callers may not mutate the cached one)."""
    return copy.deepcopy(_parsed_builtin())


@cache
def _parsed_builtin() -> dict[str, Any]:
    text = resources.files("lunarstation.interop").joinpath("data/catalog.yaml").read_text("utf-8")
    loaded = YAML(typ="safe").load(text)
    if not isinstance(loaded, dict):
        raise DataError("interop catalog: the packaged catalog.yaml is not a mapping")
    return loaded


__all__ = [
    "SECTIONS",
    "Adapter",
    "Catalog",
    "Confidence",
    "Converter",
    "EnvelopeLimit",
    "Evidence",
    "Family",
    "Interface",
    "Pairing",
    "Port",
    "Problem",
    "Source",
    "UnknownReferenceError",
    "addition_problems",
    "check_integrity",
    "integrity_problems",
    "load_catalog",
    "merge_additions",
]
