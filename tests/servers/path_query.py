"""A service for ``tests/specs/strategies_path_query_31.yaml``: operations told apart by a
query their path keys fix, as the APIs that write ``/notes/{id}?draft=true`` beside
``/notes/{note_id}`` serve them: ``GET /notes/{id}`` reads the note or, asked with
``draft=true``, its draft; ``GET /boards/{board}`` lists a board's items with
``view=list&kind=all items``, counts its cards with ``view=card``.

``one_handler=True`` serves both reads of a note with one handler that never reads
``draft`` (nor ``after``, which only the draft's operation takes), as a server may.
"""

from __future__ import annotations

import json
import re

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def _bad(status: int = 400) -> Response:
    return Response(status_code=status)


def _integer(text: str | None, low: int, high: int | None = None) -> bool:
    """Whether ``text`` is absent or an integer in ``low``..``high``."""
    if text is None:
        return True
    if not re.fullmatch(r"-?[0-9]+", text):
        return False
    return int(text) >= low and (high is None or int(text) <= high)


def _note(request: Request, note_id: str) -> Response:
    fields = request.query_params.get("fields")
    if fields not in (None, "title", "body") or set(request.query_params) - {"fields"}:
        return _bad()
    return JSONResponse({"id": note_id, "title": "a note"})


def _draft(request: Request, note_id: str) -> Response:
    if not _integer(request.query_params.get("after"), 0):
        return _bad()
    if set(request.query_params) - {"draft", "after"}:
        return _bad()
    return JSONResponse({"id": note_id, "draft": True, "revision": 3})


async def put_draft(request: Request) -> Response:
    note_id = request.path_params["id"]
    if not request.headers.get("content-type", "").startswith("application/json"):
        return _bad()
    if request.query_params.get("draft") != "true" or set(request.query_params) != {"draft"}:
        return _bad(404)
    try:
        body = json.loads(await request.body())
    except ValueError:
        return _bad()
    text = body.get("text") if isinstance(body, dict) else None
    if not re.fullmatch(r"[0-9]{1,6}", note_id) or not isinstance(text, str) or not text:
        return _bad()
    return JSONResponse({"id": note_id})


async def get_board(request: Request) -> Response:
    query = request.query_params
    if not re.fullmatch(r"[a-z]{1,8}", request.path_params["board"]):
        return _bad()
    if query.get("view") == "card" and set(query) == {"view"}:
        return JSONResponse({"cards": 2})
    if query.get("view") != "list" or query.get("kind") != "all items":
        return _bad(404)
    if set(query) - {"view", "kind", "limit"} or not _integer(query.get("limit"), 1, 50):
        return _bad()
    return JSONResponse({"items": ["a", "b"]})


def make(*, one_handler: bool = False) -> Starlette:
    """The service."""

    async def note(request: Request) -> Response:
        if request.method == "PUT":
            return await put_draft(request)
        note_id = request.path_params["id"]
        if not re.fullmatch(r"[0-9]{1,6}", note_id):
            return _bad()
        if one_handler:  # an answer that is the note's and the draft's at once
            if request.query_params.get("fields") not in (None, "title", "body"):
                return _bad()
            return JSONResponse({"id": note_id, "title": "a note", "draft": True})
        if request.query_params.get("draft") == "true":
            return _draft(request, note_id)
        return _note(request, note_id)

    return Starlette(
        routes=[
            Route("/notes/{id}", note, methods=["GET", "PUT"]),
            Route("/boards/{board}", get_board, methods=["GET"]),
        ]
    )
