"""A 3.0 ``nullable: true`` beside an ``enum`` without null, or with no ``type`` beside it
(an ``allOf``), admits null in one reading of the spec and not in another (OpenAPI 3.0.3's
words, which openapi-schema-validator and so openapi-core's servers follow): a case with a
null there is left out and counted, and a server of either reading passes. A null both
readings take (a nullable string) is still sent, and a server refusing it still fails."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_nullable_readings_30.yaml"
URI = "urn:nullable-readings"


def _app(wide: bool, refuses_note_null: bool = False) -> Starlette:
    """A server validating bodies as openapi-schema-validator reads 3.0 (``wide``: null taken
    wherever ``nullable: true`` stands, as many other readers take it)."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(
        URI, Resource.from_contents(document, default_specification=DRAFT4)
    )
    validator = OAS30Validator({"$ref": f"{URI}#/components/schemas/ToyIn"}, registry=registry)

    def valid(body: Any) -> bool:
        if wide and isinstance(body, dict):  # the nulls `nullable: true` admits, taken
            stand_ins = {"size": "s", "maker": {"name": "x"}}
            body = {k: stand_ins.get(k, v) if v is None else v for k, v in body.items()}
        if refuses_note_null and isinstance(body, dict) and body.get("note", "") is None:
            return False  # a bug: both readings take a null note
        return bool(validator.is_valid(body))

    async def create(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        return JSONResponse({}, 201) if valid(body) else JSONResponse({"detail": "no"}, 400)

    return Starlette(routes=[Route("/toys", create, methods=["POST"])])


def _run(app: Starlette) -> Report:
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


@pytest.mark.parametrize("wide", [False, True], ids=["3.0.3's reading", "the wide reading"])
def test_a_server_of_either_reading_passes(wide: bool) -> None:
    report = _run(_app(wide))
    assert not report.failures, report.to_text()
    assert any("3.0's `nullable: true` stands beside" in n for n in report.notes), report.notes
    assert report.stats[("createToy", "valid_request_accepted")].passed


def test_a_null_both_readings_take_refused_still_fails() -> None:
    report = _run(_app(wide=False, refuses_note_null=True))
    assert ("createToy", "valid_request_accepted") in report.failures, report.to_text()
