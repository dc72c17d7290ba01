"""Property: whatever the input, the loader returns a Scenario or raises ScenarioError — never
anything else — and every message it writes reads like the loader's (``wording.py``)."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from lunarstation import Scenario, ScenarioError, loads_scenario
from lunarstation.scenario.loader import _builtin_dir
from tests.scenario.wording import checked_messages

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
)
KEYS = st.sampled_from(
    ["name", "stages", "missions", "id", "start", "end", "partners", "dry_mass_kg", "launch", "x"]
) | st.text(min_size=1, max_size=8)
TREES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=20,
)


def dump(document: Any) -> str:
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.dump(document, stream)
    return stream.getvalue()


def load_plain(name: str) -> Any:
    return YAML(typ="safe", pure=True).load(
        (_builtin_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    )


def accepts_cleanly(text: str) -> None:
    """A Scenario, or a ScenarioError whose issues all point into the file; nothing else."""
    try:
        result = loads_scenario(text, "fuzz.yaml")
    except ScenarioError as error:
        issues = error.issues
        checked_messages(error)
    else:
        assert isinstance(result, Scenario)
        return
    assert issues
    assert all(issue.file == "fuzz.yaml" for issue in issues)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}'\"!&*#|>%@`\n\t ,.01?")), max_size=200))
def test_arbitrary_text(text: str) -> None:
    accepts_cleanly(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES)
def test_arbitrary_yaml_documents(document: Any) -> None:
    accepts_cleanly(dump(document))


MINIMAL = load_plain("minimal")


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


MINIMAL_PATHS = paths(MINIMAL)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(MINIMAL_PATHS), st.sampled_from(["delete", "replace"]), TREES),
        max_size=3,
    )
)
def test_mutated_builtin_scenario(mutations: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    import copy

    document = copy.deepcopy(MINIMAL)
    for path, action, value in mutations:
        parent = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            if action == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    accepts_cleanly(dump(document))
