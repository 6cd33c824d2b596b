"""Where conformance cases come from: the spec's generated test package, else the IR.

The generated test package (``<package>_tests/``) is rendered into a temporary folder and
imported: ``strategies.REQUESTS`` draws valid requests, ``cases.coverage(pointer)`` gives
deterministic valid instances and ``cases.mutations(pointer, value)`` near misses. Coverage
of a body reaches nested models too: each nested model's own coverage cases are set, one
at a time, into the body's minimal instance. When the package cannot be rendered or
imported, :mod:`generator.conformance.builtin` draws cases from the IR instead.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import importlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.exchange import GenerationError, Values

__all__ = ["CaseSource", "GeneratedSource", "RequestData", "load_source", "sendable"]

RequestData = dict[str, Any]  # {"path", "query", "headers", "cookies", "body"?}: wire names
_NESTED_DEPTH = 3
_MAX_COVERAGE = 400


class CaseSource:
    """Valid request strategies, coverage requests and body mutations for each operation."""

    name = "none"

    def __init__(self, api: ir.Api):
        self.api = api

    def requests(self, op: ir.Operation) -> st.SearchStrategy[RequestData]:
        """Valid requests, drawn by Hypothesis (so failures shrink)."""
        raise NotImplementedError

    def coverage(self, op: ir.Operation) -> list[tuple[str, RequestData]]:
        """Deterministic valid requests with what each one covers."""
        return []

    def mutations(self, op: ir.Operation, body: Any) -> list[tuple[str, Any]]:
        """Bodies one change away from the valid ``body``, with descriptions."""
        return []

    def close(self) -> None:
        """Release what loading took (imported modules, temporary files)."""


class GeneratedSource(CaseSource):
    """Cases from the spec's generated test package, imported from a temporary folder."""

    def __init__(self, api: ir.Api, strategies: ModuleType, cases: ModuleType, cleanup: Any):
        super().__init__(api)
        self.strategies = strategies
        self.cases = cases
        self.name = f"generated test package {api.package}_tests"
        self._cleanup = cleanup

    def requests(self, op: ir.Operation) -> st.SearchStrategy[RequestData]:
        factory = self.strategies.REQUESTS.get(op.operation_id)
        strategy: st.SearchStrategy[RequestData] = st.nothing() if factory is None else factory()
        return strategy

    def _coverage_of(self, pointer: str) -> list[Any]:
        if pointer not in self.cases.SHAPES:
            return []
        try:
            return list(self.cases.coverage(pointer))
        except (RecursionError, ValueError, TypeError, KeyError):
            return []

    def coverage(self, op: ir.Operation) -> list[tuple[str, RequestData]]:
        base = _minimal_params(self.api, op, self._coverage_of)
        if base is None:
            return []
        out: list[tuple[str, RequestData]] = []
        if op.body is None:
            return [("the smallest valid request", base)]
        bodies = self._coverage_of(op.body.pointer)
        if not bodies:
            return [("the smallest valid request", base)] if not op.body.required else []
        minimal = bodies[0]
        out.extend(
            (f"body case {i + 1} of {len(bodies)}", {**base, "body": b})
            for i, b in enumerate(bodies)
        )
        for path, pointer in _nested_models(self.api, op.body.type):
            for index, value in enumerate(self._coverage_of(pointer)):
                body = _set_at(
                    minimal,
                    path=path,
                    value=value,
                    coverage_of=self._coverage_of,
                    api=self.api,
                    t=op.body.type,
                )
                if body is not None:
                    where = "/" + "/".join(str(p) for p in path)
                    out.append(
                        (
                            f"case {index + 1} of {pointer.rsplit('/', 1)[-1]} at {where}",
                            {**base, "body": body},
                        )
                    )
                if len(out) >= _MAX_COVERAGE:
                    return out
        return out

    def mutations(self, op: ir.Operation, body: Any) -> list[tuple[str, Any]]:
        if op.body is None or op.body.pointer not in self.cases.SHAPES:
            return []
        try:
            return list(self.cases.mutations(op.body.pointer, body))
        except (RecursionError, ValueError, TypeError, KeyError):
            return []

    def close(self) -> None:
        self._cleanup()


def _minimal_params(api: ir.Api, op: ir.Operation, coverage_of: Any) -> RequestData | None:
    out: RequestData = {"path": {}, "query": {}, "headers": {}, "cookies": {}}
    where = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}
    values = Values(api, direction="request", max_depth=2)
    import random

    rng = random.Random(f"params:{op.operation_id}")
    for param in op.params:
        if param.required:
            try:
                out[where[param.location]][param.wire] = values.value(sendable(api, param), rng)
            except GenerationError:
                return None
    return out


def sendable(api: ir.Api, param: ir.Param) -> ir.TypeRef:
    """The type a valid value of ``param`` is drawn from: one that is sent as something.

    An empty list or object is sent as no value at all (no path segment, no query pair, no
    header), so the value of a path parameter or a required one has an item at least; an empty
    path segment cannot be sent either, so a path string has a character at least.
    """
    if param.location != "path" and not param.required:
        return param.type
    return _non_empty(api, param.type, path=param.location == "path")


def _non_empty(api: ir.Api, t: ir.TypeRef, *, path: bool, depth: int = 0) -> ir.TypeRef:
    if isinstance(t, ir.AliasRef) and depth < _NESTED_DEPTH:
        return _non_empty(api, api.alias(t.name).type, path=path, depth=depth + 1)
    if isinstance(t, ir.StringT) and path:
        return dataclasses.replace(t, min_length=max(1, t.min_length or 0))
    if isinstance(t, ir.ArrayT):
        return dataclasses.replace(t, min_items=max(1, t.min_items or 0))
    if isinstance(t, ir.MapT):
        return dataclasses.replace(t, min_properties=max(1, t.min_properties or 0))
    if isinstance(t, ir.UnionT):
        members = tuple(_non_empty(api, m, path=path, depth=depth + 1) for m in t.members)
        return dataclasses.replace(t, members=members)
    return t


def _model_of(api: ir.Api, t: ir.TypeRef) -> ir.Model | None:
    target = ir.without_null(t)
    if isinstance(target, ir.AliasRef):
        target = ir.without_null(api.alias(target.name).type)
    if isinstance(target, ir.ModelRef):
        return api.model(target.name)
    return None


def _nested_models(api: ir.Api, t: ir.TypeRef) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path of wire names, schema pointer) of each model reachable through object fields."""
    seen: set[str] = set()
    queue: list[tuple[tuple[str, ...], ir.Model]] = []
    root = _model_of(api, t)
    if root is not None:
        queue.append(((), root))
        seen.add(root.name)
    while queue:
        path, model = queue.pop(0)
        for field in model.fields:
            nested = _model_of(api, field.type)
            if nested is None or nested.name in seen or len(path) >= _NESTED_DEPTH:
                continue
            seen.add(nested.name)
            yield (*path, field.wire), nested.pointer
            queue.append(((*path, field.wire), nested))


def _set_at(
    base: Any, *, path: tuple[str, ...], value: Any, coverage_of: Any, api: ir.Api, t: ir.TypeRef
) -> Any:
    """``base`` with ``value`` at ``path``, building absent parents from their minimal cases."""
    out = copy.deepcopy(base)
    node = out
    model = _model_of(api, t)
    for key in path[:-1]:
        if not isinstance(node, dict) or model is None:
            return None
        field = next((f for f in model.fields if f.wire == key), None)
        model = _model_of(api, field.type) if field is not None else None
        if key not in node or not isinstance(node[key], dict):
            parent = coverage_of(model.pointer) if model is not None else []
            if not parent:
                return None
            node[key] = copy.deepcopy(parent[0])
        node = node[key]
    if not isinstance(node, dict):
        return None
    node[path[-1]] = value
    return out


def _purge(prefixes: tuple[str, ...]) -> dict[str, Any]:
    """Take the modules of these packages out of ``sys.modules``; return them."""
    taken = {name: sys.modules[name] for name in sys.modules if name.split(".")[0] in prefixes}
    for name in taken:
        del sys.modules[name]
    return taken


def load_source(api: ir.Api) -> CaseSource:
    """The generated test package's cases, or the built-in source when it is unavailable."""
    from generator.conformance.builtin import BuiltinSource
    from generator.render import render_api
    from generator.render.suite import tests_folder

    folder = tests_folder(api)
    try:
        files = render_api(api)
    except Exception:  # a renderer gap must not stop conformance: fall back to the IR
        return BuiltinSource(api)
    if f"{folder}/strategies.py" not in files or f"{folder}/cases.py" not in files:
        return BuiltinSource(api)
    temp = tempfile.TemporaryDirectory(prefix="apiforge-conformance-")
    root = Path(temp.name)
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    prefixes = (api.package, folder)

    def cleanup() -> None:
        # the process gets back the packages of these names it had before, untouched
        _purge(prefixes)
        sys.modules.update(before)
        with contextlib.suppress(ValueError):
            sys.path.remove(str(root))
        temp.cleanup()

    before = _purge(prefixes)
    sys.path.insert(0, str(root))
    try:
        strategies = importlib.import_module(f"{folder}.strategies")
        cases = importlib.import_module(f"{folder}.cases")
    except Exception:  # the same: an import failure falls back rather than aborting
        cleanup()
        return BuiltinSource(api)
    return GeneratedSource(api, strategies, cases, cleanup)
