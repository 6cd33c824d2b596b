"""A link's values read off an exchange: constants, expressions and a Location segment."""

from __future__ import annotations

from generator import ir
from generator.exchange import follows, link_value
from generator.openapi import MISSING, Exchange

EXCHANGE = Exchange(
    request={"path": {"user": "ann"}},
    status=201,
    headers={"Location": "https://api.example/users/ann/posts/p%201?x=1"},
    body={"id": 7, "nested": {"ref": "r"}},
)


def test_constants_expressions_and_segments() -> None:
    assert link_value(ir.LinkValue("path", "id", "", constant=3, is_constant=True), EXCHANGE) == 3
    assert link_value(ir.LinkValue("path", "id", "$response.body#/id"), EXCHANGE) == 7
    assert link_value(ir.LinkValue("path", "r", "$response.body#/nested/ref"), EXCHANGE) == "r"
    assert link_value(ir.LinkValue("path", "u", "$request.path.user"), EXCHANGE) == "ann"
    located = ir.LinkValue("path", "p", "$response.header.location", segment=-1)
    assert link_value(located, EXCHANGE) == "p 1"
    first = ir.LinkValue("path", "u", "$response.header.Location", segment=1)
    assert link_value(first, EXCHANGE) == "ann"


def test_what_the_exchange_lacks_is_missing() -> None:
    for value in (
        ir.LinkValue("path", "id", "$response.body#/absent"),
        ir.LinkValue("path", "id", "$response.header.Etag", segment=-1),
        ir.LinkValue("path", "id", "$response.body#/id", segment=-1),  # not a URL
        ir.LinkValue("path", "id", "$response.header.Location", segment=9),
    ):
        assert link_value(value, EXCHANGE) is MISSING, value


def test_a_link_follows_the_answer_its_response_documents() -> None:
    responses = tuple(ir.Response(s, None, None, None, None, f"/r/{s}") for s in ("201", "4XX"))
    op = ir.Operation("make", "post", "/things", ("things",), "make", "/op", responses=responses)
    link = ir.Link("L", "make", "201", "read", (), "/l")
    assert follows(link, op, 201)
    assert not follows(link, op, 200) and not follows(link, op, 404)
    ranged = ir.Link("L", "make", "4XX", "read", (), "/l")
    assert follows(ranged, op, 409)
    assert not follows(ir.Link("L", "other", "201", "read", (), "/l"), op, 201)
