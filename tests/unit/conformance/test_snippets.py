"""The Python reproduction passes the credential keyword the generated client has, or none."""

from __future__ import annotations

import ast
import inspect
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.config import SpecConfig
from generator.conformance.report import Failure
from generator.conformance.wire import _SECRET_BASIC, HttpRequest, _basic, curl, python_snippet
from generator.pipeline import build
from tests.support import ROOT, SPECS, generate_into, import_fresh


def _client_keywords(snippet: str) -> set[str]:
    (call,) = [
        node
        for node in ast.walk(ast.parse(snippet))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Client"
    ]
    return {k.arg for k in call.keywords if k.arg is not None}


@pytest.mark.parametrize(
    ("spec", "package"),
    [("cases_interface_31.yaml", "notes_snip"), ("secrets_31.yaml", "sec_snip")],
)
def test_the_snippet_calls_the_generated_client_as_it_is(
    spec: str, package: str, tmp_path: Path
) -> None:
    _, api = build(SpecConfig(spec=SPECS / spec, output=tmp_path, package=package), ROOT)
    generate_into(SPECS / spec, tmp_path, package)
    client = import_fresh(tmp_path, package).Client
    for op in api.operations:
        snippet = python_snippet(api, op, {}, "http://127.0.0.1:1")
        keywords = _client_keywords(snippet)
        inspect.signature(client).bind(**dict.fromkeys(keywords))  # a TypeError if it has not
        assert ("TOKEN" in snippet) == bool(keywords - {"base_url"}), snippet
        assert ("import os" in snippet) == ("TOKEN" in snippet)
        if not any(op.security):
            assert keywords == {"base_url"}


def test_curl_asks_for_the_token_only_when_it_reads_it() -> None:
    def text(curl: str) -> str:
        return Failure("op", "c", "m", "case", 500, curl, "python", "replay", 1, 0.1).to_text()

    assert "(export TOKEN first)" in text('curl -H "Authorization: Bearer $TOKEN" URL')
    assert "export TOKEN" not in text("curl URL")


@pytest.mark.skipif(shutil.which("sh") is None or shutil.which("base64") is None, reason="no sh")
@pytest.mark.parametrize("token", ["abc", "user:pass word", "x:y:$z'"])
def test_curl_sends_the_basic_credentials_the_run_sent(token: str) -> None:
    # a bare token is basic's password (`user:` before it), a pair is sent as it is
    request = HttpRequest("GET", "http://h/x", (("Authorization", f"Basic {_SECRET_BASIC}"),), None)
    command = curl(request).replace("curl -sS -i -X GET http://h/x -H", "printf %s", 1)
    shown = subprocess.run(
        ["sh", "-c", command],
        env={"TOKEN": token, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown == f"Authorization: Basic {_basic(token)}"
