"""A body documented in several media types for one schema is sent in each: a server refusing
the form a spec documents fails ``valid_request_accepted``; one taking all passes, and so does
the built-in mock, which reads each."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_other_media_30.yaml"


def _valid(pet: dict[str, Any]) -> bool:
    name, age = pet.get("name"), pet.get("age", 0)
    return (
        isinstance(name, str)
        and 1 <= len(name) <= 10
        and name.isascii()
        and name.isalpha()
        and name.islower()
        and isinstance(age, int)
        and 0 <= age <= 30
    )


def server(*, forms: bool) -> Starlette:
    async def create(request: Request) -> Response:
        media = request.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/json":
            try:
                pet = json.loads(await request.body())
            except ValueError:
                return JSONResponse({"detail": "not JSON"}, 400)
        elif forms and media == "application/x-www-form-urlencoded":
            pet = dict(parse_qsl((await request.body()).decode()))
        elif forms and media == "multipart/form-data":
            pet = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        else:
            return JSONResponse({"detail": "media type"}, 415)
        if not isinstance(pet, dict):
            return JSONResponse({"detail": "an object"}, 400)
        if isinstance(pet.get("age"), str):
            if not pet["age"].isdigit():
                return JSONResponse({"detail": "age"}, 400)
            pet["age"] = int(pet["age"])
        if not _valid(pet):
            return JSONResponse({"detail": "not valid"}, 400)
        return JSONResponse(pet, 201)

    return Starlette(routes=[Route("/pets", create, methods=["POST"])])


def run(url: str | None) -> Any:
    return run_conformance(
        build(SPEC), base_url=url, token=None, max_examples=5, seed=0, allow_status=set()
    )


@pytest.mark.parametrize("forms", [False, True])
def test_each_documented_media_type_of_a_body_is_sent(forms: bool) -> None:
    with serving(server(forms=forms)) as url:
        report = run(url)
    failed = ("createPet", "valid_request_accepted") in report.failures
    assert failed is not forms, report.to_text()


def test_the_mock_reads_each() -> None:
    report = run(None)
    assert not report.failures, report.to_text()
