"""Hostile input is refused by a named limit, as a ScenarioError, cheaply.

Shapes (issue 11): a "billion laughs" of YAML anchors, deep ``[[[[`` and ``{{{{``, deep
block indentation, huge strings, huge files, in YAML and JSON. Each refusal must name the
limit and how to raise it, say where (file:line:column when the text has lines), and cost
little memory: tracemalloc's peak is asserted (< 200 MB, the issue's bound; in practice a
few MB). Wall time is not asserted here; the sizes keep every case far below a second
(measured in the closing notes of issue 11, and by ``benchmarks/`` if you add one).
"""

from __future__ import annotations

import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lunarstation.errors import ScenarioError
from lunarstation.scenario import LoadLimits, load_scenario, loads_scenario
from lunarstation.scenario.limits import MAX_DEPTH_CEILING, json_depth
from tests.scenario.wording import checked_messages
from tests.support import BASE_YAML

MB = 1_000_000
PEAK_LIMIT_BYTES = 200 * MB
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refusal(text: str, *, limits: LoadLimits | None = None) -> tuple[ScenarioError, int]:
    """The error loading ``text`` raises, and tracemalloc's peak while it ran, bytes."""
    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError) as caught:
            loads_scenario(text, "hostile.yaml", limits=limits or LoadLimits())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    checked_messages(caught.value)
    return caught.value, peak


def single_message(error: ScenarioError) -> str:
    (issue,) = error.issues
    return str(issue)


def laughs(levels: int, width: int) -> str:
    """Each anchor a list of ``width`` aliases of the one before: width**levels values."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def expanded_size(levels: int, width: int) -> int:
    """Values laughs(levels, width) stands for: the top mapping, keys and every list."""
    size = 1 + width  # a0's list and its scalars
    total = 1 + 1 + size  # the top mapping, the key a0, a0
    for _ in range(levels):
        size = 1 + width * size
        total += 1 + size
    return total


# --- billion laughs ----------------------------------------------------------------------


def test_the_358_byte_billion_laughs_is_refused_by_max_nodes() -> None:
    text = laughs(9, 9)
    error, peak = refusal(text)
    message = single_message(error)
    assert message.startswith("hostile.yaml:")
    assert "more than 1,000,000 values once aliases (*name) are expanded (max_nodes)" in message
    assert "limits=LoadLimits(max_nodes=...)" in message
    assert peak < 5 * MB


@SLOW
@given(levels=st.integers(6, 30), width=st.integers(9, 12))
def test_any_billion_laughs_is_refused(levels: int, width: int) -> None:
    error, peak = refusal(laughs(levels, width))
    assert "(max_nodes)" in single_message(error)
    assert peak < PEAK_LIMIT_BYTES


@settings(max_examples=40, deadline=None)
@given(levels=st.integers(1, 4), width=st.integers(1, 6), limit=st.integers(10, 3_000))
def test_aliases_are_counted_exactly_as_expanded(levels: int, width: int, limit: int) -> None:
    # Below the limit the document is read (and refused for its content); above, by max_nodes.
    error, _ = refusal(laughs(levels, width), limits=LoadLimits(max_nodes=limit))
    by_limit = any("(max_nodes)" in issue.message for issue in error.issues)
    assert by_limit == (expanded_size(levels, width) > limit)


def test_an_alias_to_its_own_container_is_refused() -> None:
    error, _ = refusal("name: x\nstages: &loop [*loop]\n")
    assert single_message(error) == (
        "hostile.yaml:2:16: alias *loop stands for a value that contains it; a scenario "
        "cannot refer to itself"
    )


# --- deep nesting ------------------------------------------------------------------------


@SLOW
@given(depth=st.integers(65, 100_000), opener=st.sampled_from("[{"), as_json=st.booleans())
def test_deep_brackets_are_refused_by_max_depth(depth: int, opener: str, as_json: bool) -> None:
    key = '"a": ' if as_json else "a: "
    inner = "[" * depth + "]" * depth if opener == "[" else ("{" + key) * depth + "1" + "}" * depth
    text = f'{{"name": {inner}}}' if as_json else f"name: x\nstages: {inner}\n"
    error, peak = refusal(text)
    message = single_message(error)
    assert "nested deeper than 64 levels (max_depth)" in message
    assert "limits=LoadLimits(max_depth=...)" in message
    assert error.issues[0].line >= 1
    assert peak < PEAK_LIMIT_BYTES


def test_100000_nested_brackets_never_reach_a_recursive_parser() -> None:
    for text in ("name: " + "[" * 100_000, '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"):
        error, peak = refusal(text)
        assert "(max_depth)" in single_message(error)
        assert peak < 10 * MB


@SLOW
@given(depth=st.integers(65, 1_500))
def test_deep_block_indentation_is_refused(depth: int) -> None:
    text = "name: x\n" + "".join(" " * level + "a:\n" for level in range(depth))
    error, peak = refusal(text)
    assert "(max_depth)" in single_message(error)
    assert error.issues[0].line == 66  # the mapping 65 levels down
    assert peak < PEAK_LIMIT_BYTES


def test_raising_max_depth_reads_deeper_documents() -> None:
    text = "name: x\nstages: " + "[" * 100 + "]" * 100 + "\n"
    error, _ = refusal(text, limits=LoadLimits(max_depth=200))
    assert all("max_depth" not in issue.message for issue in error.issues)


def test_json_depth_skips_strings_and_escapes() -> None:
    assert json_depth('{"a": "[[[[", "b": "\\"[[", "c": [[1]]}') == 3
    assert json_depth("[]]]][[[") == 1  # a JSON parser stops at the first extra ']'


# --- huge strings and files --------------------------------------------------------------


@SLOW
@given(
    length=st.integers(100_001, 3_000_000),
    style=st.sampled_from(["plain", "quoted", "block", "key", "json"]),
)
def test_huge_strings_are_refused_by_max_string_chars(length: int, style: str) -> None:
    body = "x" * length
    text = {
        "plain": f"name: {body}\n",
        "quoted": f'name: "{body}"\n',
        "block": f"description: |\n  {body}\n",
        "key": f"{body}: 1\n",
        "json": json.dumps({"name": body}),
    }[style]
    error, peak = refusal(text)
    message = single_message(error)
    chars = length + 1 if style == "block" else length  # a literal block keeps its newline
    assert f"a string of {chars:,} characters, above the limit of 100,000" in message
    assert message.startswith(("hostile.yaml:1:", "hostile.yaml:2:"))
    assert peak < PEAK_LIMIT_BYTES


def test_huge_text_is_refused_before_it_is_parsed() -> None:
    text = BASE_YAML + "#" * 4_000_000
    error, peak = refusal(text)
    assert single_message(error) == (
        f"hostile.yaml: input is {len(text):,} bytes, above the limit of 4,000,000 bytes "
        "(max_bytes); if this input is genuine, raise it with limits=LoadLimits(max_bytes=...)"
    )
    assert peak < 10 * MB  # no copy of the text beyond the encoding


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(BASE_YAML)
        stream.truncate(25_000_000)  # sparse: the loader must not read it to refuse it
    tracemalloc.start()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(caught.value.issues[0]) == (
        f"{path}: input is 25,000,000 bytes, above the limit of 4,000,000 bytes (max_bytes); "
        "if this input is genuine, raise it with limits=LoadLimits(max_bytes=...)"
    )
    assert peak < 1 * MB


def test_multibyte_text_counts_bytes_not_characters() -> None:
    text = "name: x\ndescription: " + "é" * 600 + "\n"  # 600 characters, 1,200 bytes
    error, _ = refusal(text, limits=LoadLimits(max_bytes=1_000))
    assert "input is 1,222 bytes, above the limit of 1,000 bytes" in single_message(error)


def test_huge_standard_input_is_refused_after_max_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"name: x\n" + b"#" * 5_000), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    with pytest.raises(ScenarioError) as caught:
        load_scenario("-", limits=LoadLimits(max_bytes=1_000))
    assert str(caught.value.issues[0]) == (
        "<stdin>: input is more than 1,000 bytes, above the limit of 1,000 bytes (max_bytes); "
        "if this input is genuine, raise it with limits=LoadLimits(max_bytes=...)"
    )
    assert stream.buffer.tell() == 1_001  # read no further than the limit


# --- the limits themselves ---------------------------------------------------------------


def test_defaults_let_the_reference_scenario_load() -> None:
    assert load_scenario("ilrs-reference", limits=LoadLimits()).name == "ilrs-reference"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("max_bytes", 0, "LoadLimits.max_bytes must be a whole number ≥ 1; got 0"),
        ("max_nodes", 1.5, "LoadLimits.max_nodes must be a whole number ≥ 1; got 1.5"),
        ("max_epochs", True, "LoadLimits.max_epochs must be a whole number ≥ 1; got True"),
        (
            "max_depth",
            MAX_DEPTH_CEILING + 1,
            "LoadLimits.max_depth must be at most 1,000; got 1,001 (deeper nesting would "
            "exhaust the parser's stack)",
        ),
    ],
)
def test_limits_are_checked(field: str, value: object, expected: str) -> None:
    with pytest.raises(ValueError, match=r"^LoadLimits\.") as caught:
        LoadLimits(**{field: value})  # type: ignore[arg-type]
    assert str(caught.value) == expected
