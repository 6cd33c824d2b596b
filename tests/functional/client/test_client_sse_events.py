"""Server-sent events read as their event schema says, on ``specs/sse_events.yaml``.

Text events stay text (no JSON parsing), integer and object events are JSON, and a schema
that admits strings and objects reads an object's JSON as the object and anything else as
the text it is. The mock server writes events the same way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "sse_events.yaml"
PACKAGE = "sse_events_api"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("sse")
    generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def _client(api: ModuleType, body: bytes, **options: Any) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return api.Client(base_url="https://api.example.test", http_client=http, **options)


def test_text_events_are_the_text_itself(api: ModuleType) -> None:
    body = b'data: hello world\n\ndata: two\ndata: lines\n\ndata: "quoted"\n\ndata: 42\n\n'
    items = list(_client(api, body, strict=True).text.list())
    assert items == ["hello world", "two\nlines", '"quoted"', "42"]
    assert all(type(i) is str for i in items)


def test_text_events_that_break_the_schema_are_kept_or_refused(api: ModuleType) -> None:
    body = b"data: " + b"x" * 41 + b"\n\n"
    assert list(_client(api, body).text.list()) == ["x" * 41]
    with pytest.raises(api.APIResponseValidationError):
        list(_client(api, body, strict=True).text.list())


def test_number_and_object_events_are_json(api: ModuleType) -> None:
    numbers = list(_client(api, b"data: 1\n\ndata: 2.0\n\n", strict=True).numbers.list())
    assert numbers == [1, 2] and all(type(n) is int for n in numbers)
    (tick,) = _client(api, b'data: {"n": 3}\n\n', strict=True).ticks.list()
    assert isinstance(tick, api.models.Tick) and tick.n == 3


def test_text_or_object_events_read_json_objects_and_keep_text(api: ModuleType) -> None:
    body = b'data: {"n": 1}\n\ndata: plain\n\ndata: "q"\n\ndata: 7\n\ndata: {"broken\n\n'
    items = list(_client(api, body, strict=True).mixed.list())
    assert isinstance(items[0], api.models.Tick) and items[0].n == 1
    assert items[1:] == ["plain", '"q"', "7", '{"broken']


def test_a_whole_json_document_is_read_as_json_whatever_the_events(api: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json="whole")

    async def scenario() -> list[Any]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with api.AsyncClient(base_url="https://x.test", http_client=http) as c:
            return [i async for i in await c.text.list()]

    assert asyncio.run(scenario()) == ["whole"]


def test_async_text_events(api: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b"data: a b\n\n", headers={"content-type": "text/event-stream"}
        )

    async def scenario() -> list[Any]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with api.AsyncClient(base_url="https://x.test", http_client=http) as c:
            return [i async for i in await c.text.list()]

    assert asyncio.run(scenario()) == ["a b"]


@pytest.mark.parametrize(
    ("value", "mode", "wire"),
    [
        ("hi\nthere", "text", "data: hi\ndata: there\n\n"),
        ("7", "text", "data: 7\n\n"),
        ("7", "json_or_text", None),
        ("a\rb", "text", None),
        ("[DONE]", "text", None),
        ("x", "json_or_text", "data: x\n\n"),
        ({"n": 1}, "json_or_text", 'data: {"n": 1}\n\n'),
        ("x", "json", 'data: "x"\n\n'),
    ],
)
def test_the_mock_writes_events_that_read_back(value: Any, mode: Any, wire: str | None) -> None:
    from generator.mock.responses import sse_event

    assert sse_event(value, mode) == wire


def test_the_mock_serves_events_the_client_reads_back(api: ModuleType) -> None:
    from generator.mock import running
    from tests.functional.mock.test_mock import build

    with running(build(SPEC), seed=3) as url, api.Client(base_url=url, strict=True) as c:
        raw = httpx.get(url + "/text").text
        texts = list(c.text.list())
        numbers = list(c.numbers.list())
        ticks = list(c.ticks.list())
    assert len(texts) == 2 and all(type(t) is str and len(t) <= 40 for t in texts)
    assert '"' not in raw or any('"' in t for t in texts)  # text goes unquoted
    assert len(numbers) == 2 and all(type(n) is int for n in numbers)
    assert len(ticks) == 2 and all(isinstance(t, api.models.Tick) for t in ticks)


def test_lines_break_only_at_cr_lf_or_crlf_even_across_chunks(api: ModuleType) -> None:
    chunks = [b"data: a\xe2\x80\xa8b\x1ec\r", b"\ndata: d\x0ce\r", b"data: f\xc3", b"\xa9\n\r\n"]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=iter(chunks), headers={"content-type": "text/event-stream"}
        )

    http = httpx.Client(transport=httpx.MockTransport(answer))
    c = api.Client(base_url="https://x.test", http_client=http, strict=True)
    assert list(c.text.list()) == ["a\u2028b\x1ec\nd\x0ce\nf\u00e9"]
