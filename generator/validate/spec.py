"""Run openapi-spec-validator on a bundled spec and get the specific errors out of it.

Its validator class is extended so each keyword check tags its errors with the path it was
checking, and a check that trips over a malformed value yields an error instead of a crash.
Errors from the jsonschema-rs backend get jsonschema's details back, and a failed
``oneOf``/``anyOf`` is replaced by the errors of the alternative the author meant. Each error
becomes a located Problem (:mod:`generator.validate.problems`); the same problem is reported once.
"""

from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import Iterator
from typing import Any

from generator.collector import paused
from generator.errors import Problem
from generator.load import Document
from generator.openapi import METHODS, local_pointer, path_items, pointer_parts, walk_parts
from generator.openapi.formats import UNDEFINED_IN_30
from generator.openapi.paths import variables
from generator.validate.clean import is_clean
from generator.validate.defaults import defaults_judged, exact_values
from generator.validate.meta import OTHERS, fast_checker, with_formats
from generator.validate.metaschemas import compiled_document, link_has_server
from generator.validate.problems import (
    ROOT,
    clip,
    located_problem,
    not_one_of,
    required_name,
    type_message,
)
from generator.validate.schema_walk import deferring

__all__ = ["document_validator", "leaves", "spec_validator_problems", "validator_class"]

_AT = "_apiforge_at"  # attribute naming where a keyword validator was looking
_MALFORMED = "this value is malformed"
_WRONG_VALUE = "wrong value"


def _repeated_enum(error: Any) -> bool:
    """Whether ``error`` refuses an ``enum`` that repeats a value: OpenAPI 3.0's schema of
    the Schema Object allows it (``uniqueItems: false``), and JSON Schema says only that the
    values SHOULD be unique."""
    path = list(error.absolute_path)
    return str(error.validator) == "uniqueItems" and bool(path) and path[-1] == "enum"


def _undeclared_required(error: Any) -> bool:
    """Whether ``error`` is openapi-spec-validator's own rule that each name ``required`` lists
    beside an ``allOf`` be a property the schema or a member declares: neither JSON Schema nor
    OpenAPI has it (``required`` may name any property, as the validator itself lets a schema
    without ``allOf`` do), and the models type such a name."""
    from openapi_spec_validator.validation.exceptions import ExtraParametersError

    return isinstance(error, ExtraParametersError)


def _format_not_asserted(error: Any, minor: int) -> bool:
    """Whether ``error`` refuses a 3.0 value (a default) for a format apiforge does not assert
    in 3.0 (:data:`generator.openapi.formats.UNDEFINED_IN_30`: OpenAPI 3.0 defines no ``time``,
    which openapi-spec-validator reads as JSON Schema draft 3 did)."""
    return minor == 0 and error.validator == "format" and error.validator_value in UNDEFINED_IN_30


def spec_validator_problems(
    doc: Document, minor: int, targets: dict[str, Any] | None = None
) -> list[Problem]:
    """Run openapi-spec-validator; every error becomes a located problem, never a traceback.

    ``targets`` (what local refs point to, when the check of the refs has found it) spares the
    quick verdict (:mod:`generator.validate.clean`) following them again."""
    data = _without_path_extensions(doc.data)
    with paused():  # plain reads of a document that is all alive: nothing to collect
        if is_clean(data, minor, None, targets):
            return []
    problems: dict[tuple[str | None, str], Problem] = {}
    mistyped: set[str | None] = set()  # where a value is not of the type its place takes
    try:
        for base, error in _errors(data, minor):
            if _repeated_enum(error):  # a SHOULD of JSON Schema: told as a note (validate.notes)
                continue
            if _undeclared_required(error) or _format_not_asserted(error, minor):
                continue
            if _in_callback_extension((*base, *error.absolute_path)):
                continue
            if error.validator in ("unevaluatedProperties", "additionalProperties"):
                # the names the object takes come in through `$ref`s and conditions too
                setattr(error, ROOT, _meta_schema(minor))
            problem = located_problem(doc, base, error)
            problems.setdefault((problem.pointer, _same(error, problem.message)), problem)
            if error.validator == "type":
                mistyped.add(problem.pointer)
    except RecursionError:
        problem = doc.problem("the document nests too deeply to be validated", "")
        problems[None, problem.message] = problem
    except Exception as exc:  # its rule checks can trip over a value of the wrong type
        if not problems:  # otherwise those problems explain it; report them, not a crash
            message = f"openapi-spec-validator failed: {type(exc).__name__}: {clip(str(exc))}"
            problems[None, message] = doc.problem(message, "")
    kept = [
        problem
        for (pointer, same), problem in problems.items()
        if not (problem.message.startswith(_MALFORMED) and _explained(pointer, problems))
        # a value of the wrong type is that one problem: what other checks make of it there
        # (a `not` it passes for having no fields) says nothing more
        and not (pointer in mistyped and same != _WRONG_VALUE)
    ]
    kept = _dialects_told(doc, kept)
    return sorted(kept, key=lambda p: (p.line is None, p.line or 0, p.column or 0))


_UNKNOWN_DIALECT = "Unknown JSON Schema dialect: "
_KNOWN_DIALECTS = (
    "write one a validator knows (OpenAPI 3.1's own, https://spec.openapis.org/oas/3.1/"
    "dialect/base, or a JSON Schema draft's id as the draft writes it, such as "
    "https://json-schema.org/draft/2020-12/schema or http://json-schema.org/draft-07/schema#)"
)


def _dialects_told(doc: Document, problems: list[Problem]) -> list[Problem]:
    """The validator's "Unknown JSON Schema dialect" told once where the dialect is named:
    the document's ``jsonSchemaDialect`` (it said so at every schema), or a schema's own
    ``$schema``, with what to write instead."""
    chosen = doc.data.get("jsonSchemaDialect") if type(doc.data) is dict else None
    told: list[Problem] = []
    whole = False
    for problem in problems:
        if not problem.message.startswith(_UNKNOWN_DIALECT):
            told.append(problem)
            continue
        named = problem.message.removeprefix(_UNKNOWN_DIALECT)
        if named == repr(chosen):
            whole = True
            continue
        message = f"unknown JSON Schema dialect {named} in `$schema`: {_KNOWN_DIALECTS}"
        told.append(doc.problem(message, f"{problem.pointer or ''}/$schema"))
    if whole:
        message = (
            f"unknown JSON Schema dialect {chosen!r}: no schema of the document can be "
            f"checked; {_KNOWN_DIALECTS}, or leave `jsonSchemaDialect` out"
        )
        told.append(doc.problem(message, "/jsonSchemaDialect"))
    return told


def _in_callback_extension(parts: tuple[Any, ...]) -> bool:
    """Whether ``parts`` lead to an extension of a Callback Object (``x-note`` beside its
    expressions), or inside one: OpenAPI 3.1 lets it hold any value, where the 3.1 schema
    (2022-10-07) reads every key of the object as an expression's Path Item."""
    for index, part in enumerate(parts[:-2]):
        if part != "callbacks" or not str(parts[index + 2]).startswith("x-"):
            continue
        holder = parts[index - 1] if index else None
        if holder in METHODS or (index == 1 and parts[0] == "components"):
            return True
    return False


def _without_path_extensions(data: Any) -> Any:
    """``data`` without the extensions of its Paths Object: their values are free (the
    schema of the Paths Object takes any), and the validator's own rules read every key there
    as a path, tripping over them."""
    paths = data.get("paths") if type(data) is dict else None
    if type(paths) is not dict:
        return data
    kept = dict(path_items(paths))
    return data if len(kept) == len(paths) else {**data, "paths": kept}


def _explained(pointer: str | None, problems: dict[tuple[str | None, str], Problem]) -> bool:
    """Whether another problem is reported at ``pointer`` or inside the value there: a check
    that tripped over that value then adds nothing (a parameter list tripped over for the
    parameter in it that has no ``name``, which is reported)."""
    place = pointer or ""
    at = [other or "" for other, _ in problems]
    return sum(other == place or other.startswith(place + "/") for other in at) > 1


_QUOTES = "'\""


def _same(error: Any, message: str) -> str:
    """What makes two errors at one place the same: a wrong value is reported once, however many
    checks (the 3.0 schema, the schema dialect, the rule checks) reject it and in what words."""
    if error.validator in ("enum", "const", "type") or " is not of type " in message:
        return _WRONG_VALUE
    if error.validator == "required":  # the 3.1 schema and the rule checks quote it apart
        return f"required {required_name(error).strip(_QUOTES)}"
    return message


def _errors(data: Any, minor: int) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path the error is relative to, error) for each specific error the validator finds."""
    for error in validator_class(minor)(data).iter_errors():
        base: tuple[Any, ...] = getattr(error, _AT, ())
        for detail in _detailed(error, data, minor):
            for leaf in leaves(detail, minor):
                if not _a_pattern(leaf):
                    yield base, leaf


def _a_pattern(error: Any) -> bool:
    """Whether ``error`` refuses a pattern (``format: regex``): the rule is apiforge's
    (:mod:`generator.validate.regex`), and its located problem says what is wrong with the
    pattern (:func:`generator.validate.pattern_problems`), where this would say only that it is
    not a regex, or that the schema around it is not valid."""
    return str(error.validator) == "format" and error.validator_value == "regex"


@functools.cache
def validator_class(minor: int) -> Any:
    """openapi-spec-validator's class for 3.``minor``, made to say where each error is."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
    from openapi_spec_validator.validation.validators import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    def located(cls: Any) -> Any:
        """Tag the errors of a keyword validator with the path it was checking."""
        extra = ("default",) if issubclass(cls, keywords.ValueValidator) else ()

        def call(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            where = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
            try:
                for found in cls.__call__(self, *args, **kwargs):
                    for one in _faults(found):
                        yield _placed(one, () if where is None else (*where.parts, *extra))
            except RecursionError:
                raise
            except Exception as exc:  # it trips over a malformed value: say where, then go on
                yield tripped(self, where, exc)

        namespace: dict[str, Any] = {"__call__": call}
        if hasattr(cls, "_collect_properties"):
            namespace["_collect_properties"] = _collect_properties
        if issubclass(cls, keywords.SchemaValidator):

            def init(self: Any, *args: Any, **kwargs: Any) -> None:
                cls.__init__(self, *args, **kwargs)
                self.visited_schema_ids = _Seen()  # its records of schema ids, as sets
                self.meta_checked_schema_ids = _Seen()

            namespace["__init__"] = init
            namespace["_validate_schema_meta"] = _validate_schema_meta
            namespace["_get_schema_checker"] = lambda self, schema, value: fast_checker(
                cls._get_schema_checker(self, schema, value)
            )
        return type(cls.__name__, (cls,), namespace)

    def tripped(checker: Any, where: Any, exc: Exception) -> Any:
        """What is wrong with the value a rule check tripped over, as well as can be told."""
        error = None
        with contextlib.suppress(Exception):  # a schema: check it against its dialect
            error = checker._validate_schema_meta(where, where.read_value())
        at = tuple(where.parts) if where is not None else ()
        if error is None:
            message, at = _tripped_on(where, exc, at)
            error = OpenAPIValidationError(message)
        setattr(error, _AT, at)
        return error

    base: Any = OpenAPIV31SpecValidator if minor == 1 else OpenAPIV30SpecValidator

    def iter_errors(self: Any) -> Iterator[Any]:
        # The base class memoizes errors per instance forever (lru_cache on a method).
        yield from self.schema_validator.iter_errors(self.schema)
        yield from self.root_validator(self.schema_path)

    namespace = {
        "schema_validator": document_validator(minor),
        "resolver_handlers": {},  # fetch nothing: bundle() left only local refs
        "keyword_validators": {
            k: located(deferring(v)) for k, v in _rules(base.keyword_validators, minor).items()
        },
        "iter_errors": iter_errors,
    }
    return type(f"Located{base.__name__}", (base,), namespace)


def _tripped_on(where: Any, exc: Exception, at: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """What a rule check that tripped over the value at ``where`` (a SchemaPath, at ``at``)
    found wrong, and where: a field missing from what a ``$ref`` there points to (a ref to an
    object of another kind: a Header where a Parameter is needed), a null where an object is
    needed, or else the error itself."""
    with contextlib.suppress(Exception):
        raw = where.read_value()
        if raw is None:
            return "an object is needed here, not null", at
        if isinstance(exc, KeyError) and exc.args:
            field = exc.args[0]
            items = list(zip(raw, where, strict=True)) if isinstance(raw, list) else [(raw, where)]
            for written, item in items:
                ref = written.get("$ref") if isinstance(written, dict) else None
                target = item.read_value() if isinstance(ref, str) else None
                if isinstance(target, dict) and field not in target:
                    said = (
                        f"the $ref {ref} points to an object without {field!r}: a $ref must "
                        "point to an object of the kind its place needs"
                    )
                    return said, (*item.parts, "$ref")
    reason = f"{type(exc).__name__}: {clip(str(exc))}"
    return f"{_MALFORMED} and cannot be checked ({reason})", at


def _rules(rules: dict[str, Any], minor: int) -> dict[str, Any]:
    """openapi-spec-validator's keyword checks of 3.``minor``; a 3.1 ``default`` is an
    annotation, not judged (:mod:`generator.validate.defaults` tells one outside its schema).
    A path's parameters are the names of its template expressions as apiforge reads them
    (:func:`generator.openapi.paths.variables`), not as a Python format string (where
    ``{a:b}`` names ``a``, and a lone ``}`` cannot be read)."""
    from openapi_spec_validator.validation.keywords import ValueValidator

    class Unjudged(ValueValidator):
        def __call__(self, schema: Any, value: Any) -> Iterator[Any]:
            return iter(())

    operation = rules["operation"]
    templated = type(
        operation.__name__,
        (operation,),
        {"_get_path_params_from_url": lambda self, url: iter(variables(url))},
    )
    rules = {**rules, "operation": templated}
    if not defaults_judged(minor):
        return {**rules, "default": Unjudged}
    judged = rules["default"]
    exact = {"value_validator_cls": exact_values(judged.value_validator_cls)}
    return {**rules, "default": type(f"Exact{judged.__name__}", (judged,), exact)}


def _placed(found: Any, where: tuple[Any, ...]) -> Any:
    """``found`` as openapi-spec-validator's error, saying where it is (unless an inner check
    said so already, or ``where`` is the document)."""
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    error = found
    if not isinstance(error, OpenAPIValidationError):
        error = OpenAPIValidationError.create_from(found)
    if where and not hasattr(error, _AT):
        setattr(error, _AT, where)
    return error


def _faults(found: Any) -> tuple[Any, ...]:
    """``found`` and the other faults of its schema it carries, taken off it: the classes
    around the one placing them see each once."""
    others = vars(found).pop(OTHERS, ()) if hasattr(found, "__dict__") else ()
    return (found, *others)


def _validate_schema_meta(self: Any, schema: Any, value: Any) -> Any:
    """openapi-spec-validator's check of a schema against its dialect, the error it returns
    carrying the schema's other errors (:data:`~generator.validate.meta.OTHERS`)."""
    from jsonschema.exceptions import SchemaError, ValidationError
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        checker = self._get_schema_checker(schema, value)
    except ValueError as exc:
        return OpenAPIValidationError(str(exc))
    try:
        checker(value)
    except (SchemaError, ValidationError) as err:
        error = OpenAPIValidationError.create_from(err)
        others = getattr(err, OTHERS, ())
        setattr(error, OTHERS, [OpenAPIValidationError.create_from(e) for e in others])
        return error
    return None


class _Seen(set[int]):
    """The schema validator's record of schemas already visited or checked, by ``id``.

    It keeps them in lists and asks ``in`` of them once per schema: quadratic in the number of
    schemas (20,000 schemas: a minute). A set answers at once; ``append`` is all it is told.
    """

    def append(self, schema_id: int) -> None:
        self.add(schema_id)


def _collect_properties(self: Any, schema: Any, seen: set[int] | None = None) -> set[str]:
    """Every property name reachable from ``schema``, each schema visited once.

    Replaces the checker's own walk, which follows ``$ref`` cycles (two schemas that
    ``allOf`` each other, valid JSON Schema) until it runs out of memory or stack. A loop, not
    recursion (an ``allOf`` chain may be thousands long), and the names reachable from each
    schema it finishes are remembered, so the schemas of a chain do not each walk the rest
    of it again. (``seen`` is the signature of the walk replaced; every call starts afresh.)
    """
    known: dict[int, frozenset[str]] = self.__dict__.setdefault("_apiforge_properties", {})
    root = id(schema.read_value())
    if root in known:
        return set(known[root])
    everything = _own_properties(schema)  # the names of every schema reached: the answer
    visited = {root}
    # each frame: a schema's id, the members it has left to visit, the names gathered under
    # it, and whether those are all it reaches (not if a member was reached by another way)
    stack: list[tuple[int, list[Any], set[str], list[bool]]] = [
        (root, _members(schema), set(everything), [True])
    ]
    while stack:
        key, members, names, whole = stack[-1]
        if members:
            member = members.pop()
            at = id(member.read_value())
            if at in known:
                names |= known[at]
                everything |= known[at]
            elif at in visited:
                whole[0] = False  # its names are gathered under another schema of this walk
            else:
                visited.add(at)
                own = _own_properties(member)
                everything |= own
                stack.append((at, _members(member), set(own), [True]))
            continue
        stack.pop()
        if whole[0]:
            known[key] = frozenset(names)
        if stack:
            stack[-1][2].update(names)
            stack[-1][3][0] = stack[-1][3][0] and whole[0]
    known[root] = frozenset(everything)
    return everything


def _own_properties(schema: Any) -> set[str]:
    if "properties" not in schema:
        return set()
    return {str(name) for name in (schema / "properties").keys()}


def _members(schema: Any) -> list[Any]:
    """The schemas whose properties a schema's own include: its compositions, items, not."""
    found: list[Any] = []
    for keyword in ("allOf", "anyOf", "oneOf"):
        if keyword in schema:
            found.extend(schema / keyword)
    for keyword in ("items", "not"):
        if keyword in schema:
            found.append(schema / keyword)
    return found


def _detailed(error: Any, data: Any, minor: int) -> list[Any]:
    """Give an error from the jsonschema-rs backend (text and paths only) jsonschema's details.

    Its keyword, value and instance are looked up from its paths; for a failed oneOf/anyOf the
    failing value is checked again with jsonschema, whose sub-errors say what to fix.
    """
    from jsonschema.exceptions import ValidationError

    if str(error.validator) != "<unset>" or not error.schema_path:
        return [error]  # from jsonschema itself, or one of openapi-spec-validator's own checks
    keyword, path = error.schema_path[-1], tuple(error.absolute_path)
    found, schema = walk_parts(_meta_schema(minor), tuple(error.schema_path)[:-1])
    found_instance, instance = walk_parts(data, path)
    if not (found and found_instance and isinstance(schema, dict)):
        keyword, schema = "unknown", {}  # keep the text, without its dump of the document
    elif keyword in ("oneOf", "anyOf"):
        details = list(_python_checker(minor).evolve(schema=schema).iter_errors(instance))
        for detail in details:
            detail.path.extendleft(reversed(path))
        if details:
            return details
    message, value = error.message.split("\n\n")[0], schema.get(keyword)
    error = ValidationError(message, validator=keyword, path=path, validator_value=value)
    error.schema = schema
    error.instance = instance
    return [error]


@functools.cache
def document_validator(minor: int) -> Any:
    """openapi-spec-validator's validator of a whole document against the OpenAPI schema, with
    the ``regex`` format apiforge's rule where its backend checks formats (jsonschema-rs; its
    jsonschema backend checks none)."""
    from openapi_spec_validator.schemas.backend import get_validator_backend, get_validator_for

    schema = _meta_schema(minor)
    if get_validator_backend() != "jsonschema-rs":
        return get_validator_for(schema)
    from openapi_spec_validator.schemas.backend.jsonschema_rs import JsonschemaRsValidatorWrapper

    return JsonschemaRsValidatorWrapper(schema, compiled_document(schema))


@functools.cache
def _meta_schema(minor: int) -> dict[str, Any]:
    """The OpenAPI schema of 3.``minor`` that documents are checked against (a plain dict)."""
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    schema = copy.deepcopy(dict(schema_v31 if minor == 1 else schema_v30))
    if minor == 1:
        link_has_server(schema)
    return schema


@functools.cache
def _python_checker(minor: int) -> Any:
    from jsonschema.validators import validator_for

    schema = _meta_schema(minor)
    return validator_for(schema)(schema, format_checker=with_formats(None))


def leaves(error: Any, minor: int) -> list[Any]:
    """Replace "matches none of oneOf/anyOf" by the errors of the alternative meant.

    The alternative meant is never a Reference Object for a value without ``$ref``, then the one
    declaring most of the value's keys (a Parameter for ``{in: body, name: id}``), then the one
    whose errors lie deepest in the value (it matched the most). When every
    alternative fails on the same field's allowed values (``in`` is path, query, header or
    cookie), one merged error says so.
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[int, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    merged = _merged(list(branches.values()))
    if merged is not None:
        return [merged]
    alternatives = error.validator_value
    told = _told_by_one_field(branches)
    if told is not None:
        return [leaf for sub in branches[told] for leaf in leaves(sub, minor)]

    def fit(item: tuple[int, list[Any]]) -> tuple[bool, int, int, int]:
        schema = _resolved(alternatives[item[0]], minor)
        schema = schema if type(schema) is dict else {}
        keys = error.instance if type(error.instance) is dict else {}
        a_reference = "$ref" in schema.get("required", ()) and "$ref" not in keys
        declared = sum(key in schema.get("properties", {}) for key in keys)
        deepest = max(len(sub.path) for sub in item[1])  # how far the value matched
        return not a_reference, declared, deepest, -len(item[1])

    _, meant = max(branches.items(), key=fit)
    return [leaf for sub in meant for leaf in leaves(sub, minor)]


def _told_by_one_field(branches: dict[int, list[Any]]) -> int | None:
    """The alternative a field's value names: where every alternative but one refuses the
    value of one field (the ``in`` of a Parameter: each alternative takes one location), the
    one that takes it is meant, and its own errors are the ones to tell (a header's ``style``,
    a path parameter's ``required``). None when no field tells them apart so."""
    if len(branches) < 3:
        return None
    refused: dict[tuple[Any, ...], set[int]] = {}
    for index, errors in branches.items():
        for e in errors:
            if e.validator in ("enum", "const"):
                refused.setdefault(tuple(e.absolute_path), set()).add(index)
    for path in sorted(refused, key=len):
        left = set(branches) - refused[path]
        if len(left) == 1:
            return left.pop()
    return None


def _merged(branches: list[list[Any]]) -> Any:
    """One error for alternatives that all reject one field's value, all reject the type of
    one value (saying every type they take), or all miss a field."""
    from jsonschema.exceptions import ValidationError

    choices = [[e for e in errors if e.validator in ("enum", "const")] for errors in branches]
    common = set.intersection(*({tuple(e.absolute_path) for e in found} for found in choices))
    if common:
        path = min(common)
        picked = [e for found in choices for e in found if tuple(e.absolute_path) == path]
        allowed = [
            v
            for e in picked
            for v in (e.validator_value if e.validator == "enum" else [e.validator_value])
        ]
        message = not_one_of(picked[0].instance, allowed)
        return ValidationError(message, validator="merged", path=path)
    if all(errors and all(e.validator == "type" for e in errors) for errors in branches):
        if len({tuple(e.absolute_path) for errors in branches for e in errors}) == 1:
            wanted = [e.validator_value for errors in branches for e in errors]
            kinds = [k for w in wanted for k in (w if isinstance(w, list) else [w])]
            kinds = list(dict.fromkeys(str(kind) for kind in kinds))
            instance = branches[0][0].instance
            message = type_message(" or ".join(kinds), instance)
            path = branches[0][0].absolute_path
            return ValidationError(
                message, validator="type", validator_value=kinds, instance=instance, path=path
            )
    if all(len(errors) == 1 and errors[0].validator == "required" for errors in branches):
        names = [required_name(errors[0]) for errors in branches]
        if len({tuple(errors[0].absolute_path) for errors in branches}) == 1:
            message = f"missing a required field: one of {', '.join(names)}"
            return ValidationError(message, validator="merged", path=branches[0][0].absolute_path)
    return None


def _resolved(schema: Any, minor: int) -> Any:
    """Follow a local ``$ref`` in the OpenAPI meta-schema."""
    ref = schema.get("$ref") if type(schema) is dict else None
    if isinstance(ref, str) and ref.startswith("#/"):
        _, schema = walk_parts(_meta_schema(minor), pointer_parts(local_pointer(ref)))
    return schema
