"""The mock takes a request body whose media type is the documented one or falls in a
documented range (``text/*``), parameters and case aside, and refuses any other with 415."""

from __future__ import annotations

import textwrap
from pathlib import Path

import httpx

from generator.config import SpecConfig
from generator.mock import running
from generator.pipeline import build
from tests.support import ROOT

SPEC = textwrap.dedent(
    """\
    openapi: 3.0.3
    info: {title: media, version: "1"}
    paths:
      /notes:
        post:
          requestBody:
            required: true
            content:
              text/*: {schema: {type: string}}
          responses:
            "204": {description: stored}
            "415": {description: not a text type}
      /reports:
        post:
          requestBody:
            required: true
            content:
              text/csv: {schema: {type: string}}
          responses:
            "204": {description: stored}
            "415": {description: not csv}
    """
)


def test_a_body_in_a_documented_range_is_taken_and_others_refused(tmp_path: Path) -> None:
    spec = tmp_path / "media.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    _, api = build(SpecConfig(spec=spec, output=tmp_path / "out"), ROOT)

    def post(client: httpx.Client, path: str, media: str) -> int:
        return client.post(path, content=b"a,b\n1,2\n", headers={"content-type": media}).status_code

    with running(api) as url, httpx.Client(base_url=url, timeout=5) as client:
        assert post(client, "/notes", "text/csv") == 204
        assert post(client, "/notes", "text/plain; charset=utf-8") == 204
        assert post(client, "/notes", "application/octet-stream") == 415
        assert post(client, "/reports", "Text/CSV; charset=utf-8") == 204
        assert post(client, "/reports", "text/plain") == 415
