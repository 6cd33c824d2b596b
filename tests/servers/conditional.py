"""A server changing a note only under the entity tag it gave for it
(tests/specs/strategies_conditional_updates_30.yaml): a PUT whose If-Match is not the note's
ETag is refused 412. ``app(planted=True)`` answers a change it makes with a version of 0,
which the spec's ``minimum: 1`` refuses: a bug only a request carrying the real tag reaches."""

from __future__ import annotations

import itertools
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.servers.json_bodies import json_body


def _tag(note: dict[str, Any]) -> str:
    return f'"{note["id"]}-{note["version"]}"'


async def _text(request: Request) -> str | Response:
    """The note's text the request's body holds, or the refusal answered instead."""
    body, refused = await json_body(request)
    if refused is not None:
        return refused
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or len(text) > 20 or set(body) != {"text"}:
        return JSONResponse({"detail": "not valid"}, 422)
    return text


def app(*, planted: bool = False) -> Starlette:
    notes: dict[str, dict[str, Any]] = {}
    ids = itertools.count(1)

    def answer(note: dict[str, Any], status: int = 200) -> Response:
        return JSONResponse(note, status, headers={"ETag": _tag(note)})

    async def create(request: Request) -> Response:
        text = await _text(request)
        if isinstance(text, Response):
            return text
        note = {"id": str(next(ids)), "text": text, "version": 1}
        notes[note["id"]] = note
        return answer(note, 201)

    async def read(request: Request) -> Response:
        note = notes.get(request.path_params["id"])
        return answer(note) if note else JSONResponse({"detail": "none"}, 404)

    async def change(request: Request) -> Response:
        note = notes.get(request.path_params["id"])
        if note is None:
            return JSONResponse({"detail": "none"}, 404)
        if request.headers.get("if-match") != _tag(note):
            return JSONResponse({"detail": "not the note's tag"}, 412)
        text = await _text(request)
        if isinstance(text, Response):
            return text
        note.update(text=text, version=note["version"] + 1)
        return answer({**note, "version": 0} if planted else note)

    return Starlette(
        routes=[
            Route("/notes", create, methods=["POST"]),
            Route("/notes/{id}", read, methods=["GET"]),
            Route("/notes/{id}", change, methods=["PUT"]),
        ]
    )
