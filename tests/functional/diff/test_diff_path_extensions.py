"""`apiforge diff` reads the Paths Object as every other reader does: its extensions (``x-``
keys, which OpenAPI lets it hold) are no paths, so adding, removing or changing one is no
change of the API's paths or operations."""

from __future__ import annotations

from generator.diff import diff_documents
from tests.functional.diff.test_diff import meaningful


def _doc(**extensions: object) -> dict[str, object]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {"get": {"responses": {"200": {"description": "ok"}}}},
            **extensions,
        },
    }


INTERNAL = {"get": {"responses": {"200": {"description": "ok"}}}}


def test_an_extension_removed_is_no_path_removed() -> None:
    assert meaningful(diff_documents(_doc(**{"x-internal": INTERNAL}), _doc())) == []


def test_an_extension_added_or_changed_is_no_path_added() -> None:
    assert meaningful(diff_documents(_doc(), _doc(**{"x-internal": INTERNAL}))) == []
    changed = {"post": {"responses": {"201": {"description": "made"}}}}
    old, new = _doc(**{"x-internal": INTERNAL}), _doc(**{"x-internal": changed})
    assert meaningful(diff_documents(old, new)) == []
    assert meaningful(diff_documents(_doc(**{"x-note": "a"}), _doc(**{"x-note": 3}))) == []
