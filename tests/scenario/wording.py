"""What a loader message must never contain: pydantic's wording, Python reprs, tracebacks.

Every test that provokes a :class:`~lunarstation.errors.ScenarioError` on purpose (the
fuzz tests, the hostile inputs, the wrong kinds of value) passes its issues through
:func:`checked_messages`, so a message in a library's words fails the test that made it.
"""

from __future__ import annotations

import re

from lunarstation.errors import ScenarioError

NOT_OUR_WORDING = re.compile(
    "|".join(
        (
            r"errors\.pydantic\.dev",  # pydantic's help links
            r"valid tuple",
            r"valid dictionary",
            r"instance of",  # "instance of Payload"
            r"[Tt]uple should",
            r"datetime\.date\(",  # Python reprs of values
            r"datetime\.datetime\(",
            r"datetime\.timezone",
            r"Decimal\(",
            r"<class",
            r"Traceback",
            r"RecursionError|MemoryError",
        )
    )
)
"""Patterns that mark a message as written by a library or by Python, not by us."""


def checked_messages(error: ScenarioError) -> list[str]:
    """The issues of ``error`` as text, after checking that each reads like the loader's."""
    messages = [str(issue) for issue in error.issues]
    for message in messages:
        assert NOT_OUR_WORDING.search(message) is None, message
    return messages
