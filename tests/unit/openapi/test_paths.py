"""Path templates read as REST resources: which read reaches what a write made; what of a
path key is sent, and how."""

from __future__ import annotations

import pytest

from generator.openapi import is_item_of, parameter, reads_what_it_wrote, segments
from generator.openapi.paths import fixed_query, route, wire_path


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


@pytest.mark.parametrize(
    ("key", "path", "fixed"),
    [
        ("/notes/{id}", "/notes/{id}", ()),
        ("/notes/{id}?draft=true", "/notes/{id}", (("draft", "true"),)),
        ("/files/{id}#add_link", "/files/{id}", ()),
        ("/files/{id}?a=1#x?b=2", "/files/{id}", (("a", "1"),)),  # a fragment is never sent
        ("/files/{id}#x?b=2", "/files/{id}", ()),
        (
            "/b?kind=all%20items&v=a+b&flag",
            "/b",
            (("kind", "all items"), ("v", "a b"), ("flag", "")),
        ),
        ("/b?", "/b", ()),
    ],
)
def test_a_path_key_is_a_path_and_the_query_pairs_it_fixes(
    key: str, path: str, fixed: tuple[tuple[str, str], ...]
) -> None:
    assert wire_path(key) == path and fixed_query(key) == fixed
    assert route(key) == route(path) and segments(key) == segments(path)


def test_a_route_is_the_path_sent_its_parameters_unnamed() -> None:
    assert route("/files/{file_id}/v/{n}?view=full#raw") == "/files/{}/v/{}"
