"""API keys: random, shown once, stored as SHA-256 digests.

A key is ``ls_`` + 8 characters of visible prefix + 32 secret characters (URL-safe
base64 of 30 random bytes in all, about 240 bits). A random key of that entropy needs no
slow password hash: SHA-256 of the key is stored, and looking a key up is one indexed
equality on the digest (``shared/reference/platform.md`` §2).
"""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "ls_"
PREFIX_CHARS = 8
"""Characters after ``ls_`` that identify a key in lists and in ``admin key revoke``."""
PREFIX_PATTERN = f"^{KEY_PREFIX}[A-Za-z0-9]{{{PREFIX_CHARS}}}$"
"""A key's visible prefix as a regular expression: ``^ls_[A-Za-z0-9]{8}$``."""


def new_key() -> str:
    """A fresh API key."""
    body = secrets.token_urlsafe(30).replace("-", "x").replace("_", "y")
    return KEY_PREFIX + body


def key_prefix(key: str) -> str:
    """The visible part of a key: ``ls_`` and the next eight characters."""
    return key[: len(KEY_PREFIX) + PREFIX_CHARS]


def key_digest(key: str) -> str:
    """SHA-256 of the key, hex."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def looks_like_key(text: str) -> bool:
    """A plausible key (prefix and length), checked before touching the database."""
    return text.startswith(KEY_PREFIX) and 20 <= len(text) <= 100 and text.isascii()
