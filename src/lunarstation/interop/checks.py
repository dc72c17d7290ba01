"""Load-time checks of a scenario's interop inputs: what a run would refuse, ``validate`` finds.

:func:`standards_check` is a scenario check (``load_scenario(..., checks=[...])``, see
:mod:`lunarstation.validation`): it returns ``(path, message)`` pairs, each path in the
merged scenario document, which the loader reports as file:line:column: field. It finds

* catalog additions (``interop:``) that do not fit the catalog's row models, refer to a
  source, family, port or interface that does not exist, or repeat an id
  (``interop.ports[0].family``);
* port ``standard`` ids that are not catalog ports, built-in or added
  (``elements[3].ports[0].standard``), with "did you mean";
* power, data, comms and atmosphere interface ids that are not catalog interfaces of
  that category (``elements[3].interfaces.power[0]``).

A scenario that passes never makes the interop engine report ``INTERFACE_UNKNOWN``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lunarstation.interop.catalog import Catalog, Problem, load_catalog, merge_additions
from lunarstation.interop.resources import CATEGORIES, Category
from lunarstation.scenario import Element, Scenario
from lunarstation.scenario.messages import did_you_mean

CATALOG_HINT = "`lunarstation interop catalog` lists them; a scenario adds its own under interop"


def standards_check(scenario: Scenario) -> list[Problem]:
    """Every interop problem of ``scenario`` that needs no run: additions, ports, interfaces."""
    additions = scenario_additions(scenario)
    catalog, problems = merge_additions(additions) if additions else (load_catalog(), [])
    found: list[Problem] = [(("interop", *path), message) for path, message in problems]
    vocabulary = Vocabulary.of(catalog) if catalog is not None else Vocabulary.guessed(additions)
    for index, element in enumerate(scenario.elements):
        found += _element_problems(vocabulary, ("elements", index), element)
    return found


def scenario_additions(scenario: Scenario) -> Mapping[str, Any]:
    """Catalog rows the scenario adds (its ``interop`` section), in the catalog's YAML shape."""
    dumped: Mapping[str, Any] = scenario.interop.model_dump(mode="json", exclude_defaults=True)
    return dumped


@dataclass(frozen=True)
class Vocabulary:
    """The ids a scenario may use: port ids, and interface ids/aliases with their category.

    A category of None (a malformed added row) accepts the id in any category, so that one
    mistake in the additions is reported once, not again at every element using the row.
    """

    ports: frozenset[str]
    interfaces: Mapping[str, str | None]

    @classmethod
    def of(cls, catalog: Catalog) -> Vocabulary:
        """The ids of a well-formed catalog."""
        interfaces = {key: row.category for key, row in catalog.index["interfaces"].items()}
        return cls(frozenset(catalog.index["ports"]), interfaces)

    @classmethod
    def guessed(cls, additions: Mapping[str, Any]) -> Vocabulary:
        """The built-in ids plus whatever ids the (malformed) additions' rows give."""
        builtin = cls.of(load_catalog())
        ports = {row.get("id") for row in _rows(additions, "ports")}
        interfaces: dict[str, str | None] = dict(builtin.interfaces)
        for row in _rows(additions, "interfaces"):
            category = row.get("category")
            names = [row.get("id"), *(row.get("aliases") or ())]
            interfaces.update(
                {name: category if category in CATEGORIES else None for name in names
                 if isinstance(name, str)}
            )  # fmt: skip
        return cls(builtin.ports | {p for p in ports if isinstance(p, str)}, interfaces)

    def port_problem(self, standard: str) -> str:
        """Why ``standard`` is not a port id ('' when it is one)."""
        if standard in self.ports:
            return ""
        return (
            f"unknown port standard {standard!r}; {did_you_mean(standard, self.ports)} "
            f"({CATALOG_HINT}.ports)"
        )

    def interface_problem(self, category: Category, interface_id: str) -> str:
        """Why ``interface_id`` is not an interface of ``category`` ('' when it is one)."""
        same = [key for key, kind in self.interfaces.items() if kind in (category, None)]
        if interface_id not in self.interfaces:
            return (
                f"unknown {category} interface {interface_id!r}; "
                f"{did_you_mean(interface_id, same)} ({CATALOG_HINT}.interfaces)"
            )
        kind = self.interfaces[interface_id]
        if kind not in (category, None):
            return (
                f"{interface_id!r} is {_article(str(kind))} {kind} interface, not "
                f"{_article(category)} {category} one; "
                f"{did_you_mean(interface_id, same)}"
            )
        return ""


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _rows(additions: Mapping[str, Any], section: str) -> Iterator[Mapping[str, Any]]:
    rows = additions.get(section, ())
    if isinstance(rows, (list, tuple)):
        yield from (row for row in rows if isinstance(row, Mapping))


def _element_problems(
    vocabulary: Vocabulary, at: tuple[str | int, ...], element: Element
) -> list[Problem]:
    problems: list[Problem] = []
    for index, port in enumerate(element.ports):
        message = vocabulary.port_problem(port.standard)
        if message:
            problems.append(((*at, "ports", index, "standard"), message))
    for category in CATEGORIES:
        value = getattr(element.interfaces, category)
        if value is None:
            continue
        declared: list[tuple[tuple[int, ...], str]] = (
            [((), value)] if isinstance(value, str) else [((i,), v) for i, v in enumerate(value)]
        )
        for suffix, interface_id in declared:
            message = vocabulary.interface_problem(category, interface_id)
            if message:
                problems.append(((*at, "interfaces", category, *suffix), message))
    return problems
