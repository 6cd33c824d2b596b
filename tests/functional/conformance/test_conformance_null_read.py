"""A body invalid only for a ``null`` its schema refuses, taken by a server that read the null
as the empty value of the property's type (``false``, ``0``, ``""``: Ajv's type coercion,
Fastify's default) and echoes it so, is a warning; a server that kept the null still fails.
The spec is tests/specs/null_read_30.yaml."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.conformance.cassette import Exchange
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "null_read_30.yaml"
CHECK = "invalid_request_rejected"
# each optional property: the type it takes, the empty value a coercing parser reads null as
FIELDS: dict[str, tuple[type, Any]] = {"on": (bool, False), "level": (int, 0), "label": (str, "")}


def _valid(name: str, value: Any) -> bool:
    kind = FIELDS[name][0]
    if kind is int:
        return type(value) is int and 0 <= value <= 10
    if kind is str:
        return isinstance(value, str) and len(value) <= 10
    return type(value) is kind


def _app(*, coerce: bool) -> Starlette:
    """Refuses what the spec refuses but a null in an optional property: read as its empty
    value when ``coerce``, else kept as null (the bug)."""

    async def create(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        refusal = JSONResponse({"message": "invalid"}, 400)
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            return refusal
        if len(body["name"]) > 20 or set(body) - {"name", *FIELDS}:
            return refusal
        made: dict[str, Any] = {"name": body["name"]}
        for name, value in body.items():
            if name == "name":
                continue
            if value is None:
                made[name] = FIELDS[name][1] if coerce else None
            elif _valid(name, value):
                made[name] = value
            else:
                return refusal
        return JSONResponse(made, 201)

    return Starlette(routes=[Route("/switches", create, methods=["POST"])])


def _run(*, coerce: bool) -> tuple[Report, list[str]]:
    """The report, and the warnings of the check on each answer."""
    warned: list[str] = []

    def record(exchange: Exchange, began: float, took: float) -> None:
        warned.extend(
            o.message for o in exchange.outcomes if o.check == CHECK and o.verdict == "warn"
        )

    with serving(_app(coerce=coerce)) as url:
        report = run_conformance(
            build(SPEC),
            base_url=url,
            token=None,
            max_examples=10,
            seed=0,
            allow_status=set(),
            recorder=record,
        )
    return report, warned


def test_a_null_read_as_the_empty_value_is_a_warning() -> None:
    report, warned = _run(coerce=True)
    assert ("createSwitch", CHECK) not in report.failures, report.to_text()
    read = {w.split(" (the answer")[0].rsplit("; ", 1)[-1] for w in warned if "was read as" in w}
    assert read == {
        "its null at /on, which the schema refuses, was read as false",
        "its null at /level, which the schema refuses, was read as 0",
        'its null at /label, which the schema refuses, was read as ""',
    }, warned


def test_a_null_kept_still_fails() -> None:
    report, _ = _run(coerce=False)
    assert ("createSwitch", CHECK) in report.failures, report.to_text()
