"""Validate a loaded spec and locate every problem in the file.

Fast structural checks run first (top-level shape, the ``openapi`` version, every ``$ref``). When
they pass, openapi-spec-validator checks the document against the OpenAPI 3.0 or 3.1 schema and
rules; each error it yields is mapped to the JSON pointer of the failing value (through ``$ref``
hops, to where the value really is) and to that value's line and column. A successful full
validation is remembered (keyed on the file's sha256 and the validator's version), so validating
an unchanged spec again is free.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.bundle import bundle
from generator.cache import LOADER_VERSION, cache_dir
from generator.errors import ApiforgeError, Problem, pointer_of, unescape_pointer_token
from generator.load import Document
from generator.ref_check import check_refs
from generator.refs import resolve

__all__ = ["SUPPORTED", "validate"]

SUPPORTED = ("3.0", "3.1")
MAX_MESSAGE = 400  # characters; jsonschema can put a whole document in one message
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?")
_AT = "_apiforge_at"  # attribute naming where a keyword validator was looking
_VALIDATION_CACHE = "1"  # bump to forget remembered validations
_MALFORMED = "this value is malformed"


def validate(
    doc: Document,
    *,
    full: bool = True,
    allow_remote: bool = False,
    allow_external_files: bool = False,
) -> list[Problem]:
    """Return every problem found in ``doc`` (an empty list means it is valid).

    ``full=False`` runs only the fast checks: top-level shape, version and refs.
    """
    problems, minor = _check_version(doc)
    if problems:
        return problems
    if not full:
        problems = _check_shape(doc)
        problems += check_refs(
            doc, allow_remote=allow_remote, allow_external_files=allow_external_files
        )
        return problems
    marker = _marker(doc)
    if marker is not None and _is_file(marker):
        return []
    try:
        bundled = bundle(doc, allow_remote=allow_remote, allow_external_files=allow_external_files)
    except ApiforgeError as exc:
        return exc.problems  # broken refs: the spec validator would crash or loop on them
    problems = _spec_validator_problems(bundled, minor)
    if not problems and marker is not None and bundled is doc:  # no other file involved
        _touch(marker)
    return problems


# ----------------------------------------------------------------------- fast checks


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    kinds: dict[type, str] = {list: "a list", str: "a string", dict: "a mapping"}
    return kinds.get(type(value), "nothing")


def _check_version(doc: Document) -> tuple[list[Problem], int]:
    """Check the top level and the version; return (problems, minor version of 3.x)."""
    if doc.data is None:
        message = "the file is empty: expected an OpenAPI 3.0 or 3.1 document"
        return [Problem(str(doc.path), message, 1, 1, "")], 0
    found = _top_level_problem(doc.data) or _version_problem(doc.data["openapi"])
    if isinstance(found, int):
        return [], found
    message, pointer = found
    return [doc.problem(message, pointer)], 0


def _top_level_problem(data: Any) -> tuple[str, str] | None:
    if type(data) is not dict:
        kind = _kind(data)
        return f"expected an OpenAPI document (a mapping with an 'openapi' field), found {kind}", ""
    if "swagger" in data:
        message = (
            f"Swagger {data['swagger']} is not supported: convert the spec to OpenAPI 3.x first "
            "(for example with swagger2openapi or the Swagger Editor's converter)"
        )
        return message, "/swagger"
    if "openapi" not in data:
        return "not an OpenAPI document: the 'openapi' field is missing (e.g. openapi: 3.1.0)", ""
    return None


def _version_problem(version: Any) -> tuple[str, str] | int:
    """The minor version of a supported 3.x ``openapi`` value, or (message, pointer)."""
    if not isinstance(version, str):
        message = f"'openapi' must be a string such as \"3.1.0\", not {_kind(version)}"
        if isinstance(version, float):
            message += f" (quote it in YAML: openapi: '{version}')"
        return message, "/openapi"
    match = _VERSION.fullmatch(version)
    if match is None:
        return f"'openapi' is {version!r}: expected a version such as 3.0.3 or 3.1.0", "/openapi"
    major, minor = int(match[1]), int(match[2])
    if f"{major}.{minor}" in SUPPORTED:
        return minor
    message = f"OpenAPI {version} is not supported: apiforge reads OpenAPI 3.0 and 3.1"
    if major == 2:
        message += "; convert the spec to OpenAPI 3.x first"
    return message, "/openapi"


def _check_shape(doc: Document) -> list[Problem]:
    """The top-level fields later stages rely on, without the full schema check."""
    data: dict[str, Any] = doc.data
    problems: list[Problem] = []
    info = data.get("info")
    if type(info) is not dict:
        problems.append(doc.problem("'info' must be a mapping with 'title' and 'version'", "/info"))
    else:
        for name in ("title", "version"):
            if not isinstance(info.get(name), str):
                problems.append(doc.problem(f"'info.{name}' must be a string", f"/info/{name}"))
    if not any(name in data for name in ("paths", "components", "webhooks")):
        problems.append(doc.problem("the document has no 'paths' (nor components)", ""))
    for name in ("paths", "components", "webhooks"):
        if name in data and type(data[name]) is not dict:
            problems.append(doc.problem(f"'{name}' must be a mapping", f"/{name}"))
    components = data.get("components")
    if type(components) is dict:
        for name, section in components.items():
            if type(section) is not dict:
                pointer = f"/components/{name}"
                problems.append(doc.problem(f"'components.{name}' must be a mapping", pointer))
    return problems


# --------------------------------------------------------------- openapi-spec-validator


def _spec_validator_problems(doc: Document, minor: int) -> list[Problem]:
    """Run openapi-spec-validator; every error becomes a located problem, never a traceback."""
    problems: dict[tuple[str | None, str], Problem] = {}
    try:
        for base, error in _errors(doc.data, minor):
            problem = _problem(doc, base, error)
            problems.setdefault((problem.pointer, _same(error, problem.message)), problem)
    except RecursionError:
        problem = doc.problem("the document nests too deeply to be validated", "")
        problems[None, problem.message] = problem
    except Exception as exc:  # its rule checks can trip over a value of the wrong type
        if not problems:  # otherwise those problems explain it; report them, not a crash
            message = f"openapi-spec-validator failed: {type(exc).__name__}: {_clip(str(exc))}"
            problems[None, message] = doc.problem(message, "")
    per_place = Counter(pointer for pointer, _ in problems)
    kept = [  # a check that tripped where another problem is already reported adds nothing
        problem
        for (pointer, _), problem in problems.items()
        if not (problem.message.startswith(_MALFORMED) and per_place[pointer] > 1)
    ]
    return sorted(kept, key=lambda p: (p.line is None, p.line or 0, p.column or 0))


def _same(error: Any, message: str) -> str:
    """What makes two errors at one place the same: a wrong value is reported once, however many
    checks (the 3.0 schema, the schema dialect, the rule checks) reject it and in what words."""
    if error.validator in ("enum", "const", "type") or " is not of type " in message:
        return "wrong value"
    return message


def _errors(data: Any, minor: int) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path the error is relative to, error) for each specific error the validator finds."""
    for error in _validator_class(minor)(data).iter_errors():
        base: tuple[Any, ...] = getattr(error, _AT, ())
        for detail in _detailed(error, data, minor):
            for leaf in _leaves(detail, minor):
                yield base, leaf


@functools.cache
def _validator_class(minor: int) -> Any:
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
                    error = found
                    if not isinstance(error, OpenAPIValidationError):
                        error = OpenAPIValidationError.create_from(found)
                    if where is not None and not hasattr(error, _AT):
                        setattr(error, _AT, (*where.parts, *extra))
                    yield error
            except RecursionError:
                raise
            except Exception as exc:  # it trips over a malformed value: say where, then go on
                yield tripped(self, where, exc)

        return type(cls.__name__, (cls,), {"__call__": call})

    def tripped(checker: Any, where: Any, exc: Exception) -> Any:
        """What is wrong with the value a rule check tripped over, as well as can be told."""
        error = None
        with contextlib.suppress(Exception):  # a schema: check it against its dialect
            error = checker._validate_schema_meta(where, where.read_value())
        if error is None:
            reason = f"{type(exc).__name__}: {_clip(str(exc))}"
            error = OpenAPIValidationError(f"{_MALFORMED} and cannot be checked ({reason})")
        setattr(error, _AT, tuple(where.parts) if where is not None else ())
        return error

    base: Any = OpenAPIV31SpecValidator if minor == 1 else OpenAPIV30SpecValidator

    def iter_errors(self: Any) -> Iterator[Any]:
        # The base class memoizes errors per instance forever (lru_cache on a method).
        yield from self.schema_validator.iter_errors(self.schema)
        yield from self.root_validator(self.schema_path)

    namespace = {
        "resolver_handlers": {},  # fetch nothing: bundle() left only local refs
        "keyword_validators": {k: located(v) for k, v in base.keyword_validators.items()},
        "iter_errors": iter_errors,
    }
    return type(f"Located{base.__name__}", (base,), namespace)


def _detailed(error: Any, data: Any, minor: int) -> list[Any]:
    """Give an error from the jsonschema-rs backend (text and paths only) jsonschema's details.

    Its keyword, value and instance are looked up from its paths; for a failed oneOf/anyOf the
    failing value is checked again with jsonschema, whose sub-errors say what to fix.
    """
    from jsonschema.exceptions import ValidationError

    if str(error.validator) != "<unset>" or not error.schema_path:
        return [error]  # from jsonschema itself, or one of openapi-spec-validator's own checks
    keyword, path = error.schema_path[-1], tuple(error.absolute_path)
    found, schema = _walk_parts(_meta_schema(minor), tuple(error.schema_path)[:-1])
    found_instance, instance = _walk_parts(data, path)
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
def _meta_schema(minor: int) -> dict[str, Any]:
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    return dict(schema_v31 if minor == 1 else schema_v30)  # a plain dict, not the lazy proxy


@functools.cache
def _python_checker(minor: int) -> Any:
    from jsonschema.validators import validator_for

    schema = _meta_schema(minor)
    return validator_for(schema)(schema)


def _step(value: Any, part: Any) -> tuple[bool, Any]:
    """One step into a mapping or a list: (found, child)."""
    if type(value) is dict and (part in value or str(part) in value):
        return True, value[part if part in value else str(part)]  # jsonschema-rs says 200 for "200"
    if type(value) is list and type(part) is int and 0 <= part < len(value):
        return True, value[part]
    return False, None


def _walk_parts(value: Any, parts: tuple[Any, ...]) -> tuple[bool, Any]:
    for part in parts:
        found, value = _step(value, part)
        if not found:
            return False, None
    return True, value


def _problem(doc: Document, base: tuple[Any, ...], error: Any) -> Problem:
    pointer = _physical_pointer(doc.data, (*base, *error.absolute_path))
    return doc.problem(_message(error), pointer)


def _leaves(error: Any, minor: int) -> list[Any]:
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

    def fit(item: tuple[int, list[Any]]) -> tuple[bool, int, int, int]:
        schema = _resolved(alternatives[item[0]], minor)
        schema = schema if type(schema) is dict else {}
        keys = error.instance if type(error.instance) is dict else {}
        a_reference = "$ref" in schema.get("required", ()) and "$ref" not in keys
        declared = sum(key in schema.get("properties", {}) for key in keys)
        deepest = max(len(sub.path) for sub in item[1])  # how far the value matched
        return not a_reference, declared, deepest, -len(item[1])

    _, meant = max(branches.items(), key=fit)
    return [leaf for sub in meant for leaf in _leaves(sub, minor)]


def _merged(branches: list[list[Any]]) -> Any:
    """One error for alternatives that all reject one field's value, or all miss a field."""
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
        message = f"{_short(picked[0].instance)} is not one of {_short(allowed, 200)}"
        return ValidationError(message, validator="merged", path=path)
    if all(len(errors) == 1 and errors[0].validator == "required" for errors in branches):
        names = [errors[0].message.removesuffix(" is a required property") for errors in branches]
        if len({tuple(errors[0].absolute_path) for errors in branches}) == 1:
            message = f"missing a required field: one of {', '.join(names)}"
            return ValidationError(message, validator="merged", path=branches[0][0].absolute_path)
    return None


def _resolved(schema: Any, minor: int) -> Any:
    """Follow a local ``$ref`` in the OpenAPI meta-schema."""
    ref = schema.get("$ref") if type(schema) is dict else None
    if isinstance(ref, str) and ref.startswith("#/"):
        _, schema = _walk_parts(_meta_schema(minor), tuple(ref[2:].split("/")))
    return schema


def _physical_pointer(data: Any, parts: tuple[Any, ...]) -> str:
    """Turn a path that may pass through ``$ref``s into a pointer to where the value is."""
    where: list[Any] = []
    value = data
    for index, part in enumerate(parts):
        for _ in range(32):  # a bound on ref hops; cycles were refused earlier
            ref = value.get("$ref") if type(value) is dict and part not in value else None
            if not isinstance(ref, str) or not ref.startswith("#"):
                break
            try:
                value = resolve(data, ref)
            except ApiforgeError:
                break
            tokens = urllib.parse.unquote(ref[1:]).split("/")[1:]
            where = [unescape_pointer_token(token) for token in tokens]
        found, value = _step(value, part)
        if not found:
            return pointer_of([*where, *parts[index:]])
        where.append(part)
    return pointer_of(where)


# --------------------------------------------------------------------------- messages


def _short(value: Any, limit: int = 80) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _required(error: Any) -> str:
    name = error.message.removesuffix(" is a required property")
    return f"missing required field {name}"


def _unexpected(error: Any) -> str:
    message: str = error.message
    found = re.search(r"\((.*) (?:was|were) unexpected\)", message)
    found = found or re.match(r"(.*) (?:does|do) not match any of the regexes", message)
    if found is None:
        return _generic(error)
    schema = error.schema if isinstance(error.schema, dict) else {}
    names = list(schema.get("properties", {}))
    allowed = [repr(name) for name in names] if len(names) <= 8 else []
    allowed += [f"names matching {p}" for p in schema.get("patternProperties", {}) if p != "^x-"]
    if not allowed:
        return f"unexpected field {found[1]}: not allowed here (extensions must start with x-)"
    return f"unexpected field {found[1]} (allowed here: {', '.join(allowed)}, or x-... extensions)"


def _type(error: Any) -> str:
    wanted = error.validator_value
    expected = " or ".join(wanted) if isinstance(wanted, list) else str(wanted)
    return f"expected {expected}, found {_kind(error.instance)}: {_short(error.instance)}"


def _enum(error: Any) -> str:
    return f"{_short(error.instance)} is not one of {_short(error.validator_value, 200)}"


def _generic(error: Any) -> str:
    message: str = error.message
    with contextlib.suppress(TypeError, ValueError):  # jsonschema quotes repr(), jsonschema-rs JSON
        for shown in {repr(error.instance), json.dumps(error.instance, separators=(",", ":"))}:
            if len(shown) > 80:
                message = message.replace(shown, _short(error.instance))
    return message


_MESSAGES: dict[str, Callable[[Any], str]] = {
    "required": _required,
    "additionalProperties": _unexpected,
    "unevaluatedProperties": _unexpected,
    "type": _type,
    "enum": _enum,
}


def _message(error: Any) -> str:
    return _clip(_MESSAGES.get(str(error.validator), _generic)(error))


# ---------------------------------------------------------------------- remembering


def _marker(doc: Document) -> Path | None:
    """The file whose presence says this exact spec already passed full validation."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        checker = metadata.version("openapi-spec-validator")
    except metadata.PackageNotFoundError:
        return None
    key = f"{doc.sha256}-osv{checker}-load{LOADER_VERSION}-v{_VALIDATION_CACHE}"
    return folder / f"valid-{key}"


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):  # an unwritable cache only costs time
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
