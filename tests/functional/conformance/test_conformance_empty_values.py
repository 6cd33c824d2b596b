"""A parameter sent as the empty text where a server may read it as none.

OpenAPI forbids an empty query parameter (``?q=``) unless the parameter says
``allowEmptyValue: true``, and many servers read an empty header or cookie as absent. A
server that refuses those as missing is correct, so a case standing for a valid request never
sends them empty; the run used to, and reported the refusals as valid requests refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator import ir
from generator.conformance import run_conformance
from generator.conformance.wire import sends_blank
from generator.facts.styles import read_as_none
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_empty_values_30.yaml"


def _search(request: Request) -> Response:
    """Reads an empty value as none, as validators that keep OpenAPI's default do."""
    present = {
        "q": request.query_params.get("q"),
        "tags": request.query_params.get("tags"),
        "X-Trace": request.headers.get("x-trace"),
        "session": request.cookies.get("session"),
    }
    label = request.query_params.get("label")
    tags = (present["tags"] or "").split(",")
    if not all(present.values()) or label is None or len(label) > 3 or set(tags) - {"a", "b"}:
        return JSONResponse({"missing": [k for k, v in present.items() if not v]}, 422)
    return JSONResponse({"q": present["q"]})


def _blank(request: Request) -> Response:
    """`nothing` (and `X-Nothing`) may only be empty, which this server reads as none: it
    refuses every call."""
    return JSONResponse({"missing": ["nothing"]}, 422)


def _run(url: str | None) -> Any:
    return run_conformance(
        build(SPEC), base_url=url, token=None, max_examples=20, seed=0, allow_status=set()
    )


def test_a_server_reading_empty_values_as_none_gives_no_finding() -> None:
    app = Starlette(
        routes=[
            Route("/search", _search),
            Route("/blank", _blank),
            Route("/blank-header", _blank),
        ]
    )
    with serving(app) as url:
        report = _run(url)
    assert not report.failures, report.to_text()
    accepted = report.stats[("search", "valid_request_accepted")]
    assert accepted.passed and not accepted.failed


def test_the_mock_gives_no_finding_either() -> None:
    report = _run(None)
    assert not report.failures, report.to_text()


def _param(location: str, **changes: Any) -> ir.Param:
    fields: dict[str, Any] = {
        "name": "p",
        "wire": "p",
        "location": location,
        "type": ir.StringT(),
        "required": True,
        "style": {"query": "form", "cookie": "form"}.get(location, "simple"),
        "explode": location != "header",
    }
    return ir.Param(**(fields | changes))


@pytest.mark.parametrize(
    ("param", "read"),
    [
        (_param("query"), True),
        (_param("query", allow_empty=True), False),
        (_param("header"), True),
        (_param("cookie"), True),
        (_param("path"), False),  # a path segment has rules of its own
        (_param("query", style="json"), False),  # JSON text is never empty
    ],
)
def test_which_parameters_an_empty_value_may_be_read_as_none(param: ir.Param, read: bool) -> None:
    assert read_as_none(param) is read


@pytest.mark.parametrize(
    ("param", "value", "blank"),
    [
        (_param("query"), "", True),
        (_param("query"), "a", False),
        (_param("query", allow_empty=True), "", False),
        (_param("query", explode=False), [], True),  # `p=`
        (_param("query"), [], False),  # exploded: no pair at all, absent
        (_param("header"), "", True),
        (_param("header"), [], True),
        (_param("cookie"), "", True),
        (_param("query"), 0, False),
    ],
)
def test_which_requests_send_a_parameter_empty(param: ir.Param, value: Any, blank: bool) -> None:
    op = ir.Operation("op", "get", "/", ("things",), "list", "/paths/~1/get", (param,))
    where = {"query": "query", "header": "headers", "cookie": "cookies", "path": "path"}
    assert sends_blank(op, {where[param.location]: {"p": value}}) is blank
