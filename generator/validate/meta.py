"""Each schema of a spec against its dialect's metaschema, with validators built once.

openapi-spec-validator checks every Schema Object with ``check_schema`` of openapi-schema-
validator's classes, which builds a new validator of the metaschema (its registry, its
resolver) for each schema: most of the time of validating a spec with many schemas. The same
check is made here by validators built once per (class, format checker): a compiled one
(jsonschema-rs, given the same metaschemas and the very format checks ``check_schema`` uses,
but for ``regex``: apiforge's pattern rule in both, :mod:`generator.validate.regex`) answers
whether a schema is valid; only when it is not, or cannot tell, the reference
validator (jsonschema, as ``check_schema`` builds it) looks again and raises its first error,
as ``check_schema`` raises it, carrying the schema's other errors in :data:`OTHERS` (where
``check_schema`` stops at the first, two faults of one schema are both reported). The
reference validator has the last word on every refusal, so the messages are its own, and a
compiled verdict stricter than it costs only time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from generator.validate.metaschemas import FORMATS, OPENAPI_URIS, fetch_nothing

__all__ = ["OTHERS", "fast_checker", "with_formats"]

OTHERS = "_apiforge_others"  # the attribute of a raised error holding its schema's other errors


def fast_checker(checker: Callable[[Any], None]) -> Callable[[Any], None]:
    """``checker`` (a ``check_schema``, maybe with its format checker bound) made to reuse one
    validator, and to check the formats of :data:`~generator.validate.metaschemas.FORMATS` by
    apiforge's rules (another dialect's ``check_schema`` too); any other checker is returned as
    it is."""
    from openapi_schema_validator.validators import check_openapi_schema

    keywords: dict[str, Any] = {}
    target: Any = checker
    if isinstance(checker, functools.partial):
        if checker.args or set(checker.keywords) - {"format_checker"}:
            return checker
        keywords, target = dict(checker.keywords), checker.func
    cls: Any = getattr(target, "__self__", None)
    if cls is None:
        return checker
    format_checker = with_formats(keywords.get("format_checker", cls.FORMAT_CHECKER))
    if getattr(target, "__func__", None) is not check_openapi_schema:
        # another dialect's own check (a schema's `$schema`): its validator, apiforge's formats
        return functools.partial(target, format_checker=format_checker)
    validator = _metaschema_validator(cls, format_checker)
    return functools.partial(_check, validator, _compiled(cls, format_checker))


@functools.cache
def with_formats(format_checker: Any) -> Any:
    """A copy of jsonschema's ``format_checker`` (None: a new one checking no other format)
    whose checks of :data:`~generator.validate.metaschemas.FORMATS` are apiforge's."""
    from jsonschema import FormatChecker

    checker = FormatChecker(())
    checker.checkers = dict(format_checker.checkers) if format_checker is not None else {}
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


def _check(validator: Any, compiled: Any, schema: Any) -> None:
    """What ``check_openapi_schema`` does once it has its validator: raise the first error."""
    from jsonschema.exceptions import SchemaError

    if compiled is not None:
        try:
            if compiled.is_valid(schema):
                return
        except Exception:  # a value it cannot take (not JSON): the reference validator decides
            pass
    errors = iter(validator.iter_errors(schema))
    first = next(errors, None)
    if first is None:
        return
    error = SchemaError.create_from(first)
    setattr(error, OTHERS, [SchemaError.create_from(other) for other in errors])
    raise error


@functools.cache
def _metaschema_validator(cls: Any, format_checker: Any) -> Any:
    """The validator ``check_openapi_schema`` builds for ``cls``, built once."""
    from jsonschema.validators import validator_for
    from openapi_schema_validator._specifications import REGISTRY

    meta = cls.META_SCHEMA
    return validator_for(meta, default=cls)(meta, format_checker=format_checker, registry=REGISTRY)


@functools.cache
def _compiled(cls: Any, format_checker: Any) -> Any:
    """A jsonschema-rs validator of ``cls``'s metaschema, or None when it cannot be built.

    It is given the OpenAPI metaschemas the reference validator's registry holds (the JSON
    Schema ones are built in), fetches nothing, and checks each format the format checker
    knows with that checker's own function, so a format is never looser than ``check_schema``.
    """
    try:
        import jsonschema_rs
        from openapi_schema_validator._specifications import REGISTRY

        openapi = [
            (uri, REGISTRY.contents(uri)) for uri in REGISTRY if uri.startswith(OPENAPI_URIS)
        ]
        formats: dict[str, Callable[..., bool]] = {
            name: functools.partial(_conforms, format_checker, name)
            for name in format_checker.checkers
        }
        return jsonschema_rs.validator_for(
            cls.META_SCHEMA,
            formats=formats,
            validate_formats=True,
            registry=jsonschema_rs.Registry(openapi, retriever=fetch_nothing),
            retriever=fetch_nothing,
        )
    except Exception:  # not installed, or a metaschema it cannot compile: the reference alone
        return None


def _conforms(format_checker: Any, name: str, value: Any) -> bool:
    return bool(format_checker.conforms(value, name))
