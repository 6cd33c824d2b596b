"""Parse JSON spec text under the same rules as YAML.

:mod:`json` does the parsing; its hooks refuse duplicate keys, NaN and infinite numbers, and the
result is held to the YAML builder's nesting bound. A problem json cannot locate (a duplicate
key, a nesting too deep) is located by replaying the text, which is also YAML, through the
builder.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from generator.errors import ApiforgeError, fail
from generator.load.text import JSON_START, as_yaml, where
from generator.load.yaml_parser import MAX_DEPTH, Builder

__all__ = ["NOT_JSON", "parse_json"]

NOT_JSON: Any = object()  # what parse_json returns for text that is not JSON, when not strict
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|([-+\w.]+)')


class _Reject(Exception):
    """Raised from json's hooks: a duplicate key (no text), NaN or an infinite number."""


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Reject("")
    return result


def _finite(text: str) -> float:
    if not math.isfinite(value := float(text)):
        raise _Reject(text)
    return value


def parse_json(name: str, text: str, *, strict: bool) -> Any:
    """Parse JSON; return NOT_JSON if it is not JSON and ``strict`` is off (YAML gets a try)."""
    hooks: dict[str, Any] = {"parse_float": _finite, "parse_constant": _finite}
    try:
        data = json.loads(text, object_pairs_hook=_unique_object, **hooks)
    except json.JSONDecodeError as exc:
        if not strict:
            return NOT_JSON
        message = f"invalid JSON: {exc.msg}"
        if text.strip() and not JSON_START.match(text):
            message += (
                " (a .json file holds JSON, which starts with { or [: if this is YAML,"
                " name it .yaml)"
            )
        raise fail(name, message, line=exc.lineno, column=exc.colno) from None
    except _Reject as exc:
        if not str(exc):
            raise _replay_error(name, text, "duplicate key") from None
        message = f"{exc} is not a valid JSON number (NaN and infinity are not allowed)"
        bad = next((m for m in _JSON_TOKEN.finditer(text) if m[1] == str(exc)), None)
        line, column = where(text, bad.start()) if bad else (None, None)
        raise fail(name, message, line=line, column=column) from None
    except RecursionError:
        raise _replay_error(name, text, f"nesting deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # an integer with too many digits: the YAML builder locates it
        raise _replay_error(name, text, f"invalid JSON: {exc}") from None
    if _too_deep(data):
        raise _replay_error(name, text, f"nesting deeper than {MAX_DEPTH} levels")
    return data


def _replay_error(name: str, text: str, fallback: str) -> ApiforgeError:
    """Locate a JSON problem by replaying the text (JSON is YAML) through the YAML builder."""
    try:
        Builder(name, as_yaml(text), record=False).run()
    except ApiforgeError as located:
        return located
    return fail(name, fallback)


def _too_deep(data: Any) -> bool:
    """Whether containers nest deeper than MAX_DEPTH (the YAML builder's rule, for JSON)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if type(value) is dict else value if type(value) is list else ()
        for child in children:
            if type(child) is dict or type(child) is list:
                if depth >= MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False
