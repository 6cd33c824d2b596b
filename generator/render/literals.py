"""Spec strings and values to Python literals that can never become code."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

# Characters a string literal must not carry raw: control, format (bidi overrides),
# surrogates, private-use and unassigned code points.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# kinds as tuples: a union written in a call (`str | int`) is built anew at every call
_SCALARS = (str, bool, int, bytes)
_JSON_SCALARS = (str, bool, int, float)
_CONTAINERS = (dict, list)


def pyrepr(value: Any) -> str:
    """A Python literal equal to a JSON value or bytes (``repr`` with finite floats checked)."""
    if isinstance(value, _SCALARS) or value is None:
        return repr(value)
    if isinstance(value, _CONTAINERS):
        text = repr(value)  # fast; JSON data reprs as a valid literal unless a float is not finite
        if "inf" not in text and "nan" not in text and _only_json(value):
            return text
    return _pyrepr(value)


def _only_json(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not (item is None or isinstance(item, _JSON_SCALARS)):
            return False
    return True


def _pyrepr(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_pyrepr(k)}: {_pyrepr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_pyrepr(v) for v in value) + "]"
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


def _escape(text: str) -> str:
    # fast path: printable ASCII needs only backslashes and quotes escaped
    if text.isascii() and (text.isprintable() or not _ASCII_CONTROL.search(text)):
        return text.replace("\\", "\\\\").replace('"', '\\"')
    return "".join(_escape_char(ch) for ch in text)


def docstring(text: str | None, *, indent: int = 0) -> str:
    """A triple-quoted string literal holding ``text`` exactly, or ``""`` when there is none.

    Every backslash and quote is escaped, so no text ends the literal early; control and
    bidi characters are escaped, so what the reader sees is what the string holds.
    """
    if not text or not text.strip():
        return ""
    body = _escape(text.strip())
    pad = " " * indent
    body = body.replace("\n", "\n" + pad)
    return f'"""{body}"""'


def comment(text: str | None) -> str:
    """One line of ``text`` fit for a ``#`` comment (newlines and control characters escaped)."""
    if not text:
        return ""
    line = _escape(text.replace("\n", " ").replace("\t", " "))
    return " ".join(line.split())


def toml_string(value: str) -> str:
    """A TOML basic string equal to ``value``, every character outside printable ASCII
    escaped (JSON's escapes are TOML's, and they never end the string or the line)."""
    return json.dumps(value, ensure_ascii=True)
