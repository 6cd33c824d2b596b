"""The quick verdict's validators are the spec validator's own rules, read without importing it.

The metaschemas read from the packages' files are the ones the packages load; the compiled
dialect validators say what the validators built from the packages say; the one format check
the metaschemas ask for is the format checker's own verdict; a default's plain type check is
the value validator's; and validating a clean spec imports none of those packages.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.validate import clean, metaschemas
from tests.support import BENCH, ROOT


def _formats(schema: Any) -> Iterator[str]:
    waiting = [schema]
    while waiting:
        value = waiting.pop()
        if type(value) is dict:
            if isinstance(value.get("format"), str):
                yield value["format"]
            waiting.extend(value.values())
        elif type(value) is list:
            waiting.extend(value)


@pytest.mark.parametrize("minor", [0, 1])
def test_the_openapi_schema_is_the_one_the_spec_validator_loads(minor: int) -> None:
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    from generator.validate import spec

    loaded = dict(schema_v31 if minor == 1 else schema_v30)
    read = metaschemas.openapi_schema(minor)
    assert read is not None
    if minor == 1:
        assert read != loaded  # the Link Object fixed, as the full check fixes it
    assert read == spec._meta_schema(minor)


def test_the_dialect_metaschemas_are_the_ones_the_schema_validator_registers() -> None:
    from openapi_schema_validator import OAS30Validator, OAS31Validator
    from openapi_schema_validator._specifications import REGISTRY

    registered = {uri: REGISTRY.contents(uri) for uri in REGISTRY if uri.startswith("https://spec")}
    assert metaschemas.openapi_resources() == registered
    assert metaschemas.dialect_metaschema(0) == OAS30Validator.META_SCHEMA
    assert metaschemas.dialect_metaschema(1) == OAS31Validator.META_SCHEMA


def test_the_format_checks_given_are_every_one_the_metaschemas_ask_of_the_checkers() -> None:
    from jsonschema_specifications import REGISTRY as JSON_SCHEMA
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker

    asked: set[str] = set()
    for uri in JSON_SCHEMA:
        asked.update(_formats(JSON_SCHEMA.contents(uri)))
    for contents in metaschemas.openapi_resources().values():
        asked.update(_formats(contents))
    for checker in (oas30_format_checker, oas31_format_checker):
        assert asked & set(checker.checkers) == set(metaschemas.FORMATS)


PATTERNS = [
    "^[a-z]+$",
    "(",
    "a{2,1}",
    "[z-a]",
    "\\p{Letter}+",
    "\\p{NotAProperty}",
    "(?<name>x)\\k<name>",
    "\\k<missing>",
    "a**",
    "\\u{1F600}",
    "[\\d-z]",
    "x{",
    "(?=a)*",
    "",
    "\\",
    "\\c",
    "]",
]


ANNEX_B = ["^[\\w-.]+$", "^(?:[\\w-./:]+)$", "[\\d-z]", "x{", "]"]  # valid ECMA-262 (Annex B)


def test_the_regex_format_refuses_no_pattern() -> None:
    # a pattern SHOULD be ECMA-262: one that is not is a warning (validate.regex), which no
    # metaschema's `format: regex` turns into a refusal
    from generator.validate.regex import pattern_fault

    assert any(pattern_fault(pattern) is not None for pattern in PATTERNS)
    assert all(metaschemas.is_regex(pattern) for pattern in [*PATTERNS, *ANNEX_B])
    assert metaschemas.is_regex(5) and metaschemas.is_regex(None)


def _pattern_documents(minor: int, pattern: str) -> list[Any]:
    """A document of 3.``minor`` holding ``pattern`` in a parameter's schema and a component."""
    schema = {"type": "string", "pattern": pattern}
    operation = {
        "parameters": [{"name": "q", "in": "query", "schema": schema}],
        "responses": {"200": {"description": "ok"}},
    }
    return [
        {
            "openapi": f"3.{minor}.3" if minor == 0 else "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": operation}},
            "components": {"schemas": {"S": schema}},
        }
    ]


@pytest.mark.parametrize("minor", [0, 1])
def test_every_metaschema_validator_judges_a_pattern_by_apiforges_rule(minor: int) -> None:
    """The compiled validators of the quick verdict and the packages' validators of the full
    check, given the formats, refuse a pattern exactly where apiforge's reader refuses it."""
    from openapi_schema_validator import OAS30Validator, OAS31Validator, oas31_format_checker

    from generator.validate import meta, spec

    cls, checker = (
        (OAS30Validator, OAS30Validator.FORMAT_CHECKER)
        if minor == 0
        else (OAS31Validator, oas31_format_checker)
    )
    formats = meta.with_formats(checker)
    schema_checks = [
        metaschemas.dialect_validator(minor).is_valid,
        meta._compiled(cls, formats).is_valid,
        meta._metaschema_validator(cls, formats).is_valid,
        lambda s: not _refused(meta.fast_checker(_check_schema(minor)), s),
    ]
    document_checks = [
        metaschemas.document_validator(minor).is_valid,
        spec.document_validator(minor).is_valid,
        spec._python_checker(minor).is_valid,
    ]
    for pattern in [*PATTERNS, *ANNEX_B]:
        expected = metaschemas.is_regex(pattern)
        schema = {"type": "string", "pattern": pattern}
        assert [check(schema) for check in schema_checks] == [expected] * 4, pattern
        for document in _pattern_documents(minor, pattern):
            found = [check(document) for check in document_checks]
            # 3.1's OpenAPI schema leaves Schema Objects to the dialect: any pattern passes
            assert found == [expected or minor == 1] * 3, pattern


SCHEMAS: list[Any] = (
    [{"type": "string", "pattern": pattern} for pattern in PATTERNS]
    + [{"type": "object", "patternProperties": {pattern: {}}} for pattern in PATTERNS]
    + [
        {"type": "integer", "minimum": 1},
        {"type": "integer", "minimum": "1"},
        {"$ref": "#/components/schemas/A"},
        {"$ref": "not a uri reference"},
        {"$ref": 5},
        {"type": ["string", "null"]},
        {"required": []},
        {"required": "a"},
        {"$schema": "http://example.com/schema"},
        {"$schema": "not a uri"},
        {"$id": "http://example.com/a b"},
        {"enum": []},
        {"items": [{"type": "string"}]},
        {"discriminator": {"propertyName": 5}},
        {"xml": {"name": 5}},
        {"externalDocs": {"url": "x"}},
        {"properties": {"a": {"type": "nope"}}},
        {"additionalProperties": {"format": 7}},
        True,
        {},
    ]
)


def _check_schema(minor: int) -> Any:
    """The packages' own check of a schema of 3.``minor``, as openapi-spec-validator asks it."""
    from openapi_schema_validator import OAS30Validator, OAS31Validator, oas31_format_checker

    if minor == 0:
        return OAS30Validator.check_schema
    return functools.partial(OAS31Validator.check_schema, format_checker=oas31_format_checker)


def _reference_check(minor: int) -> Any:
    """The packages' own check of a schema, with apiforge's formats (the full check's)."""
    from openapi_schema_validator import OAS30Validator, OAS31Validator, oas31_format_checker

    from generator.validate.meta import with_formats

    if minor == 0:
        formats = with_formats(OAS30Validator.FORMAT_CHECKER)
        return functools.partial(OAS30Validator.check_schema, format_checker=formats)
    formats = with_formats(oas31_format_checker)
    return functools.partial(OAS31Validator.check_schema, format_checker=formats)


def _refused(check: Any, schema: Any) -> bool:
    from jsonschema.exceptions import SchemaError

    try:
        check(schema)
    except SchemaError:
        return True
    return False


@pytest.mark.parametrize("minor", [0, 1])
def test_a_schema_the_compiled_dialect_takes_is_one_check_schema_takes(minor: int) -> None:
    compiled = metaschemas.dialect_validator(minor)
    assert compiled is not None
    check = _reference_check(minor)
    verdicts = [(compiled.is_valid(s), not _refused(check, s)) for s in SCHEMAS]
    assert all(slow for fast, slow in verdicts if fast), [
        s for s, (fast, slow) in zip(SCHEMAS, verdicts, strict=True) if fast and not slow
    ]
    assert sum(not slow for _, slow in verdicts) >= 5
    # the verdicts of the compiled validator the full check builds from the packages
    from openapi_schema_validator import OAS30Validator, OAS31Validator, oas31_format_checker

    from generator.validate import meta

    if minor == 0:
        built = meta._compiled(OAS30Validator, meta.with_formats(OAS30Validator.FORMAT_CHECKER))
    else:
        built = meta._compiled(OAS31Validator, meta.with_formats(oas31_format_checker))
    assert [built.is_valid(s) for s in SCHEMAS] == [fast for fast, _ in verdicts]


DEFAULTS: list[tuple[dict[str, Any], Any]] = [
    (schema, value)
    for kind in ("string", "number", "integer", "boolean", "array", "object", "null", "nope")
    for schema in (
        {"type": kind},
        {"type": kind, "description": "d", "nullable": True, "readOnly": True},
        {"type": kind, "format": "int32"},
        {"type": kind, "minimum": 3},
    )
    for value in ("x", "", 0, 1, -5, 2**40, 1.0, 1.5, True, False, [], [1], {}, {"a": 1}, None)
]


@pytest.mark.parametrize("minor", [0, 1])
def test_a_plain_default_fits_only_where_the_value_validator_says_it_fits(minor: int) -> None:
    slow = clean._package_value_checker(minor)
    plain = [(s, v) for s, v in DEFAULTS if clean._fits_plainly(minor, s, v)]
    assert len(plain) >= 20
    assert all(slow(schema, value) for schema, value in plain)
    # and it answers for every plain schema whose default fits
    simple = [
        (s, v)
        for s, v in DEFAULTS
        if set(s) <= {"type", "description", "nullable", "readOnly"}
        and s["type"] not in ("null", "nope")
        and v is not None
    ]
    fitting = [(s, v) for s, v in simple if slow(s, v)]
    assert [(s, v) for s, v in fitting if not clean._fits_plainly(minor, s, v)] == []


_PROBE = """
import json, sys
sys.path.insert(0, {bench!r})
from pathlib import Path
from synthetic import write
from generator.load import load
from generator.validate import validate
spec = write(200, Path({out!r}), {minor})
print(json.dumps({{
    "problems": [str(p) for p in validate(load(spec, use_cache=False))],
    "imported": sorted(
        name for name in ("openapi_spec_validator", "openapi_schema_validator", "jsonschema")
        if name in sys.modules
    ),
}}))
"""


@pytest.mark.parametrize("minor", [0, 1])
def test_validating_a_clean_spec_imports_no_validator_package(minor: int, tmp_path: Path) -> None:
    code = _PROBE.format(bench=str(BENCH), out=str(tmp_path / "spec.json"), minor=minor)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"APIFORGE_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
    )
    answer = json.loads(done.stdout)
    assert answer == {"problems": [], "imported": []}


def test_told_which_backend_to_use_the_validator_package_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    metaschemas.document_validator.cache_clear()
    monkeypatch.setenv(metaschemas.BACKEND_VARIABLE.lower(), "jsonschema")
    try:
        assert metaschemas.document_validator(0) is None
    finally:
        metaschemas.document_validator.cache_clear()
