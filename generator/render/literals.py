"""Spec strings and values to Python literals that can never become code."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

# Characters a string literal must not carry raw: control, format (bidi overrides),
# surrogates, private-use and unassigned code points.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def pyrepr(value: Any) -> str:
    """A Python literal equal to a JSON value (``repr`` with finite floats checked)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(pyrepr(v) for v in value) + "]"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _escape_char(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    if ch in "\n\t":
        return ch
    if unicodedata.category(ch) in _UNSAFE_CATEGORIES:
        code = ord(ch)
        return (
            f"\\x{code:02x}"
            if code < 0x100
            else f"\\u{code:04x}"
            if code < 0x10000
            else f"\\U{code:08x}"
        )
    return ch


def docstring(text: str | None, *, indent: int = 0) -> str:
    """A triple-quoted string literal holding ``text`` exactly, or ``""`` when there is none.

    Every backslash and quote is escaped, so no text ends the literal early; control and
    bidi characters are escaped, so what the reader sees is what the string holds.
    """
    if not text or not text.strip():
        return ""
    body = "".join(_escape_char(ch) for ch in text.strip())
    pad = " " * indent
    body = body.replace("\n", "\n" + pad)
    return f'"""{body}"""'


def comment(text: str | None) -> str:
    """One line of ``text`` fit for a ``#`` comment (newlines and control characters escaped)."""
    if not text:
        return ""
    line = "".join(_escape_char(ch) if ch not in "\n\t" else " " for ch in text)
    return " ".join(line.split())
