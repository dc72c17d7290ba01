"""Turning pydantic's validation errors into sentences that name what is allowed."""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Union

from pydantic import BaseModel, Tag
from pydantic_core import ErrorDetails

from lunarstation.scenario.base import ID_PATTERN
from lunarstation.timegrid import iso_utc

Problem = tuple[tuple[str | int, ...], str]
"""A problem found in a field-valid scenario: its path in the merged document (e.g.
``("missions", 0, "vehicle")``) and the message; the loader adds file, line and column."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'did you mean X?' when a close choice exists, then the allowed choices."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    allowed = ", ".join(options) if len(options) <= 25 else ", ".join(options[:25]) + ", ..."
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}allowed: {allowed}" if options else "none is defined in the scenario"


def field_path(loc: Sequence[str | int]) -> str:
    """Dotted field path with list indices, e.g. ``missions[3].payload.elements[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model class that holds the value at ``loc`` below ``root`` (None if not a model)."""
    return _walk(root, loc)[1]


def without_tags(root: type[BaseModel], loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """``loc`` without the tags pydantic inserts for tagged unions (flight-plan steps)."""
    return _walk(root, loc)[0]


def _walk(
    root: type[BaseModel], loc: Sequence[str | int]
) -> tuple[tuple[str | int, ...], type[BaseModel] | None]:
    current: Any = root
    kept: list[str | int] = []
    for part in loc:
        current = _strip(current)
        tagged = _tagged_option(current, part)
        if tagged is not None:
            current = tagged  # the part names a union member, not a field
            continue
        kept.append(part)
        if typing.get_origin(current) is dict:
            key_value = typing.get_args(current)
            current = key_value[1] if len(key_value) == 2 else None  # part is a key: take its value
        elif isinstance(part, int):
            args = [arg for arg in typing.get_args(current) if arg is not Ellipsis]
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field is not None else None
        else:
            current = None
    current = _strip(current)
    model = current if isinstance(current, type) and issubclass(current, BaseModel) else None
    return tuple(kept), model


def _tagged_option(annotation: Any, part: str | int) -> Any:
    """The member of a tagged union whose ``Tag`` is ``part`` (None: not a tagged union)."""
    if typing.get_origin(annotation) not in (Union, types.UnionType) or isinstance(part, int):
        return None
    for option in typing.get_args(annotation):
        if typing.get_origin(option) is typing.Annotated:
            tags = [m for m in typing.get_args(option)[1:] if isinstance(m, Tag)]
            if tags and tags[0].tag == part:
                return typing.get_args(option)[0]
    return None


def _strip(annotation: Any) -> Any:
    """Remove Optional[...] and Annotated[...] wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


def describe(error: ErrorDetails, root: type[BaseModel]) -> tuple[tuple[str | int, ...], str]:
    """The location and a planner-readable sentence for one pydantic error.

    The sentence says what the field should be in the file's own terms (a mapping, a
    list, a date such as 2030-06-01) and what was found, written as the file writes it:
    never pydantic's wording or a Python repr.
    """
    # pydantic appends '[key]' to the location of a bad mapping key; the key itself is the field
    raw = [part for part in error["loc"] if isinstance(part, (str, int)) and part != "[key]"]
    loc = without_tags(root, raw)
    kind = error["type"]
    found = error.get("input")
    if kind == "extra_forbidden":
        parent = model_at(root, raw[:-1])
        allowed = parent.model_fields.keys() if parent is not None else ()
        return loc, f"unknown field {str(loc[-1])!r}; {did_you_mean(str(loc[-1]), allowed)}"
    if kind == "missing":
        return loc, f"required field {str(loc[-1])!r} is missing"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN:
        return loc, (
            f"{found!r} is not a valid id; ids use lower-case letters, digits, '-', '_' or '.' "
            "and start with a letter or digit"
        )
    if kind in ("value_error", "assertion_error"):
        return loc, _sentence(error["msg"])  # our validators' sentences name the value
    if isinstance(found, float) and not math.isfinite(found):
        return loc, f"input should be a finite number; found {show_value(found)}"
    if kind == "date_from_datetime_inexact" and not isinstance(found, (str, datetime)):
        kind = "date_type"  # a number read as seconds since 1970: not a date at all
    expected = _expected(kind, error.get("ctx") or {}, model_at(root, raw))
    message = expected if expected is not None else _sentence(error["msg"])
    if kind.startswith(("model_", "dataclass_")) and isinstance(found, dict):
        return loc, message
    return loc, f"{message}; found {show_value(found)}"


def _sentence(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:]


_A_DATE = "a date such as 2030-06-01"
_AN_INSTANT = "a UTC time such as 2030-06-01T12:00:00Z, or a date such as 2030-06-01 (00:00 UTC)"
_A_LIST = "a list (one '- item' line each, or [a, b])"
_A_MAPPING = "a mapping (one 'key: value' line each, or {key: value})"

_SIMPLE_TYPES: dict[str, str] = {
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_parsing_size": "a whole number of reasonable size",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "string_type": "text",
    "date_type": _A_DATE,
    "date_parsing": _A_DATE,
    "date_from_datetime_parsing": _A_DATE,
    "date_from_datetime_inexact": f"{_A_DATE}, without a time of day",
    "datetime_type": _AN_INSTANT,
    "datetime_parsing": _AN_INSTANT,
    "datetime_from_date_parsing": _AN_INSTANT,
    "datetime_object_invalid": _AN_INSTANT,
    "tuple_type": _A_LIST,
    "list_type": _A_LIST,
    "set_type": _A_LIST,
    "frozen_set_type": _A_LIST,
    "iterable_type": _A_LIST,
    "dict_type": _A_MAPPING,
    "mapping_type": _A_MAPPING,
}


def _expected(kind: str, ctx: dict[str, Any], model: type[BaseModel] | None) -> str | None:
    """'input should be ...' for the errors whose pydantic wording does not fit a file."""
    if kind in _SIMPLE_TYPES:
        return f"input should be {_SIMPLE_TYPES[kind]}"
    if kind in ("model_type", "model_attributes_type", "dataclass_type"):
        if model is None:
            return f"input should be {_A_MAPPING}"
        fields = sorted(model.model_fields)
        shown = ", ".join(fields) if len(fields) <= 25 else ", ".join(fields[:25]) + ", ..."
        return f"input should be a mapping with the fields {shown}"
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        side = "at least" if kind == "too_short" else "at most"
        return f"input should list {side} {_items(bound)}"
    if kind in ("string_too_short", "string_too_long"):
        bound = ctx.get("min_length") if kind == "string_too_short" else ctx.get("max_length")
        side = "at least" if kind == "string_too_short" else "at most"
        return f"input should have {side} {bound} character{'s' if bound != 1 else ''}"
    if kind == "string_pattern_mismatch":
        choices = re.fullmatch(r"\^\(([\w|.-]+)\)\$", str(ctx.get("pattern", "")))
        if choices:
            return "input should be one of " + ", ".join(choices.group(1).split("|"))
        return f"input should match the pattern {ctx.get('pattern')}"
    return None


def _items(count: object) -> str:
    if count == 0:
        return "none"
    return f"{count} item" if count == 1 else f"{count} items"


def show_value(value: object) -> str:
    """A value as a scenario file writes it: 'text' quoted, dates in ISO form, true/false,
    null, a list or a mapping by kind; long text shortened."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_utc(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return f"a list of {_items(len(value))}" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, str):
        if len(value) <= 78:
            return repr(value)
        return f"{value[:60]!r}… ({len(value):,} characters)"
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
        return text if len(text) <= 80 else f"a number of {len(text):,} digits"
    return type(value).__name__
