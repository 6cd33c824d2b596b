"""What a small test server does first with a JSON request body."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response


async def json_body(request: Request) -> tuple[Any, Response | None]:
    """The request's JSON body, or the refusal a server answers instead: 415 for another media
    type, 400 for a body that does not parse."""
    if request.headers.get("content-type") != "application/json":
        return None, Response(status_code=415)
    try:
        return json.loads(await request.body()), None
    except ValueError:
        return None, JSONResponse({"detail": "not JSON"}, 400)
