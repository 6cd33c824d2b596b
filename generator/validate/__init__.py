"""Validate a loaded spec and locate every problem in the file.

Every check reads a Path Item that holds a ``$ref`` as the item it means
(:mod:`generator.load.path_items`). Fast checks run first: top-level shape and the ``openapi``
version (:mod:`generator.validate.shape`), every ``$ref`` (:mod:`generator.validate.refs`) and
every discriminator ``mapping`` value (:mod:`generator.validate.mappings`). When they pass, the
spec is bundled and checked by openapi-spec-validator (:mod:`generator.validate.spec`). A
schema ``pattern`` (or ``patternProperties`` key) that is not ECMA-262 is told as a warning
(:mod:`generator.validate.regex`): OpenAPI and JSON Schema say it SHOULD be one, not MUST.
A successful full validation is remembered (keyed on the file's sha256 and the validator's
version), so validating an unchanged spec again is free.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from generator.collector import paused
from generator.errors import EXIT_USAGE, ApiforgeError, Problem
from generator.load import Document
from generator.load.cache import LOADER_VERSION, cache_dir
from generator.load.path_items import settle_path_items
from generator.openapi import Parts, iter_objects
from generator.validate.bundle import bundle
from generator.validate.refs import check_refs

__all__ = ["validate"]

_VALIDATION_CACHE = "10"  # bump to forget remembered validations


def validate(
    doc: Document,
    *,
    full: bool = True,
    allow_remote: bool = False,
    allow_external_files: bool = False,
) -> list[Problem]:
    """Return every problem found in ``doc`` (an empty list means it is valid).

    ``full=False`` runs only the fast checks: top-level shape, version, 3.1-only schema forms in
    a 3.0 document, security requirements naming defined schemes, refs and mapping values.
    """
    # the checks are imported when a document is first checked: a generation checks in a
    # child process, beside the IR's build, which needs none of them
    from generator.validate.dialect import check_dialect
    from generator.validate.examples import check_examples
    from generator.validate.mappings import check_mappings
    from generator.validate.schemas import schema_problems
    from generator.validate.security import check_security
    from generator.validate.servers import check_servers
    from generator.validate.shape import check_shape, check_version, uncarried_paths

    problems, minor = check_version(doc)
    if problems:
        return problems
    doc = settle_path_items(doc)  # every check reads a Path Item as it means
    if not full:
        problems = check_shape(doc)
        problems += check_dialect(doc, minor)
        problems += check_security(doc)
        problems += check_servers(doc, minor)
        problems += check_refs(
            doc, allow_remote=allow_remote, allow_external_files=allow_external_files
        )
        return _once(problems + check_mappings(doc))
    marker = _marker(doc)
    if marker is not None and _is_file(marker):
        return []
    # walks of a document that is all alive: a cycle collection would traverse it all for
    # nothing, and the longer the document the more often
    with paused():
        # one walk, for the refs and the mapping values
        holders, discriminated = _walk(doc.data)
        targets: dict[str, Any] = {}  # what each local ref points to: found once, read twice
        try:
            bundled = bundle(
                doc,
                allow_remote=allow_remote,
                allow_external_files=allow_external_files,
                objects=holders,
                targets=targets,
            )
        except ApiforgeError as exc:
            if exc.exit_code == EXIT_USAGE:  # a ref's target apiforge will not read
                raise
            return _once(exc.problems)  # broken refs: the spec validator would crash on them
        mappings = check_mappings(doc, discriminated)
        del holders, discriminated
    # the full check: its modules are imported for it only (a build checks in a child)
    from generator.validate.spec import spec_validator_problems

    # a pattern is judged by one rule (validate.regex), told as a warning (validate.notes): no
    # validator refuses it by `format: regex`
    problems = (
        spec_validator_problems(bundled, minor, targets if bundled is doc else None)
        + mappings
        + schema_problems(bundled, minor)  # the schemas the spec validator does not reach
        + check_security(bundled)  # the operations of other files' Path Items too
        + check_servers(bundled, minor)
        + check_examples(bundled, minor)
        + uncarried_paths(bundled)
    )
    if not problems and marker is not None and bundled is doc:  # no other file involved
        _touch(marker)
    return _once(problems)


def _once(problems: list[Problem]) -> list[Problem]:
    """Each problem once: a Path Item read from the item its ``$ref`` names is walked at both
    places, and what is wrong inside it is located at the one place it is written."""
    return list(dict.fromkeys(problems))


_Objects = list[tuple[Parts, dict[str, Any]]]


def _walk(data: Any) -> tuple[_Objects, _Objects]:
    """One walk of the document's objects (:func:`generator.openapi.iter_objects`): those that
    hold a ``$ref`` and those that may hold a discriminator, each in document order."""
    holders: _Objects = []
    discriminated: _Objects = []
    for parts, found in iter_objects(data):
        if "$ref" in found:
            holders.append((parts, found))
        if "discriminator" in found:
            discriminated.append((parts, found))
    return holders, discriminated


# ---------------------------------------------------------------------- remembering


def _marker(doc: Document) -> Path | None:
    """The file whose presence says this exact spec already passed full validation."""
    folder = cache_dir()
    if folder is None:
        return None
    from importlib import metadata  # only for full validation: not on generation's way

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
