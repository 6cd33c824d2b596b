"""The IR builder decides each body's and response's media kind once, and stores it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.pipeline import build
from tests.support import ROOT

SPEC = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: kinds, version: "1"}
    paths:
      /csv:
        post:
          operationId: postCsv
          requestBody:
            content:
              text/csv; header=present: {schema: {type: string}}
          responses:
            "200":
              description: csv
              content:
                text/csv: {schema: {type: string}}
            "204": {description: nothing}
            "400":
              description: a problem
              content:
                application/problem+json: {schema: {type: object}}
      /form:
        post:
          operationId: postForm
          requestBody:
            content:
              application/x-www-form-urlencoded:
                schema: {type: object, properties: {a: {type: string}}}
          responses:
            "200":
              description: events
              content:
                text/event-stream: {schema: {type: string}}
      /upload:
        put:
          operationId: upload
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties: {file: {type: string, format: binary}}
          responses:
            "200":
              description: bytes
              content:
                application/octet-stream: {}
      /any:
        patch:
          operationId: anyBody
          requestBody:
            content:
              "*/*": {schema: {type: object, properties: {a: {type: integer}}}}
          responses:
            "200":
              description: a vendor JSON type
              content:
                application/vnd.example+json: {schema: {type: object}}
        trace:
          operationId: traceIt
          requestBody:
            content:
              application/xml: {schema: {type: string}}
          responses:
            default:
              description: any bytes
              content:
                "*/*": {schema: {type: string}}
    """
)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> ir.Api:
    spec = Path(tmp_path_factory.mktemp("kinds")) / "kinds.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    _, built = build(SpecConfig(spec=spec, output=spec.parent / "out"), ROOT)
    return built


def _op(api: ir.Api, operation_id: str) -> ir.Operation:
    return next(op for op in api.operations if op.operation_id == operation_id)


@pytest.mark.parametrize(
    ("operation_id", "kind"),
    [
        ("postCsv", "text"),
        ("postForm", "form"),
        ("upload", "multipart"),
        ("anyBody", "json"),  # a structured body under */* is sent as JSON
        ("traceIt", "text"),
    ],
)
def test_each_body_stores_its_kind(api: ir.Api, operation_id: str, kind: ir.MediaKind) -> None:
    body = _op(api, operation_id).body
    assert body is not None and body.kind == kind


@pytest.mark.parametrize(
    ("operation_id", "status", "kind"),
    [
        ("postCsv", "200", "text"),
        ("postCsv", "204", None),
        ("postCsv", "400", "json"),
        ("postForm", "200", "event_stream"),
        ("upload", "200", "binary"),
        ("anyBody", "200", "json"),
        ("traceIt", "default", "binary"),
    ],
)
def test_each_response_stores_its_kind(
    api: ir.Api, operation_id: str, status: str, kind: ir.MediaKind | None
) -> None:
    response = next(r for r in _op(api, operation_id).responses if r.status == status)
    assert response.kind == kind
    assert response.streaming is (kind == "event_stream")


def test_operations_are_read_under_every_method_of_a_path_item(api: ir.Api) -> None:
    methods = {(op.path, op.method) for op in api.operations}
    assert ("/any", "patch") in methods and ("/any", "trace") in methods
