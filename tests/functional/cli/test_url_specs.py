"""A spec given by URL: fetched, cached by ETag, named by its URL, recorded in the manifest."""

from __future__ import annotations

import hashlib
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support import ROOT, run_cli

SPEC = (ROOT / "spec" / "kitchen-sink.yaml").read_bytes()
WITH_REF = b"""\
openapi: 3.1.0
info: {title: Refs, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "parts/item.yaml"}}}
"""
ITEM = b"type: object\nproperties: {id: {type: string}}\n"
WITH_ID = b"""\
openapi: 3.1.0
info: {title: Anchored, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$id: "./parts/", $ref: "node.yaml#node"}}}
"""
NODE = b"""\
$defs:
  Node:
    $anchor: node
    type: object
    properties: {id: {type: string}, next: {$ref: "#node"}}
"""


class Site:
    """Files served over HTTP with ETags; remembers what each request asked and got."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.log: list[tuple[str, int]] = []

    def etag(self, path: str) -> str:
        return '"' + hashlib.sha256(self.files[path]).hexdigest()[:16] + '"'


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    served = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served.files.get(self.path)
            if body is None:
                status = 404
            elif self.headers.get("if-none-match") == served.etag(self.path):
                status = 304
            else:
                status = 200
            served.log.append((self.path, status))
            self.send_response(status)
            if body is not None:
                self.send_header("ETag", served.etag(self.path))
            if status == 200 and body is not None:
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_header("Content-Length", "0")
                self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def apiforge(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The command with its cache in ``cwd``, so each test fetches afresh."""
    return run_cli(*args, cwd=cwd, APIFORGE_CACHE_DIR=str(cwd / "cache"), **env)


def test_a_url_spec_is_fetched_named_by_its_url_and_revalidated(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    served, base = site
    served.files["/v1/openapi.yaml"] = SPEC
    url = f"{base}/v1/openapi.yaml"
    done = apiforge("generate", url, "-o", "out", "--package", "sink", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"from {url}." in (tmp_path / "out" / "sink" / "models.py").read_text().splitlines()[0]
    manifest = json.loads((tmp_path / "out" / "sink" / "apiforge.json").read_text())
    assert manifest["spec"] == url and manifest["config"]["spec"] == url
    assert manifest["spec_sha256"] == hashlib.sha256(SPEC).hexdigest()
    assert served.log == [("/v1/openapi.yaml", 200)]

    check = ("check", url, "-o", "out", "--package", "sink")
    assert apiforge(*check, cwd=tmp_path).returncode == 0
    assert served.log[1:] == [("/v1/openapi.yaml", 304)]  # asked once, answered "unchanged"

    served.files["/v1/openapi.yaml"] = SPEC.replace(b"Kitchen Sink", b"Kitchen Sunk")
    stale = apiforge(*check, cwd=tmp_path)
    assert stale.returncode == 1 and "stale" in stale.stderr
    assert served.log[-1] == ("/v1/openapi.yaml", 200)

    asked = len(served.log)
    offline = apiforge(*check, "--offline", cwd=tmp_path)
    assert offline.returncode == 1  # the copy fetched last: still the changed spec
    assert len(served.log) == asked


def test_a_url_that_cannot_be_read_is_a_usage_error(site: tuple[Site, str], tmp_path: Path) -> None:
    served, base = site
    missing = apiforge("validate", f"{base}/nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == f"{base}/nope.yaml: cannot fetch the spec: HTTP 404\n"
    never = apiforge("validate", f"{base}/never.yaml", "--offline", cwd=tmp_path)
    assert never.returncode == 2 and "run once without --offline" in never.stderr
    assert ("/never.yaml", 200) not in served.log
    refused = apiforge("validate", "http://127.0.0.1:9/x.yaml", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    served.files["/big.yaml"] = SPEC
    big = apiforge("validate", f"{base}/big.yaml", cwd=tmp_path, APIFORGE_MAX_SPEC_BYTES="1000")
    assert big.returncode == 2 and "larger than 1,000 bytes" in big.stderr
    assert not list((tmp_path / "cache").rglob("spec*"))  # nothing half-kept


def test_problems_name_the_url_and_relative_refs_are_urls(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    served, base = site
    served.files["/api/spec.yaml"] = WITH_REF
    served.files["/api/parts/item.yaml"] = ITEM
    url = f"{base}/api/spec.yaml"
    refused = apiforge("validate", url, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"{url}:9:")
    assert f"$ref to a URL ({base}/api/parts/item.yaml) refused" in refused.stderr
    allowed = apiforge("validate", url, "--allow-remote-refs", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert ("/api/parts/item.yaml", 200) in served.log


def test_a_url_spec_s_refs_under_an_id_and_to_anchors_are_urls_too(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    served, base = site
    served.files["/api/spec.yaml"] = WITH_ID
    served.files["/api/parts/node.yaml"] = NODE
    url = f"{base}/api/spec.yaml"
    refused = apiforge("validate", url, cwd=tmp_path)
    assert refused.returncode == 1
    assert f"$ref to a URL ({base}/api/parts/node.yaml) refused" in refused.stderr
    assert ("/api/parts/node.yaml", 200) not in served.log
    allowed = apiforge("validate", url, "--allow-remote-refs", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert ("/api/parts/node.yaml", 200) in served.log


def test_a_configured_url_spec(site: tuple[Site, str], tmp_path: Path) -> None:
    served, base = site
    served.files["/openapi.yaml"] = SPEC
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.apiforge]\n[[tool.apiforge.specs]]\nspec = "{base}/openapi.yaml"\n'
        'package = "sink"\n',
        encoding="utf-8",
    )
    assert apiforge("generate", cwd=tmp_path).returncode == 0
    assert apiforge("check", cwd=tmp_path).returncode == 0
    done = apiforge("validate", f"{base}/openapi.yaml", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith(f"{base}/openapi.yaml: valid")
