"""A quick verdict on a bundled spec: does openapi-spec-validator certainly find nothing?

openapi-spec-validator walks the document through path objects that resolve each `$ref` as
they go: most of the time of `apiforge validate` on a spec with many schemas. The same rules are
checked here on the plain data, one loop, each schema once: the document against its OpenAPI
schema and each top-level schema against its dialect (the very metaschemas the full check
uses, read from their files and compiled, :mod:`generator.validate.metaschemas`: a clean spec
imports none of the validator packages), then the rules of its walk (unique operation ids,
tags and parameters, path templates and path parameters agreeing, 3.0's defaults that fit
their schema: a plain type at once, any other by the full check's value validator; 3.1's are
annotations, not judged:
:mod:`generator.validate.defaults`). :func:`is_clean` answers True only when each rule is met
in the plain way; anything unusual (a value of an unexpected type, a `$ref` inside a checked
default, a schema naming its own dialect) answers False, and the full check runs and words
every problem as it always has. A False costs only time; a True is the full check's empty
answer, sooner.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from generator.openapi import METHODS, local_pointer, pointer_parts, walk_parts
from generator.openapi.paths import variables
from generator.validate import metaschemas
from generator.validate.defaults import defaults_judged, exact_values
from generator.validate.meta import fast_checker
from generator.validate.taken import format_checker

__all__ = ["dialect_checker", "is_clean"]

_MEMBERS = ("allOf", "anyOf", "oneOf")
_WALKED = (*_MEMBERS, "not", "items", "properties")  # the keywords the walk goes on through


class _Unclear(Exception):
    """The quick verdict cannot vouch for the document: the full check decides."""


def is_clean(
    data: Any, minor: int, document: Any = None, targets: dict[str, Any] | None = None
) -> bool:
    """True only when openapi-spec-validator finds no problem in ``data`` (3.``minor``);
    ``document`` is a validator of the whole document against the OpenAPI schema (by default
    the one compiled from openapi-spec-validator's file, :mod:`generator.validate.metaschemas`);
    ``targets`` is what local refs (``#/...``) of ``data`` point to, where that is known."""
    if minor not in (0, 1) or type(data) is not dict:
        return False
    try:
        if document is None:
            document = metaschemas.document_validator(minor)
        if document is None:
            document = _package_document_validator(minor)
        if not document.is_valid(data):
            return False
        _Rules(data, minor, targets or {}).check()
    except _Unclear:
        return False
    except MemoryError:
        raise
    except Exception:  # whatever trips here (too deep a value too) the full check words
        return False
    return True


class _Rules:
    """The rules of openapi-spec-validator's walk, over plain data."""

    def __init__(self, data: dict[str, Any], minor: int, hops: dict[str, Any]) -> None:
        self.data = data
        self.minor = minor
        self.hops = hops  # what a local ref points to (one hop), where it is known
        self.meta = dialect_checker(minor)
        self.value_check = _value_checker(minor)
        self.defaults_judged = defaults_judged(minor)  # 3.1's are annotations
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        self.targets: dict[str, Any] = {}
        if minor == 1 and "jsonSchemaDialect" in data:
            raise _Unclear  # a dialect of the document's choosing

    def check(self) -> None:
        self.tags(_get(self.data, "tags"))
        paths = _get(self.data, "paths")
        if paths is not None:
            operation_ids: set[Any] = set()
            for url, item in _items(self.deref(paths)):
                self.path(url, self.deref(item), operation_ids)
        components = _get(self.data, "components")
        if components is not None:
            schemas = _get(self.deref(components), "schemas")
            if schemas is not None:
                for _, schema in _items(self.deref(schemas)):
                    self.schema(schema)

    def deref(self, value: Any) -> Any:
        """The value a path object reads at ``value``: its `$ref`s followed to the end.

        Each `$ref` is followed once: a chain of references to references (however long)
        is remembered by each of its links, so reading every link costs the chain's length.
        """
        if type(value) is not dict or "$ref" not in value:
            return value
        chain: dict[str, None] = {}
        while type(value) is dict and "$ref" in value:
            ref = value["$ref"]
            if ref in self.targets:
                value = self.targets[ref]
                break
            if type(ref) is not str or not ref.startswith("#") or ref in chain:
                raise _Unclear  # not local, or a loop of references
            chain[ref] = None
            if ref in self.hops:
                value = self.hops[ref]
                continue
            found, value = walk_parts(self.data, pointer_parts(local_pointer(ref)))
            if not found:
                raise _Unclear
        for ref in chain:
            self.targets[ref] = value
        return value

    def tags(self, tags: Any) -> None:
        if tags is None:
            return
        names = [self.deref(tag)["name"] for tag in _list(self.deref(tags))]
        if len(set(names)) != len(names):
            raise _Unclear

    def path(self, url: str, item: Any, operation_ids: set[Any]) -> None:
        if type(item) is not dict:
            raise _Unclear
        shared = self.parameters(_get(item, "parameters"))
        for name in METHODS:  # the operations openapi-spec-validator walks
            if name not in item:
                continue
            operation = self.deref(item[name])
            if type(operation) is not dict:
                raise _Unclear
            operation_id = operation.get("operationId")
            if operation_id is not None:
                if operation_id in operation_ids:
                    raise _Unclear
                operation_ids.add(operation_id)
            responses = _get(operation, "responses")
            if responses is not None:
                for _, response in _items(self.deref(responses)):
                    self.response(self.deref(response))
            own = self.parameters(_get(operation, "parameters"))
            if own | shared != set(variables(url)):
                raise _Unclear

    def parameters(self, parameters: Any) -> set[str]:
        """Check a parameter list; the names of its path parameters."""
        if parameters is None:
            return set()
        seen: set[tuple[Any, Any]] = set()
        in_path: set[str] = set()
        for entry in _list(self.deref(parameters)):
            parameter = self.deref(entry)
            if type(parameter) is not dict:
                raise _Unclear
            key = (parameter["name"], parameter["in"])
            if key in seen or type(key[0]) is not str:
                raise _Unclear
            seen.add(key)
            if key[1] == "path":
                in_path.add(key[0])
            if "schema" in parameter:
                self.schema(parameter["schema"])
        return in_path

    def response(self, response: Any) -> None:
        if type(response) is not dict:
            raise _Unclear
        content = _get(response, "content")
        if content is None:
            return
        for _, entry in _items(self.deref(content)):
            media = self.deref(entry)
            if type(media) is not dict:
                raise _Unclear
            if "schema" in media:
                self.schema(media["schema"])

    def schema(self, at: Any) -> None:
        """A schema the walk starts at: checked against its dialect, then walked."""
        top = self.deref(at)
        if type(top) is not dict:
            raise _Unclear  # a boolean schema, or no schema at all: the full check says
        if id(top) not in self.meta_checked:
            self.meta_checked.add(id(top))
            if "$schema" in top:
                raise _Unclear  # a dialect of the schema's own choosing
            try:
                self.meta(top)
            except Exception:
                raise _Unclear from None
        waiting = [top]
        visited = self.visited
        while waiting:
            schema = waiting.pop()
            if id(schema) in visited:
                continue
            visited.add(id(schema))
            self.members(schema, waiting)
            if "default" in schema and self.defaults_judged:
                self.default_fits(schema)

    def members(self, schema: dict[str, Any], out: list[dict[str, Any]]) -> None:
        """Add to ``out`` the subschemas the walk goes on to, each a mapping."""
        deref = self.deref
        for keyword in _WALKED:
            if keyword not in schema:
                continue
            value = schema[keyword]
            if keyword == "properties":
                found = [deref(s) for _, s in _items(value)]
            elif keyword in _MEMBERS:
                found = [deref(s) for s in _list(value)]
            else:
                found = [deref(value)]
            for member in found:
                if type(member) is not dict:
                    raise _Unclear
            out.extend(found)

    def default_fits(self, schema: dict[str, Any]) -> None:
        if "default" not in schema:
            return
        value = schema["default"]
        if value is None and schema.get("nullable") is True:
            return
        if _has_ref(schema) or not self.value_check(schema, value):
            raise _Unclear


def _get(mapping: Any, key: str) -> Any:
    """``mapping[key]``, None when absent; present and null, the full check decides."""
    value = mapping.get(key)
    if value is None and key in mapping:
        raise _Unclear
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Unclear
    return value


def _items(value: Any) -> list[tuple[str, Any]]:
    if type(value) is not dict:
        raise _Unclear
    return list(value.items())


def _has_ref(value: Any) -> bool:
    """Whether a `$ref` (or `$dynamicRef`) lies anywhere inside ``value``."""
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if type(item) is dict:
            if "$ref" in item or "$dynamicRef" in item:
                return True
            waiting.extend(item.values())
        elif type(item) is list:
            waiting.extend(item)
    return False


def _package_document_validator(minor: int) -> Any:
    from openapi_spec_validator.schemas.backend import get_validator_for

    schema = metaschemas.openapi_schema(minor)
    if schema is None:
        raise _Unclear
    return get_validator_for(schema)


@functools.cache
def dialect_checker(minor: int) -> Callable[[Any], None]:
    """What the full check checks a top-level schema with (raising on a refusal): the dialect's
    metaschema compiled from its file answers for a valid schema; any other is asked of the
    validators the full check uses (:mod:`generator.validate.meta`), imported only then."""
    compiled = metaschemas.dialect_validator(minor)

    def check(schema: Any) -> None:
        if compiled is not None:
            try:
                if compiled.is_valid(schema):
                    return
            except Exception:  # a value it cannot take (not JSON): the reference decides
                pass
        _meta_checker(minor)(schema)

    return check


@functools.cache
def _meta_checker(minor: int) -> Callable[[Any], None]:
    """What the full check checks a top-level schema with (raising on a refusal); its
    validators are built once (:mod:`generator.validate.meta`)."""
    from jsonschema.validators import validator_for
    from openapi_spec_validator.validation import keywords

    if minor == 0:
        return fast_checker(keywords.OpenAPIV30SchemaValidator.schema_validator_cls.check_schema)
    rules = keywords.OpenAPIV31SchemaValidator
    cls = validator_for({"$schema": rules.default_jsonschema_dialect_id}, default=None)
    if cls is None:
        raise _Unclear
    checker = functools.partial(
        cls.check_schema, format_checker=rules.schema_validator_format_checker
    )
    return fast_checker(checker)


# keywords a default's schema may hold that neither 3.0's nor 3.1's value validator acts on
# for a value that is not null (``nullable`` acts on null alone)
_INERT = frozenset(
    {"default", "description", "title", "example", "deprecated", "readOnly", "writeOnly"}
)
_JSON_VALUES = (str, int, float, bool, list, dict)


def _fits_plainly(minor: int, schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` certainly fits a schema of one ``type`` name and inert keywords, as
    the value validators' type checkers decide it; False is "not certainly"."""
    kind = schema.get("type")
    if type(value) not in _JSON_VALUES or type(kind) is not str:
        return False
    if not all(key == "type" or key in _INERT or key == "nullable" for key in schema):
        return False
    if kind == "string":
        return type(value) is str
    if kind == "boolean":
        return type(value) is bool
    if kind == "number":
        return type(value) is int or type(value) is float
    if kind == "integer":  # 3.1 (JSON Schema 2020-12) counts 1.0 an integer, 3.0 does not
        return type(value) is int or (minor == 1 and type(value) is float and value.is_integer())
    if kind == "array":
        return type(value) is list
    if kind == "object":
        return type(value) is dict
    return False


@functools.cache
def _value_checker(minor: int) -> Callable[[Any, Any], bool]:
    """Whether a default fits its (reference-free) schema, as the full check decides it: at
    once for a plain schema, by the full check's own value validator for any other."""
    slow: list[Callable[[Any, Any], bool]] = []

    def fits(schema: Any, value: Any) -> bool:
        if type(schema) is dict and _fits_plainly(minor, schema, value):
            return True
        if not slow:
            slow.append(_package_value_checker(minor))
        return slow[0](schema, value)

    return fits


def _package_value_checker(minor: int) -> Callable[[Any, Any], bool]:
    from openapi_spec_validator.validation import keywords

    rules = keywords.OpenAPIV31ValueValidator if minor == 1 else keywords.OpenAPIV30ValueValidator

    # the formats asserted are apiforge's (taken.format_checker): 3.0's `time` is none of them
    checker = format_checker(minor) if minor == 0 else rules.value_validator_format_checker

    def fits(schema: Any, value: Any) -> bool:
        validator = exact_values(rules.value_validator_cls)(schema, format_checker=checker)
        return next(iter(validator.iter_errors(value)), None) is None

    return fits
