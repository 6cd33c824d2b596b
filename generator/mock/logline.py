"""The mock's log lines: every value a request brought is shown escaped, never raw.

A log line is one line of space-separated fields. A request controls much of what is logged
(method, path, query, headers) and could otherwise forge lines (``%0a`` in a path), move the
terminal's cursor or recolour it (ESC, or its 8-bit form U+009B), or hide text (bidi
controls). :func:`shown` writes each such character as a Python escape, and so are the space
(a field never splits) and the backslash (an escape in the log always means an escape).
"""

from __future__ import annotations

__all__ = ["line", "shown"]

_SHORT = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(value: str) -> str:
    """``value`` with every control, separator, space and backslash written as an escape.

    Printable characters stay as they are (``str.isprintable``: not in the Unicode categories
    Other or Separator), so a path in another script reads as itself.
    """
    if value.isprintable() and " " not in value and "\\" not in value:
        return value
    return "".join(
        _escape(char) if char in " \\" or not char.isprintable() else char for char in value
    )


def line(*fields: str) -> str:
    """One log line of ``fields``, each shown escaped (an empty one as ``-``)."""
    return " ".join(shown(field) if field else "-" for field in fields)
