"""``-`` reads one scenario from standard input, named ``<stdin>``."""

from __future__ import annotations

import hashlib
import io
import sys

import pytest

from lunarstation.errors import ScenarioError
from lunarstation.scenario import load_scenario
from lunarstation.scenario.models import ScenarioSource
from tests.support import BASE_YAML, WriteScenario


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> io.TextIOWrapper:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    return stream


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:

    data = BASE_YAML.encode("utf-8")
    feed(monkeypatch, data)
    scenario = load_scenario("-")
    assert scenario.name == "base"
    assert scenario.sources == (
        ScenarioSource("text", "<stdin>", hashlib.sha256(data).hexdigest()),
    )


def test_standard_input_is_overlaid_like_a_file(
    monkeypatch: pytest.MonkeyPatch, write_scenario: WriteScenario
) -> None:
    base = write_scenario("base.yaml", BASE_YAML)
    feed(monkeypatch, b"title: From a pipe\n")
    scenario = load_scenario(base, "-")
    assert scenario.title == "From a pipe"
    assert [source.name for source in scenario.sources] == [str(base), "<stdin>"]


def test_errors_on_standard_input_are_located_in_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    feed(monkeypatch, BASE_YAML.replace("dry_mass_kg: 4000", "dry_mass_kg: -1").encode())
    with pytest.raises(ScenarioError) as caught:
        load_scenario("-")
    assert [str(issue) for issue in caught.value.issues] == [
        "<stdin>:12:59: elements[0].dry_mass_kg: input should be greater than 0; found -1"
    ]


def test_standard_input_that_is_not_utf8_names_the_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    feed(monkeypatch, b"name: ok\ntitle: caf\xe9\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario("-")
    assert [str(issue) for issue in caught.value.issues] == [
        "<stdin>:2:11: not UTF-8 text: byte 0xe9 at offset 19 (invalid continuation byte); "
        "save the file as UTF-8"
    ]


def test_standard_input_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    feed(monkeypatch, BASE_YAML.encode())
    with pytest.raises(ScenarioError) as caught:
        load_scenario("-", "-")
    assert str(caught.value.issues[0]) == (
        "<stdin>: standard input ('-') can be read only once; name it once"
    )


def test_a_text_stream_without_bytes_is_read_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(BASE_YAML))
    assert load_scenario("-").name == "base"
