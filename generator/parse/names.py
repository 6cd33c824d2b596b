"""Client method names that read like a person wrote them.

The resource path comes from the static segments of the URL (``/async/chat/completions``
-> ``async_.chat.completions``) and the verb from the method and whether the path ends in
a parameter: POST on a collection is ``create``, GET ``list``; on an item GET is
``retrieve``, PUT/PATCH ``update``, DELETE ``delete``. Operations that would share a name
are all named from their operationId instead; ``operation_names`` in the config wins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from generator import ir
from generator.naming import snake

_COLLECTION = {
    "get": "list",
    "post": "create",
    "put": "replace",
    "patch": "update",
    "delete": "delete_all",
}
_ITEM = {
    "get": "retrieve",
    "post": "create",
    "put": "update",
    "patch": "update",
    "delete": "delete",
}
_OTHER = {"head": "head", "options": "options", "trace": "trace"}
# attributes of the generated clients: a resource may not take their names
_RESOURCE_RESERVED = frozenset(
    {
        "with_raw_response",
        "with_options",
        "close",
        "aclose",
        "copy",
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "strict",
        "retry_non_idempotent",
        "default_headers",
        "http_client",
    }
)


def _segment(text: str) -> str:
    name = snake(text)
    return name + "_" if name in _RESOURCE_RESERVED else name


def natural(op: ir.Operation) -> tuple[tuple[str, ...], str]:
    """The (group, method) an operation gets from its path and method."""
    segments = [s for s in op.path.split("/") if s]
    static = tuple(_segment(s) for s in segments if not (s.startswith("{") and s.endswith("}")))
    on_item = bool(segments) and segments[-1].startswith("{")
    verbs = _ITEM if on_item else _COLLECTION
    return static or ("root",), _OTHER.get(op.method) or verbs[op.method]


def assign(ops: list[ir.Operation], overrides: Mapping[str, str]) -> list[ir.Operation]:
    """Give every operation its group and name, deterministically and without clashes."""
    wanted = {op.operation_id: natural(op) for op in ops}
    clash: dict[tuple[tuple[str, ...], str], int] = defaultdict(int)
    for key in wanted.values():
        clash[key] += 1
    groups: set[tuple[str, ...]] = set()
    out: list[ir.Operation] = []
    taken: set[tuple[tuple[str, ...], str]] = set()
    for op in ops:
        group, name = wanted[op.operation_id]
        if op.operation_id in overrides:
            *path, name = [_segment(p) for p in overrides[op.operation_id].split(".") if p] or [
                "call"
            ]
            group = tuple(path) or ("root",)
        elif clash[(group, name)] > 1:
            name = snake(op.operation_id)
        while (group, name) in taken:
            name += "_"
        taken.add((group, name))
        groups.add(group)
        out.append(replace(op, group=group, name=name))
    # a method may not share its name with a sub-resource of the same group
    subresources = {(g[:i], g[i]) for g in groups for i in range(len(g))}
    return [
        replace(op, name=op.name + "_") if (op.group, op.name) in subresources else op for op in out
    ]
