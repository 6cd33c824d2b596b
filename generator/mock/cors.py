"""Cross-origin answers (``apiforge mock --cors``), so a browser client can use the mock.

A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is answered ``204`` with the
methods the path documents and the headers the browser asked for; every other answer to a
request with an ``Origin`` names that origin, allows credentials and exposes every header
(the violations header included).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from generator.mock.answer import Answer

__all__ = ["MAX_AGE", "allowed", "preflight"]

MAX_AGE = "600"  # seconds a browser may keep a preflight's answer


def preflight(methods: str, headers: Mapping[str, str]) -> Answer:
    """The answer to a browser's preflight for a path that documents ``methods``."""
    asked = headers.get("access-control-request-headers", "")
    extra = [
        ("access-control-allow-methods", methods or "GET"),
        ("access-control-max-age", MAX_AGE),
    ]
    if asked:
        extra.append(("access-control-allow-headers", asked))
    return Answer(204, content_type=None, headers=tuple(extra))


def allowed(answer: Answer, origin: str) -> Answer:
    """``answer`` with the headers that let a page from ``origin`` read it."""
    extra = (
        ("access-control-allow-origin", origin),
        ("access-control-allow-credentials", "true"),
        ("access-control-expose-headers", "*"),
        ("vary", "Origin"),
    )
    return dataclasses.replace(answer, headers=(*answer.headers, *extra))
