"""JSON data files of the generated tests: the spec's values stay data, never code.

Large tables (schema shapes, the spec's schemas) ship as JSON beside the modules that load
them with :func:`json.loads`; Python source is kept for code. Compared with one giant
Python literal, a JSON file costs no formatter or linter time and no byte-code.
"""

from __future__ import annotations

import json
from typing import Any


def _compact(value: Any) -> str:
    # default=str: like the loader, which keeps YAML dates as their text
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"), default=str)


def json_text(value: Any, *, lines: int = 2) -> str:
    """``value`` as JSON, one member per line down to ``lines`` levels, compact below.

    Compact members go through :mod:`json`'s C encoder (an ``indent`` would fall back to
    the pure-Python one, several times slower on megabytes). Every non-ASCII character is
    escaped, so no control or bidi character of the spec reaches the file raw. Keys keep
    their order (properties are in spec order; tables are sorted where they are built).
    """
    return _members(value, lines) + "\n"


def _members(value: Any, lines: int) -> str:
    if lines <= 0 or not isinstance(value, dict | list) or not value:
        return _compact(value)
    if isinstance(value, dict):
        parts = [f"{_compact(str(k))}: {_members(v, lines - 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(parts) + "\n}"
    return "[\n" + ",\n".join(_members(v, lines - 1) for v in value) + "\n]"
