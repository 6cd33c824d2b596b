"""Each schema of a spec against its dialect's metaschema, with a validator built once.

openapi-spec-validator checks every Schema Object with ``check_schema`` of openapi-schema-
validator's classes, which builds a new validator of the metaschema (its registry, its
resolver) for each schema: most of the time of validating a spec with many schemas. The same
check is made here with one validator per (class, format checker), reused; the first error
found is raised as ``check_schema`` raises it, so messages and verdicts do not change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["fast_checker"]


def fast_checker(checker: Callable[[Any], None]) -> Callable[[Any], None]:
    """``checker`` (a ``check_schema``, maybe with its format checker bound) made to reuse one
    validator; any other checker is returned as it is."""
    from openapi_schema_validator.validators import check_openapi_schema

    keywords: dict[str, Any] = {}
    target: Any = checker
    if isinstance(checker, functools.partial):
        if checker.args or set(checker.keywords) - {"format_checker"}:
            return checker
        keywords, target = dict(checker.keywords), checker.func
    cls: Any = getattr(target, "__self__", None)
    if getattr(target, "__func__", None) is not check_openapi_schema:
        return checker
    validator = _metaschema_validator(cls, keywords.get("format_checker", cls.FORMAT_CHECKER))
    return functools.partial(_check, validator)


def _check(validator: Any, schema: Any) -> None:
    """What ``check_openapi_schema`` does once it has its validator: raise the first error."""
    from jsonschema.exceptions import SchemaError

    for error in validator.iter_errors(schema):
        raise SchemaError.create_from(error)


@functools.cache
def _metaschema_validator(cls: Any, format_checker: Any) -> Any:
    """The validator ``check_openapi_schema`` builds for ``cls``, built once."""
    from jsonschema.validators import validator_for
    from openapi_schema_validator._specifications import REGISTRY

    meta = cls.META_SCHEMA
    return validator_for(meta, default=cls)(meta, format_checker=format_checker, registry=REGISTRY)
