"""Operations served by servers of their own (Path Item and Operation ``servers``): sent where
they are, by conformance, the built-in mock, the generated client and its live tests; one on
another host is never sent to the server under test."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from generator import ir
from generator.config import SpecConfig
from generator.conformance import run_conformance
from generator.mock.server import serving
from generator.pipeline import build
from tests.functional.suite.test_live_runs import _run, _tail
from tests.servers import placed
from tests.support import ROOT, generate_into, import_fresh


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("placed") / "placed.json"
    path.write_text(json.dumps(placed.spec()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def api(spec: Path) -> ir.Api:
    return build(SpecConfig(spec=spec, output=spec.parent), ROOT)[1]


def test_the_ir_keeps_each_operations_own_server(api: ir.Api) -> None:
    servers = {op.operation_id: op.server for op in api.operations}
    assert servers == {"listItems": None, "getUpload": placed.FILES, "uploadAsset": placed.ASSETS}


@pytest.mark.parametrize("mounted", ["/v1", ""], ids=["at-the-apis-path", "at-the-root"])
def test_a_correct_server_passes_with_each_operation_sent_where_it_is(
    api: ir.Api, mounted: str
) -> None:
    # the API at /v1 (its server's path) or given as the root: uploads are at /files either way
    with serving(placed.make(mounted)) as url:
        report = run_conformance(api, base_url=url + mounted, token=None, max_examples=5, seed=0)
    assert report.failed() == [], report.failed()
    sent = {operation for operation, _ in report.stats}
    assert {"listItems", "getUpload"} <= sent and "uploadAsset" not in sent
    assert any("uploadAsset (https://uploads.example.com)" in note for note in report.notes)


def test_the_built_in_mock_serves_each_operation_where_it_is(api: ir.Api) -> None:
    report = run_conformance(api, base_url=None, token=None, max_examples=5, seed=0)
    assert report.failed() == [], report.failed()
    assert "getUpload" in {operation for operation, _ in report.stats}


def test_the_client_sends_each_operation_where_it_is(spec: Path, tmp_path: Path) -> None:
    generate_into(spec, tmp_path, "placed_api")
    package = import_fresh(tmp_path, "placed_api")
    urls: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        return httpx.Response(201 if request.method == "POST" else 200, json={"name": "a"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with package.Client(base_url="http://staging.test/v1", http_client=http) as client:
        client.uploads.retrieve(name="abc")
        client.assets.create()
        client.items.list()
    assert urls == [
        "http://staging.test/files/uploads/abc",
        "https://uploads.example.com/assets",
        "http://staging.test/v1/items",
    ]


def test_the_generated_live_tests_pass_on_a_correct_server(spec: Path, tmp_path: Path) -> None:
    generate_into(spec, tmp_path, "placed_api")
    with serving(placed.make()) as url:
        done = _run(tmp_path, "placed_api_tests", "-k", "live", APIFORGE_BASE_URL=url + "/v1")
    assert done.returncode == 0, _tail(done)
    assert "served at https://uploads.example.com" in done.stdout, _tail(done)
