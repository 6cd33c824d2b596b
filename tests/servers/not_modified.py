"""A server answering a read whose condition fails with 304 Not Modified, as HTTP says
(tests/specs/strategies_conditional_reads_30.yaml): an ``If-None-Match`` naming the note's
entity tag, or an ``If-Modified-Since`` date not before the note's last change. A header its
schema refuses is refused, 422.
``app(planted=True)`` answers a read with a text longer than the spec's ``maxLength``."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

CHANGED = datetime(2020, 1, 1, tzinfo=UTC)
_TAG = re.compile(r'"[12]-1"')  # the spec's pattern for an entity tag held


def _unchanged_since(text: str) -> bool:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return False  # an invalid date is ignored (RFC 9110 13.1.3)
    return when.tzinfo is not None and when >= CHANGED


def app(*, planted: bool = False) -> Starlette:
    async def read(request: Request) -> Response:
        note_id = request.path_params["id"]
        if note_id not in ("1", "2"):
            return JSONResponse({"detail": "none"}, 404)
        tag = f'"{note_id}-1"'
        held = request.headers.get("if-none-match")
        since = request.headers.get("if-modified-since")
        if (held is not None and not _TAG.fullmatch(held)) or len(since or "") > 40:
            return JSONResponse({"detail": "not valid"}, 422)
        if held is not None:
            if held == tag:
                return Response(status_code=304, headers={"ETag": tag})
        elif since is not None and _unchanged_since(since):
            return Response(status_code=304, headers={"ETag": tag})
        text = "a note" * (10 if planted else 1)
        return JSONResponse({"id": note_id, "text": text}, headers={"ETag": tag})

    return Starlette(routes=[Route("/notes/{id}", read)])
