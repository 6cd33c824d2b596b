"""Schema components renamed with their shape unchanged.

A component that is gone from the new document, and a new component written exactly as the
old one was (references to other renamed components read under their new names), whose
references moved with it, is one rename, not a removal and an addition. The evidence must
be unambiguous: one old name, one new name, the same number of references to each.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from generator.diff.document import Doc, ref_pointer
from generator.openapi import escape_pointer_token, unescape_pointer_token

_PREFIX = "/components/schemas/"


def _schemas(doc: Doc) -> Mapping[str, Any]:
    found = doc.lookup("/components/schemas")
    return found if isinstance(found, Mapping) else {}


def _renamed_refs(node: Any, names: Mapping[str, str]) -> Any:
    """``node`` with each ``$ref`` to an old name written with its new one."""
    if isinstance(node, Mapping):
        out = {k: _renamed_refs(v, names) for k, v in node.items()}
        pointer = ref_pointer(node.get("$ref"))
        if (
            pointer is not None
            and pointer.startswith(_PREFIX)
            and "/" not in pointer[len(_PREFIX) :]
        ):
            name = unescape_pointer_token(pointer[len(_PREFIX) :])
            if name in names:
                out["$ref"] = "#" + _PREFIX + escape_pointer_token(names[name])
        return out
    if isinstance(node, list):
        return [_renamed_refs(v, names) for v in node]
    return node


_REF = re.compile(r'"\$ref": "#/components/schemas/((?:[^"\\]|\\.)*)"')


def _ref_counts(doc: Doc) -> Counter[str]:
    """How many ``$ref``s name each schema component (read from the document as JSON text,
    which is several times faster than walking it)."""
    text = json.dumps(doc.root, default=str)
    return Counter(
        unescape_pointer_token(unquote(json.loads(f'"{raw}"')).split("/")[0])
        for raw in _REF.findall(text)
    )


def renamed_schemas(old: Doc, new: Doc) -> dict[str, str]:
    """{old name: new name} for every schema component renamed with its shape unchanged."""
    old_schemas, new_schemas = _schemas(old), _schemas(new)
    gone = sorted(str(n) for n in old_schemas if n not in new_schemas)
    added = sorted(str(n) for n in new_schemas if n not in old_schemas)
    if not gone or not added:
        return {}
    old_refs, new_refs = _ref_counts(old), _ref_counts(new)
    names: dict[str, str] = {}
    while True:  # a rename found lets components that refer to it match: repeat until none
        taken = set(names.values())
        found: dict[str, str] = {}
        shapes = {a: _renamed_refs(new_schemas[a], names) for a in added if a not in taken}
        for name in gone:
            if name in names:
                continue
            shape = _renamed_refs(old_schemas[name], names)
            matches = [
                other
                for other, written in shapes.items()
                if written == shape and old_refs.get(name, 0) == new_refs.get(other, 0)
            ]
            if len(matches) == 1:
                found[name] = matches[0]
        targets = list(found.values())
        found = {k: v for k, v in found.items() if targets.count(v) == 1}
        if not found:
            return names
        names.update(found)
