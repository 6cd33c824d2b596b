"""conformance.issued: the identifiers answers gave, and a body remade to refer to them."""

from __future__ import annotations

from generator.conformance.issued import Issued, referring

UUID = "5f0c8a2e-1b7d-4c39-9d2a-6e8f1a3b4c5d"


def test_identifiers_are_kept_by_their_names_and_kinds() -> None:
    issued = Issued()
    issued.add("/authors", {"id": 3, "name": "Ann", "count": 9, "owner": {"user_id": 4}})
    issued.add("/publishers", {"publisherId": UUID, "active": True, "pk": "not a uuid"})
    assert issued.others("int", "/books") == [4, 3]
    assert issued.others("uuid", "/books") == [UUID]
    # what a path gave itself comes last: a category's parent is a category
    issued.add("/books", {"id": 8})
    assert issued.others("int", "/books") == [4, 3, 8]


def test_the_id_most_paths_gave_comes_first() -> None:
    issued = Issued()
    issued.add("/authors", {"id": 1})
    issued.add("/authors", {"id": 2})
    issued.add("/publishers", {"id": 1})
    assert issued.others("int", "/books") == [1, 2]


def test_a_body_refers_to_them_all_at_once_then_each_alone_as_the_schema_takes_it() -> None:
    issued = Issued()
    issued.add("/authors", {"id": 7})
    issued.add("/publishers", {"id": UUID})
    body = {"title": "t", "author": 0, "publisher": "00000000-0000-4000-8000-000000000000"}
    remade = list(referring(body, issued, "/books", lambda b: True))
    assert [dict(put) for _, put in remade] == [
        {("author",): 7, ("publisher",): UUID},
        {("author",): 7},
        {("publisher",): UUID},
    ]
    assert remade[0][0] == {"title": "t", "author": 7, "publisher": UUID}
    taken = list(referring(body, issued, "/books", lambda b: b["publisher"] != UUID))
    assert [dict(put) for _, put in taken] == [{("author",): 7}]


def test_an_integer_past_what_servers_read_is_given_only_an_identifier_as_large() -> None:
    # a refusal of 2**60 may be for its size: a small identifier in its place would hide that
    issued = Issued()
    issued.add("/authors", {"id": 7})
    body = {"author": 2**60, "editor": 3}
    assert [dict(put) for _, put in referring(body, issued, "/books", lambda b: True)] == [
        {("editor",): 7}
    ]
    issued.add("/publishers", {"id": 2**61})
    found = [dict(put) for _, put in referring(body, issued, "/books", lambda b: True)]
    assert {("author",): 2**61} in found
