"""Which operation a request is for: method, route, and the query pairs a path key fixes."""

from __future__ import annotations

from generator import ir
from generator.exchange import carries, one_per_route, own_query, route_of, told_by_query


def _op(name: str, path: str, method: str = "get", *query: str) -> ir.Operation:
    params = tuple(
        ir.Param(wire, wire, "query", ir.StringT(), False, "form", True) for wire in query
    )
    return ir.Operation(name, method, path, ("x",), name, "/op", params=params)


def test_a_query_in_the_key_tells_a_route_apart_and_a_fragment_does_not() -> None:
    plain = _op("plain", "/r/{id}")
    beta = _op("beta", "/r/{rid}?beta=true")
    fragment = _op("fragment", "/r/{x}?beta=true#again")
    both = _op("both", "/r/{id}?b=2&a=1")
    swapped = _op("swapped", "/r/{id}?a=1&b=2#other")
    posted = _op("posted", "/r/{id}?beta=true", "post")
    ops = [plain, beta, fragment, both, swapped, posted]
    assert route_of(beta) == ("GET", "/r/{}", (("beta", "true"),))
    assert route_of(both) == route_of(swapped)  # a server reads a query as a mapping
    assert one_per_route(ops) == ([plain, beta, both, posted], [fragment, swapped])
    assert told_by_query(one_per_route(ops)[0]) == [plain, beta, both]
    assert told_by_query([plain, posted]) == []


def test_a_request_carries_the_fixed_pairs_and_its_parameters_read_the_rest() -> None:
    op = _op("list", "/b?view=list&kind=all%20items&kind=x", "get", "view", "limit")
    sent = [("kind", "x"), ("view", "list"), ("kind", "all items"), ("limit", "5")]
    assert carries(op, sent) and not carries(op, sent[1:])
    assert not carries(op, [("view", "card"), ("kind", "all items"), ("kind", "x")])
    # view is a parameter of its own: the fixed pair is its value
    assert own_query(op, [*sent, ("kind", "x")]) == [
        ("view", "list"),
        ("limit", "5"),
        ("kind", "x"),
    ]
    assert own_query(_op("plain", "/b"), sent) == sent
