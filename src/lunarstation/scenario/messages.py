"""Turning pydantic's validation errors into sentences that name what is allowed."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, Union

from pydantic import BaseModel, Tag
from pydantic_core import ErrorDetails

from lunarstation.scenario.base import ID_PATTERN


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
    """The location and a planner-readable sentence for one pydantic error."""
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
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    message = message[:1].lower() + message[1:]
    if (
        kind.startswith(("model_", "dataclass_"))
        or found is None
        or isinstance(found, (dict, list))
    ):
        return loc, message
    return loc, f"{message}; found {_short(found)}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
