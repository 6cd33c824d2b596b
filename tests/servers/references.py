"""A server refusing a reference to what it does not hold
(tests/specs/strategies_references_30.yaml): a book whose ``author`` (an integer id) or
``publisher`` (a UUID) names none it stored is refused 400, as Django REST framework's
related fields do ("Invalid pk - object does not exist."). ``app(planted=True)`` also
refuses a valid title longer than 10 characters: its own bug. ``books_at`` is the books' path
(``/a/books`` sorts before the authors': their cases run first)."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.servers.json_bodies import json_body


def _text(value: Any, longest: int) -> bool:
    return isinstance(value, str) and len(value) <= longest


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def app(*, planted: bool = False, books_at: str = "/books") -> Starlette:
    authors: dict[int, str] = {}
    publishers: dict[str, str] = {}
    books: dict[int, dict[str, Any]] = {}
    invalid = JSONResponse({"detail": "invalid"}, 400)

    async def create_author(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        if not isinstance(body, dict) or not _text(body.get("name"), 40):
            return invalid
        key = len(authors) + 1
        authors[key] = body["name"]
        return JSONResponse({"id": key, "name": body["name"]}, 201)

    async def create_publisher(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        if not isinstance(body, dict) or not _text(body.get("name"), 40):
            return invalid
        key = str(uuid.uuid4())
        publishers[key] = body["name"]
        return JSONResponse({"publisher_id": key, "name": body["name"]}, 201)

    async def create_book(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        if not isinstance(body, dict) or not _text(body.get("title"), 10 if planted else 40):
            return invalid
        author, pages, publisher = body.get("author"), body.get("pages", 1), body.get("publisher")
        if not _whole(author) or not _whole(pages) or pages < 1:
            return invalid
        if publisher is not None and not isinstance(publisher, str):
            return invalid
        if author not in authors or (publisher is not None and publisher not in publishers):
            return JSONResponse({"detail": "Invalid pk - object does not exist."}, 400)
        key = len(books) + 1
        books[key] = body
        return JSONResponse({"id": key, **body}, 201)

    return Starlette(
        routes=[
            Route("/authors", create_author, methods=["POST"]),
            Route("/publishers", create_publisher, methods=["POST"]),
            Route(books_at, create_book, methods=["POST"]),
        ]
    )
