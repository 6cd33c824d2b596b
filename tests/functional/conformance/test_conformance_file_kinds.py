"""A valid request sending a file, refused for the file's kind: the schema (``format:
binary``) takes any bytes, and a server may take only files it knows by their name or their
first bytes. That refusal is a warning; it was a valid request refused."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_file_kinds_30.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


async def _upload(request: Request) -> Response:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return Response(status_code=415)
    form = await request.form()
    image, title = form.get("image"), form.get("title", "")
    if not isinstance(image, UploadFile) or not isinstance(title, str) or len(title) > 40:
        return Response(status_code=422)
    if not (image.filename or "").lower().endswith((".png", ".jpg")):
        return Response(status_code=422)  # a kind of file this server takes
    return Response(status_code=201)


async def _raw(request: Request) -> Response:
    if request.headers.get("content-type") != "application/octet-stream":
        return Response(status_code=415)
    body = await request.body()
    return Response(status_code=204 if body.startswith(PNG) else 422)


def test_a_file_refused_for_its_kind_is_a_warning() -> None:
    app = Starlette(
        routes=[
            Route("/images", _upload, methods=["POST"]),
            Route("/raw", _raw, methods=["PUT"]),
        ]
    )
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=5, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    for operation in ("uploadImage", "putRaw"):
        refused = report.stats[(operation, "valid_request_accepted")]
        assert refused.warned and not refused.failed
