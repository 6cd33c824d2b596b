"""Path templates read as REST resources: which read reaches what a write made."""

from __future__ import annotations

import pytest

from generator.openapi import is_item_of, parameter, reads_what_it_wrote, segments


def test_segments_and_whole_parameters() -> None:
    assert segments("/a//b/{id}/") == ("a", "b", "{id}")
    assert parameter("{id}") == "id"
    assert parameter("{id}.json") is None and parameter("id") is None and parameter("{}") is None


@pytest.mark.parametrize(
    ("method", "written", "read", "reaches"),
    [
        ("POST", "/notes", "/notes/{id}", True),
        ("post", "/users/{u}/notes", "/users/{u}/notes/{id}", True),
        ("POST", "/notes", "/notes/{id}/attachments", False),  # below it: made by its own calls
        ("POST", "/notes", "/notes/{id}.json", False),
        ("POST", "/notes", "/notes", False),
        ("PUT", "/notes/{id}", "/notes/{id}", True),
        ("PUT", "/notes/{id}", "/notes/{id}/attachments", False),
        ("PATCH", "/notes/{id}", "/notes/{id}", False),
    ],
)
def test_a_read_reaches_what_a_write_made_only_at_its_own_path(
    method: str, written: str, read: str, reaches: bool
) -> None:
    assert reads_what_it_wrote(method, written, read) is reaches
    assert is_item_of("/notes/{id}", "/notes") and not is_item_of("/notes/{a}/{b}", "/notes")
