"""A correct FastAPI service reading base64 bytes is sent base64 text, and gets no false alarm.

FastAPI documents a ``bytes`` field read as base64 (pydantic's ``val_json_bytes``) as
``contentEncoding: base64``; pydantic refuses other text with 422. Conformance's cases (the
generated package's coverage cases and draws) carry base64 text there, and make no near
miss of the encoding, which JSON Schema makes an annotation.
"""

from __future__ import annotations

from pathlib import Path

from generator import ir
from generator.conformance import run_conformance
from generator.mock import serving
from tests.servers.fastapi_apps import api_of, blobs_app


def _encoded_fields(api: ir.Api) -> set[str]:
    return {
        f.wire
        for model in api.models
        for f in model.fields
        if isinstance(f.type, ir.StringT) and f.type.encoding == "base64"
    }


def test_a_service_decoding_base64_accepts_every_valid_request(tmp_path: Path) -> None:
    app = blobs_app()
    api = api_of(app, tmp_path)
    assert _encoded_fields(api) == {"data"}  # what FastAPI writes, read as the IR holds it
    with serving(app) as url:
        report = run_conformance(
            api, base_url=url, token=None, max_examples=15, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    (op,) = api.operations
    stat = report.stats[(op.operation_id, "valid_request_accepted")]
    assert stat.passed >= 3 and not stat.failed
