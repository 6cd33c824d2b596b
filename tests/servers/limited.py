"""A catalogue that limits how fast it is asked: beyond a few requests in a second it answers
429 with ``Retry-After: 1`` (documented, as the spec says it may), before reading the request.

Correct as it is: a client that waits as asked is served.
"""

import threading
import time
from collections import deque
from typing import Annotated, Any

from fastapi import FastAPI, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

PER_SECOND = 8


class Item(BaseModel):
    id: int
    name: str


def make(bug: str | None = None) -> FastAPI:
    """The catalogue, allowing :data:`PER_SECOND` requests in any second."""
    app = FastAPI(title="Limited", version="1.0.0")
    seen: deque[float] = deque()
    lock = threading.Lock()
    app.state.limited = 0  # the 429s it answered

    @app.middleware("http")
    async def limit(request: Request, call_next: Any) -> Any:
        now = time.monotonic()
        with lock:
            while seen and now - seen[0] > 1:
                seen.popleft()
            if len(seen) >= PER_SECOND:
                app.state.limited += 1
                headers = {"Retry-After": "1"}
                return JSONResponse({"detail": "slow down"}, status_code=429, headers=headers)
            seen.append(now)
        return await call_next(request)

    slow_down: dict[int | str, dict[str, Any]] = {
        429: {
            "description": "Too many requests",
            "headers": {"Retry-After": {"required": True, "schema": {"type": "integer"}}},
        }
    }

    @app.get("/items/{item_id}", response_model=Item, responses=slow_down)
    def item(item_id: Annotated[int, Path(ge=1, le=9)]) -> Any:
        return Item(id=item_id, name=f"item {item_id}")

    return app
