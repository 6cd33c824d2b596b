"""A search paged by opaque cursors, for ``tests/specs/opaque_values_30.yaml``.

``make()`` is correct: it validates the request as the spec says and refuses, with the
documented 400, a ``cursor`` (query) or ``after`` (body) it never issued, as real servers do;
the schema admits any string, so a conformance run cannot tell an issued cursor from another.
The planted variants refuse with 400 what no cursor explains: ``enum`` a valid ``order``
(``desc``), ``integer`` a valid ``limit`` above 10, ``required`` a ``text`` it does not know,
``everything`` every request whatever it carries; ``gone`` answers every request 404.
``unissued`` is the status of a cursor it
never issued: 404, which the spec does not document, as Django REST framework's cursor pages
answer it."""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BUGS = ("enum", "integer", "required", "everything", "gone")
ISSUED = frozenset(("c2", "c3"))  # the cursors its pages give out
_KNOWN_TEXTS = frozenset(("book",))


def _refused(message: str) -> Response:
    return JSONResponse({"message": message}, status_code=400)


def _invalid(query: Any, body: Any) -> str | None:
    """Why the request breaks the spec; None when it is valid."""
    if set(query) - {"cursor", "limit"}:
        return "unknown query parameter"
    limit = query.get("limit")
    if limit is not None and not (limit.isdigit() and 1 <= int(limit) <= 100):
        return "limit must be an integer from 1 to 100"
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        return "text is required"
    if "order" in body and body["order"] not in ("asc", "desc"):
        return "order must be asc or desc"
    if "after" in body and not isinstance(body["after"], str):
        return "after must be a string"
    return None


def _planted(bug: str | None, query: Any, body: dict[str, Any]) -> bool:
    """True when the planted bug refuses this valid request."""
    limit = query.get("limit")
    return (
        bug == "everything"
        or (bug == "enum" and body.get("order") == "desc")
        or (bug == "integer" and limit is not None and int(limit) > 10)
        or (bug == "required" and body["text"] not in _KNOWN_TEXTS)
    )


def make(bug: str | None = None, unissued: int = 400) -> Starlette:
    """The service, with ``bug`` planted."""

    async def search(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return Response(status_code=415)
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _refused("the body is not JSON")
        query = request.query_params
        why = _invalid(query, body)
        if why is not None:
            return _refused(why)
        if bug == "gone":
            return JSONResponse({"message": "not found"}, status_code=404)
        if _planted(bug, query, body):
            return _refused("refused")
        for cursor in (query.get("cursor"), body.get("after")):
            if cursor is not None and cursor not in ISSUED:
                return JSONResponse({"message": "invalid cursor"}, status_code=unissued)
        return JSONResponse({"items": ["a", "b"], "next_cursor": "c2"})

    return Starlette(routes=[Route("/items/search", search, methods=["POST"])])
