"""Structured responses under media ranges (``*/*``, ``application/*``) read as JSON when
they are JSON, on ``specs/media_ranges.yaml``; the mock and conformance agree."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "media_ranges.yaml"
PACKAGE = "media_ranges_api"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("ranges")
    generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def _client(api: ModuleType, response: httpx.Response, **options: Any) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(lambda request: response))
    return api.Client(base_url="https://api.example.test", http_client=http, **options)


def test_json_under_any_media_type_is_the_model(api: ModuleType) -> None:
    answer = httpx.Response(200, json={"id": "a", "size": 2})
    item = _client(api, answer, strict=True).items.retrieve(item_id="a")
    assert isinstance(item, api.models.Item) and item.size == 2


def test_a_body_that_parses_is_json_whatever_its_content_type(api: ModuleType) -> None:
    answer = httpx.Response(200, content=b'{"id": "b"}', headers={"content-type": "text/plain"})
    item = _client(api, answer, strict=True).items.retrieve(item_id="b")
    assert isinstance(item, api.models.Item) and item.id == "b"


def test_a_body_that_is_not_json_is_kept_or_refused(
    api: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    xml = b"<item><id>c</id></item>"
    answer = httpx.Response(200, content=xml, headers={"content-type": "application/xml"})
    with caplog.at_level(logging.WARNING):
        assert _client(api, answer).items.retrieve(item_id="c") == xml
    assert "not JSON" in caplog.text
    with pytest.raises(api.APIResponseValidationError):
        _client(api, answer, strict=True).items.retrieve(item_id="c")


def test_application_range_and_vendor_json(api: ModuleType) -> None:
    answer = httpx.Response(200, json=[1, 2])
    assert _client(api, answer, strict=True).counts.list() == [1, 2]
    vendor = httpx.Response(
        200, content=b'{"id": "v"}', headers={"content-type": "application/vnd.example.item+json"}
    )
    assert _client(api, vendor, strict=True).vendor.list().id == "v"


def test_a_binary_schema_under_any_media_type_stays_bytes(api: ModuleType) -> None:
    answer = httpx.Response(200, content=b'{"id": "x"}', headers={"content-type": "text/plain"})
    assert _client(api, answer, strict=True).blob.list() == b'{"id": "x"}'


def test_an_error_under_any_media_type_carries_its_model(api: ModuleType) -> None:
    answer = httpx.Response(404, json={"title": "gone"})
    with pytest.raises(api.NotFoundError) as raised:
        _client(api, answer).items.retrieve(item_id="z")
    assert isinstance(raised.value.parsed, api.models.Problem)


def test_conformance_against_the_mock_passes() -> None:
    from generator.conformance import run_conformance
    from tests.functional.mock.test_mock import build

    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=3, seed=0, progress=None
    )
    assert report.exit_code == 0, report.to_text()
    assert report.stats[("getItem", "response_schema")].passed
    assert report.stats[("getItem", "content_type_documented")].passed


def test_a_range_that_excludes_json_stays_text(api: ModuleType) -> None:
    answer = httpx.Response(200, content=b'{"id": "t"}', headers={"content-type": "text/plain"})
    assert _client(api, answer, strict=True).notes.list() == '{"id": "t"}'
