"""Conformance cases from the spec's generated test package, through one interface.

``apiforge conformance`` (``--cases generated``, the default) renders the spec's test package
``<package>_tests`` into a temporary folder, under a package name no loaded module has
(``apiforge_cases_<pid>_<n>_tests``, so nothing already imported is shadowed or replaced),
and imports two of its modules. Conformance reads these names of them and nothing else:

``strategies.REQUESTS``
    A mapping from operation id to a function without arguments that returns a Hypothesis
    strategy of valid requests: dicts ``{"path", "query", "headers", "cookies", "body"?}``
    of JSON values by wire name (``body`` only when one is sent; the bytes of a binary body).
``strategies.SCHEMAS``
    A mapping from the JSON pointer of a schema to a function without arguments that
    returns a Hypothesis strategy of its values: a binary body written from its schema's
    values (YAML; a structured schema, :func:`~generator.conformance.bodies.drawn_as_values`)
    is drawn from its schema's, not as bytes.
``cases.SHAPES``
    A mapping whose keys are the JSON pointers of the schemas that have cases.
``cases.coverage(pointer)``
    A list of deterministic valid instances of the schema at ``pointer``, the smallest first.
``cases.mutations(pointer, value)``
    A list of ``(description, instance)`` pairs, each instance one change away from the valid
    ``value`` (a near miss).

:class:`RequestStrategies` and :class:`SchemaCases` write this down as types. Importing the
two modules takes hypothesis, jsonschema and referencing, not pytest (the validator of an
OpenAPI 3.0 spec also takes pytest). When the package cannot be rendered or imported, or
lacks one of these names, :func:`load_source` raises an error of one line that says why
(exit 2); there is no silent fallback: the cases drawn from the IR
(:mod:`generator.conformance.builtin`) are used only when asked for, with ``--cases builtin``.

Coverage of a body reaches nested models too: each nested model's own coverage cases are set,
one at a time, into the body's minimal instance.

Where the package gives up on a schema (no valid value of constraints its models do not read
was found), it skips the calling test, as a test runner knows: here that skip means no value,
so a coverage case or a random draw of it is not made (:func:`_skips`).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Literal, Protocol, assert_never, cast
from unittest import SkipTest

from hypothesis import reject
from hypothesis import strategies as st

from generator import ir
from generator.conformance.bodies import drawn_as_values
from generator.conformance.builtin import BuiltinSource
from generator.conformance.source import PLACES, CaseSource, RequestData
from generator.errors import EXIT_USAGE, fail
from generator.exchange import GenerationError, Values
from generator.facts.visibility import ReadOnly
from generator.render import render_api
from generator.render.suite import tests_folder

__all__ = [
    "CASE_SOURCES",
    "CaseSource",
    "CaseSourceName",
    "GeneratedSource",
    "RequestData",
    "RequestStrategies",
    "SchemaCases",
    "load_source",
]

CaseSourceName = Literal["generated", "builtin"]
CASE_SOURCES: tuple[CaseSourceName, ...] = ("generated", "builtin")
_NESTED_DEPTH = 3
_MAX_COVERAGE = 400
_LOADS = itertools.count()  # each load imports its package under a name of its own


class RequestStrategies(Protocol):
    """The ``strategies`` module of the generated test package, as conformance reads it."""

    REQUESTS: Mapping[str, Callable[[], st.SearchStrategy[RequestData]]]
    SCHEMAS: Mapping[str, Callable[[], st.SearchStrategy[Any]]]


class SchemaCases(Protocol):
    """The ``cases`` module of the generated test package, as conformance reads it."""

    SHAPES: Mapping[str, Any]

    def coverage(self, pointer: str) -> list[Any]: ...

    def mutations(self, pointer: str, value: Any) -> list[tuple[str, Any]]: ...


def _mapping(value: object) -> bool:
    return isinstance(value, Mapping)


# what each module must offer: its names, each with the test its value passes
_INTERFACE: dict[str, tuple[tuple[str, Callable[[object], bool]], ...]] = {
    "strategies": (("REQUESTS", _mapping), ("SCHEMAS", _mapping)),
    "cases": (("SHAPES", _mapping), ("coverage", callable), ("mutations", callable)),
}


class GeneratedSource(CaseSource):
    """Cases from the spec's generated test package, imported from a temporary folder."""

    def __init__(
        self,
        api: ir.Api,
        strategies: RequestStrategies,
        cases: SchemaCases,
        cleanup: Callable[[], None],
    ):
        super().__init__(api)
        self.strategies = strategies
        self.cases = cases
        self.name = f"generated test package {tests_folder(api)}"
        self._cleanup = cleanup
        self._read_only = ReadOnly(api)  # cases carrying such a property are not sent

    def requests(self, op: ir.Operation) -> st.SearchStrategy[RequestData]:
        factory = self.strategies.REQUESTS.get(op.operation_id)
        strategy: st.SearchStrategy[RequestData] = st.nothing() if factory is None else factory()
        values = self.strategies.SCHEMAS.get(op.body.pointer) if op.body is not None else None
        if op.body is not None and drawn_as_values(self.api, op.body):
            # drawn bytes are no value of the schema: without its values, no body is drawn
            strategy = (
                st.tuples(strategy, values()).map(_with_body)
                if values is not None
                else strategy.filter(lambda request: "body" not in request)
            )
        return _unskipped(strategy)

    def _coverage_of(self, pointer: str) -> list[Any]:
        if pointer not in self.cases.SHAPES:
            return []
        try:
            return list(self.cases.coverage(pointer))
        except (RecursionError, ValueError, TypeError, KeyError):
            return []
        except BaseException as exc:
            if isinstance(exc, _skips()):
                return []
            raise

    def coverage(self, op: ir.Operation) -> list[tuple[str, RequestData]]:
        base = self._minimal_params(op)
        if base is None:
            return []
        out: list[tuple[str, RequestData]] = []
        if op.body is None:
            return [("the smallest valid request", base)]
        # a request should not send a `readOnly` property (OpenAPI), and validators refuse one
        # where no other property is allowed: the cases of a schema that carry one are not sent
        unsent = partial(self._read_only.sent_in, op.body.type)
        bodies = [b for b in self._coverage_of(op.body.pointer) if not unsent(b)]
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
                if body is not None and not unsent(body):
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

    def _minimal_params(self, op: ir.Operation) -> RequestData | None:
        """The required parameters of ``op``, valid, drawn deterministically (None: there
        is no such request)."""
        out: RequestData = {"path": {}, "query": {}, "headers": {}, "cookies": {}}
        values = Values(self.api, direction="request", max_depth=2)
        rng = random.Random(f"params:{op.operation_id}")
        for param in op.params:
            if param.required:
                try:
                    out[PLACES[param.location]][param.wire] = self.param_value(param, values, rng)
                except GenerationError:
                    return None
        return out

    def mutations(self, op: ir.Operation, body: Any) -> list[tuple[str, Any]]:
        if op.body is None or op.body.pointer not in self.cases.SHAPES:
            return []
        try:
            return list(self.cases.mutations(op.body.pointer, body))
        except (RecursionError, ValueError, TypeError, KeyError):
            return []
        except BaseException as exc:
            if isinstance(exc, _skips()):
                return []
            raise

    def close(self) -> None:
        self._cleanup()


def _with_body(drawn: tuple[RequestData, Any]) -> RequestData:
    """A request whose body, where it has one, is the value drawn beside it."""
    request, body = drawn
    return {**request, "body": body} if "body" in request else request


def _skips() -> tuple[type[BaseException], ...]:
    """The exceptions the generated package skips a test with: unittest's, and pytest's
    where pytest is loaded (a class of a module not loaded can have no instance)."""
    found: list[type[BaseException]] = [SkipTest]
    outcomes = sys.modules.get("_pytest.outcomes")
    skipped = getattr(outcomes, "Skipped", None)
    if isinstance(skipped, type) and issubclass(skipped, BaseException):
        found.append(skipped)
    return tuple(found)


@st.composite
def _drawn_or_rejected(draw: st.DrawFn, values: st.SearchStrategy[RequestData]) -> RequestData:
    try:
        return draw(values)
    except BaseException as exc:
        if isinstance(exc, _skips()):
            reject()
        raise


def _unskipped(values: st.SearchStrategy[RequestData]) -> st.SearchStrategy[RequestData]:
    """``values``, a draw the package gave up on rejected (not a skip of the run)."""
    return values if values.is_empty else _drawn_or_rejected(values)


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


def load_source(api: ir.Api, name: CaseSourceName = "generated") -> CaseSource:
    """The case source called ``name``: the generated test package's, or the built-in one."""
    if name not in CASE_SOURCES:
        choices = ", ".join(CASE_SOURCES)
        raise fail("--cases", f"{name!r} is not one of {choices}", exit_code=EXIT_USAGE)
    match name:
        case "generated":
            return load_generated(api)
        case "builtin":
            return BuiltinSource(api)
        case _:
            assert_never(name)


def load_generated(api: ir.Api) -> GeneratedSource:
    """The generated test package's cases; an error of one line when it cannot be loaded."""
    unique = dataclasses.replace(api, package=f"apiforge_cases_{os.getpid()}_{next(_LOADS)}")
    folder = tests_folder(unique)
    try:
        files = render_api(unique)
    except Exception as exc:  # a renderer bug: said, not hidden behind other cases
        raise _unavailable(api, "cannot be rendered", _cause(exc, unique, api)) from None
    temp = tempfile.TemporaryDirectory(prefix="apiforge-conformance-")
    root = Path(temp.name)
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def cleanup() -> None:
        ours = (unique.package, folder)
        for module in [m for m in sys.modules if m.split(".")[0] in ours]:
            del sys.modules[module]
        if str(root) in sys.path:
            sys.path.remove(str(root))
        temp.cleanup()

    sys.path.insert(0, str(root))
    try:
        modules = {part: import_module(f"{folder}.{part}") for part in _INTERFACE}
    except Exception as exc:  # whatever the import raised, the run says it
        cleanup()
        raise _unavailable(api, "cannot be imported", _cause(exc, unique, api)) from None
    lacking = [
        f"{part}.{attribute}"
        for part, names in _INTERFACE.items()
        for attribute, test in names
        if not test(getattr(modules[part], attribute, None))
    ]
    if lacking:
        cleanup()
        raise _unavailable(api, "lacks what conformance reads", ", ".join(lacking))
    return GeneratedSource(
        api,
        cast(RequestStrategies, modules["strategies"]),
        cast(SchemaCases, modules["cases"]),
        cleanup,
    )


def _cause(exc: BaseException, unique: ir.Api, api: ir.Api) -> str:
    """The exception in one line, with the package named as the user knows it."""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        top = exc.name.split(".")[0]
        if top not in (unique.package, tests_folder(unique)) and not _installed(top):
            requirement = top.replace("_", "-")
            return f"{requirement} is not installed: pip install {requirement}"
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text.replace(unique.package, api.package)


def _installed(module: str) -> bool:
    """Whether a top-level module can be found (a part missing from it is another problem)."""
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _unavailable(api: ir.Api, what: str, cause: str) -> Exception:
    return fail(
        api.spec_file,
        f"the generated test package {tests_folder(api)} {what}: {cause} "
        "(--cases builtin draws the conformance cases from the spec instead)",
        exit_code=EXIT_USAGE,
    )
