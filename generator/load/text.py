"""From a spec file's bytes to the text the parsers read.

Reading the file (a regular file, bounded: :mod:`generator.load.files`), decoding it
as UTF-8, guessing whether the text is JSON or YAML, making JSON text safe for libyaml (which
the position pass and error replays parse it with), and turning an offset into a line and column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.errors import EXIT_USAGE, fail
from generator.load.files import read_regular

__all__ = ["JSON_START", "as_yaml", "decode", "looks_like_json", "read", "where"]

JSON_START = re.compile(r"\s*[\[{]")
# libyaml rejects escaped UTF-16 surrogates, which JSON allows; U+FFFD keeps the columns.
_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def read(path: Path) -> bytes:
    """The file's bytes; an unreadable, special or oversized file is a usage error."""
    return read_regular(path)


def where(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    return text.count(newline, 0, offset) + 1, offset - text.rfind(newline, 0, offset)


def decode(name: str, raw: bytes) -> str:
    """The file's text, without a byte order mark; text that is not UTF-8 is a usage error."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, column = where(raw, exc.start)
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the spec as UTF-8"
        raise fail(name, message, line=line, column=column, exit_code=EXIT_USAGE) from None


def looks_like_json(path: Path, text: str) -> bool:
    """Whether to read the file as JSON: by its suffix, else by its first character."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    return suffix not in (".yaml", ".yml") and JSON_START.match(text) is not None


def as_yaml(json_text: str) -> str:
    """JSON text that libyaml reads with the same lines and columns."""
    return _SURROGATE.sub(r"\1\\uFFFD", json_text)
