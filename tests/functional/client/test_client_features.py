"""Client features the seed does not exercise, on ``specs/client_features.yaml``.

Parameter styles and path encoding, API-key and basic auth, server-sent events, text,
binary, form and multipart bodies, ``2XX`` and ``default`` responses, empty answers.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import io
import json
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "client_features.yaml"
PACKAGE = "client_features_api"
KEY = "fk-0123456789abcdef"
BASE = "https://api.example.test/v1"
ITEM = {"id": "i1", "kind": "small"}

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("features")
    generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE)


class Wire:
    """Records requests; answers with the given responses in turn (the last repeats)."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers) or [httpx.Response(200, json=ITEM)]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        return answer(request) if callable(answer) else answer

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def client(api: ModuleType, wire: Wire, **options: Any) -> Any:
    options.setdefault("api_key", KEY)
    return api.Client(
        http_client=httpx.Client(transport=httpx.MockTransport(wire), follow_redirects=True),
        **options,
    )


# ---------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("plain-id", "/v1/items/plain-id"),
        ("../../admin", "/v1/items/..%2F..%2Fadmin"),
        ("..", "/v1/items/%2E%2E"),
        (".", "/v1/items/%2E"),
        ("a/b", "/v1/items/a%2Fb"),
        ("a b?c#d%", "/v1/items/a%20b%3Fc%23d%25"),
        ("x.json", "/v1/items/x.json"),
    ],
)
def test_path_parameters_are_encoded_and_cannot_change_the_path(
    api: ModuleType, value: str, path: str
) -> None:
    wire = Wire()
    client(api, wire).items.retrieve(item_id=value)
    assert wire.last.url.raw_path.decode() == path


def test_an_empty_path_parameter_is_refused(api: ModuleType) -> None:
    wire = Wire()
    with pytest.raises(ValueError, match="must not be empty"):
        client(api, wire).items.retrieve(item_id="")
    assert wire.requests == []


def test_query_header_and_cookie_parameters_follow_their_style(api: ModuleType) -> None:
    wire = Wire()
    client(api, wire).items.retrieve(
        item_id="i1",
        tags=["red", "blue"],
        ids=[1, 2, 3],
        filter={"color": "red", "size": 2},
        mode="fast",
        x_trace_id="trace-1",
        session="s1",
    )
    sent = wire.last
    assert sent.url.params.get_list("tags") == ["red", "blue"]
    assert sent.url.params["ids"] == "1|2|3"
    assert sent.url.params["filter[color]"] == "red"
    assert sent.url.params["filter[size]"] == "2"
    assert sent.url.params["mode"] == "fast"
    assert sent.headers["x-trace-id"] == "trace-1"
    assert sent.headers["cookie"] == "session=s1"
    assert sent.headers["x-api-key"] == KEY
    assert sent.method == "GET"
    assert sent.content == b""


def test_parameters_are_validated_before_sending(api: ModuleType) -> None:
    wire = Wire()
    c = client(api, wire)
    with pytest.raises(api.APIRequestValidationError):
        c.items.retrieve(item_id="i1", mode="medium")
    with pytest.raises(api.APIRequestValidationError):
        c.items.retrieve(item_id="i1", ids=["one"])
    assert wire.requests == []


@pytest.mark.parametrize(
    ("given", "why"),
    [
        (
            {"x_trace_id": "tr\u00e9ce"},
            "header parameter 'X-Trace-Id' cannot be sent: 'tr\u00e9ce' is not ASCII",
        ),
        ({"x_trace_id": "a\r\nX-Admin: 1"}, "header parameter 'X-Trace-Id' cannot be sent"),
        (
            {"session": "s1; admin=1"},
            "cookie parameter 'session' cannot be sent: 's1; admin=1' holds ';'",
        ),
        ({"session": "caf\u00e9"}, "cookie parameter 'session' cannot be sent"),
    ],
    ids=["header-not-ascii", "header-line-break", "cookie-semicolon", "cookie-not-ascii"],
)
def test_a_header_or_cookie_http_cannot_carry_as_given_is_refused_before_sending(
    api: ModuleType, given: dict[str, str], why: str
) -> None:
    # httpx would raise its own encoding error, or the text would end the header or cookie
    # and start another one
    wire = Wire()
    with pytest.raises(api.APIRequestValidationError, match=re.escape(why)):
        client(api, wire).items.retrieve(item_id="i1", **given)
    assert wire.requests == []


def test_styles_of_the_runtime_encoder(api: ModuleType) -> None:
    enc = importlib.import_module(f"{api.__name__}._encoding")
    param = importlib.import_module(f"{api.__name__}._operation").Parameter

    def path(style: str, explode: bool, value: Any) -> str:
        return str(enc.path_value(param("id", "path", style, explode, Any), value))

    assert path("simple", False, [3, 4]) == "3,4"
    assert path("simple", False, {"a": 1, "b": "x y"}) == "a,1,b,x%20y"
    assert path("simple", True, {"a": 1, "b": 2}) == "a=1,b=2"
    assert path("label", False, [3, 4]) == ".3,4"
    assert path("label", True, [3, 4]) == ".3.4"
    assert path("matrix", False, 5) == ";id=5"
    assert path("matrix", False, [3, 4]) == ";id=3,4"
    assert path("matrix", True, [3, 4]) == ";id=3;id=4"
    assert path("matrix", True, {"a": 1, "b": 2}) == ";a=1;b=2"
    assert path("simple", False, True) == "true"

    def query(style: str, explode: bool, value: Any) -> list[tuple[str, str]]:
        return list(enc.query_pairs(param("id", "query", style, explode, Any), value))

    assert query("form", True, [1, 2]) == [("id", "1"), ("id", "2")]
    assert query("form", False, [1, 2]) == [("id", "1,2")]
    assert query("form", True, {"a": 1}) == [("a", "1")]
    assert query("form", False, {"a": 1, "b": 2}) == [("id", "a,1,b,2")]
    assert query("spaceDelimited", False, [1, 2]) == [("id", "1%202")]
    assert query("deepObject", True, {"a": 1}) == [("id[a]", "1")]
    with pytest.raises(ValueError, match="no text"):  # a null has no form text; "" is a value
        query("deepObject", True, {"a": None})
    # an object inside nests (OpenAPI leaves it undefined; qs, Rails and PHP read it so)
    assert query("deepObject", True, {"a": {"b": 1}, "c": 2}) == [("id[a][b]", "1"), ("id[c]", "2")]
    with pytest.raises(ValueError, match="no text"):  # an empty one writes nothing
        query("deepObject", True, {"a": {}})
    with pytest.raises(ValueError, match="no text"):
        query("form", True, {"a": {"b": 1}})
    with pytest.raises(ValueError, match="writes only objects"):  # of a schema taking others
        query("deepObject", True, True)
    assert enc.cookie_value(param("c", "cookie", "form", True, Any), [1, 2]) == "c=1; c=2"
    assert enc.header_value(param("h", "header", "simple", False, Any), ["a", "b"]) == "a,b"


# ---------------------------------------------------------------------------- credentials


def test_api_key_basic_and_anonymous_operations(
    api: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLIENT_FEATURES_API_BASIC", raising=False)
    wire = Wire(httpx.Response(200, json={"ok": True}))
    c = client(api, wire, basic=("ada", "s3cret"))
    c.private.list()
    assert wire.last.headers["authorization"] == "Basic " + base64.b64encode(b"ada:s3cret").decode()
    assert "x-api-key" not in wire.last.headers
    c.public.list()
    assert "authorization" not in wire.last.headers
    assert "x-api-key" not in wire.last.headers
    with pytest.raises(api.MissingCredentialsError, match=r"basic=.*CLIENT_FEATURES_API_BASIC"):
        client(api, wire).private.list()
    assert "s3cret" not in repr(c)
    rotated = c.with_options(api_key="fk-new", credentials={"basic": "grace:hopper"})
    rotated.private.list()
    assert (
        wire.last.headers["authorization"] == "Basic " + base64.b64encode(b"grace:hopper").decode()
    )
    rotated.items.retrieve(item_id="i1")
    assert wire.last.headers["x-api-key"] == "fk-new"
    with pytest.raises(TypeError, match="known"):
        c.with_options(credentials={"bearer": "x"})


def test_api_keys_in_the_query_or_a_cookie(api: ModuleType) -> None:
    runtime = importlib.import_module(f"{api.__name__}._request")
    operation = importlib.import_module(f"{api.__name__}._operation")
    secret = importlib.import_module(f"{api.__name__}._options").Secret("q-key")
    parts = runtime.Parts("/x", {})
    runtime.apply_credential(
        operation.Scheme("Q", "api_key", "api_key", "query", "key"), secret, parts
    )
    runtime.apply_credential(operation.Scheme("C", "c", "api_key", "cookie", "sid"), secret, parts)
    parts.finish(None, None)
    assert parts.query == [("key", "q-key")]
    assert parts.headers == {"cookie": "sid=q-key"}


def test_a_custom_key_header_and_cookies_stay_on_the_first_host(api: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.test":
            return httpx.Response(301, headers={"Location": "https://mirror.example/items/i1"})
        return httpx.Response(200, json=ITEM)

    wire = Wire(answer)
    client(api, wire).items.retrieve(item_id="i1", session="s1", x_trace_id="t")
    first, second = wire.requests
    assert first.headers["x-api-key"] == KEY
    assert second.url == "https://mirror.example/items/i1"
    assert "x-api-key" not in second.headers
    assert "cookie" not in second.headers
    assert second.headers["x-trace-id"] == "t"


# ---------------------------------------------------------------------------- server-sent events

EVENTS = (
    b": keep-alive\n\n"
    b'data: {"index": 0, "text": "Hel"}\n\n'
    b"event: chunk\n"
    b'data: {"index": 1,\n'
    b'data:  "text": "lo", "extra": true}\n\n'
    b"data: [DONE]\n\n"
    b'data: {"index": 9, "text": "never read"}\n\n'
)


def sse(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


def test_a_stream_yields_parsed_items_until_done(api: ModuleType) -> None:
    wire = Wire(sse(EVENTS))
    stream = client(api, wire).stream.create(
        prompt="hi", model="m-query", model_="m-body", timeout_=1.5
    )
    items = list(stream)
    assert [i.text for i in items] == ["Hel", "lo"]
    assert all(isinstance(i, api.models.Chunk) for i in items)
    assert items[1].to_dict()["extra"] is True
    assert stream.response.is_closed
    sent = wire.last
    assert sent.headers["accept"] == "text/event-stream"
    assert sent.url.params["model"] == "m-query"
    assert json.loads(sent.content) == {"prompt": "hi", "model": "m-body", "timeout": 1.5}


def test_a_stream_answered_with_one_json_document_yields_that_item(api: ModuleType) -> None:
    answer = httpx.Response(200, json={"index": 3, "text": "whole"})
    (item,) = list(client(api, Wire(answer)).stream.create(prompt="hi"))
    assert (item.index, item.text) == (3, "whole")
    empty = httpx.Response(200, content=b"", headers={"content-type": "application/json"})
    assert list(client(api, Wire(empty)).stream.create(prompt="hi")) == []

    async def scenario() -> list[Any]:
        async def answer_async(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, json={"index": 4, "text": "async"})

        http = httpx.AsyncClient(transport=httpx.MockTransport(answer_async))
        async with api.AsyncClient(api_key=KEY, http_client=http) as c:
            return [i async for i in await c.stream.create(prompt="hi")]

    (again,) = asyncio.run(scenario())
    assert again.index == 4


def test_body_keywords_that_clash_get_a_trailing_underscore() -> None:
    from generator.config import SpecConfig
    from generator.parse import build_api
    from generator.render.client import body_keywords

    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    api = build_api(doc, SpecConfig(spec=SPEC, output=SPEC.parent), str(SPEC))
    (op,) = [op for op in api.operations if op.operation_id == "streamChunks"]
    assert body_keywords(api, op) == {"prompt": "prompt", "model": "model_", "timeout": "timeout_"}


def test_a_stream_closes_when_left_early_and_reports_error_events(api: ModuleType) -> None:
    wire = Wire(sse(EVENTS))
    with client(api, wire).stream.create(prompt="hi") as stream:
        first = next(iter(stream))
    assert first.index == 0
    assert stream.response.is_closed
    failing = Wire(
        sse(b'data: {"index": 0, "text": "a"}\n\nevent: error\ndata: {"message": "overloaded"}\n\n')
    )
    stream = client(api, failing).stream.create(prompt="hi")
    with pytest.raises(api.APIError, match="overloaded"):
        list(stream)


def test_stream_items_that_drift_are_kept_or_refused_in_strict_mode(api: ModuleType) -> None:
    body = b'data: {"index": "zero", "text": "a"}\n\n'
    (item,) = list(client(api, Wire(sse(body))).stream.create(prompt="hi"))
    assert item.index == "zero"
    with pytest.raises(api.APIResponseValidationError) as caught:
        list(client(api, Wire(sse(body)), strict=True).stream.create(prompt="hi"))
    assert caught.value.body == body.removeprefix(b"data: ").strip()


def test_an_untyped_stream_yields_the_events(api: ModuleType) -> None:
    body = (
        b"id: 7\nevent: tick\nretry: 100\ndata: one\ndata: two\n\nevent: tock\ndata: three\n\n"
        b"data: no blank line ends this one"
    )
    events = list(client(api, Wire(sse(body))).events.list())
    assert [(e.event, e.data, e.id) for e in events] == [
        ("tick", "one\ntwo", "7"),
        ("tock", "three", "7"),
    ]
    assert events[0].retry == 100


def test_a_stream_that_fails_raises_before_iterating(api: ModuleType) -> None:
    wire = Wire(httpx.Response(401, json={"error": "no"}))
    with pytest.raises(api.AuthenticationError) as caught:
        client(api, wire).stream.create(prompt="hi")
    assert caught.value.body == {"error": "no"}


def test_async_streams(api: ModuleType) -> None:
    async def scenario() -> list[Any]:
        async def answer(request: httpx.Request) -> httpx.Response:
            return sse(EVENTS)

        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with api.AsyncClient(api_key=KEY, http_client=http) as c:
            stream = await c.stream.create(prompt="hi")
            items = [item async for item in stream]
            raw = await c.with_raw_response.stream.create(prompt="hi")
            assert raw.status_code == 200
            assert [i.index async for i in raw.parse()] == [0, 1]
            return items

    items = asyncio.run(scenario())
    assert [i.text for i in items] == ["Hel", "lo"]


# ---------------------------------------------------------------------------- bodies and answers


def test_text_bodies_and_answers(api: ModuleType) -> None:
    wire = Wire(httpx.Response(201, text="stored: hello", headers={"content-type": "text/plain"}))
    assert client(api, wire).notes.create(body="hello") == "stored: hello"
    assert wire.last.content == b"hello"
    assert wire.last.headers["content-type"] == "text/plain"
    assert wire.last.headers["accept"] == "text/plain"


def test_binary_bodies_and_answers(api: ModuleType) -> None:
    wire = Wire(
        httpx.Response(
            200, content=b"\x00\xffback", headers={"content-type": "application/octet-stream"}
        )
    )
    c = client(api, wire)
    assert c.blobs.update(name="a.bin", body=b"\x00\x01") == b"\x00\xffback"
    assert wire.last.content == b"\x00\x01"
    assert wire.last.headers["content-type"] == "application/octet-stream"
    c.blobs.update(name="b.bin", body=io.BytesIO(b"from a file"))
    assert wire.last.content == b"from a file"


def test_form_bodies_and_2xx_answers(api: ModuleType) -> None:
    wire = Wire(httpx.Response(202, json={"ok": True}))
    ack = client(api, wire).forms.create(name="Ada L", count=2, flags=["a", "b"])
    assert isinstance(ack, api.models.Ack)
    assert wire.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert wire.last.content == b"name=Ada%20L&count=2&flags=a&flags=b"
    with pytest.raises(api.APIRequestValidationError):
        client(api, wire).forms.create(name="x", count="two")


def test_multipart_bodies_with_files_and_default_answers(api: ModuleType) -> None:
    wire = Wire(httpx.Response(200, json={"ok": True}), httpx.Response(400, json={"ok": False}))
    c = client(api, wire)
    ack = c.uploads.create(
        file=("notes.txt", b"file body", "text/plain"), purpose="search", labels=["x", "y"]
    )
    assert ack.ok is True
    sent = wire.last
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    content = sent.content.decode()
    assert 'name="file"; filename="notes.txt"' in content
    assert "Content-Type: text/plain" in content
    assert "file body" in content
    assert 'name="purpose"\r\n\r\nsearch' in content
    assert content.count('name="labels"') == 2
    with pytest.raises(api.BadRequestError) as caught:
        c.uploads.create(file=b"raw bytes")
    assert isinstance(caught.value.parsed, api.models.Ack)  # `default` documents errors too


def test_no_content_and_undocumented_answers(api: ModuleType) -> None:
    wire = Wire(httpx.Response(204))
    assert client(api, wire).items.delete(item_id="i1") is None
    assert wire.last.method == "DELETE"
    odd = Wire(httpx.Response(201, json={"note": "created instead"}))
    assert client(api, odd).public.list() == {"note": "created instead"}
    with pytest.raises(api.APIResponseValidationError, match="not documented"):
        client(api, odd, strict=True).public.list()


def test_a_documented_error_model_and_retries_of_a_get(api: ModuleType) -> None:
    wire = Wire(httpx.Response(503), httpx.Response(404, json={"detail": "no such item"}))
    c = client(api, wire)
    c._sleep = lambda seconds: None
    with pytest.raises(api.NotFoundError) as caught:
        c.items.retrieve(item_id="missing")
    assert caught.value.parsed.detail == "no such item"
    assert len(wire.requests) == 2  # a GET is retried without any key


def _archive_elsewhere(request: httpx.Request) -> httpx.Response:
    if request.url.host == "api.example.test":
        return httpx.Response(302, headers={"Location": "https://files.example.test/a.tar"})
    return httpx.Response(
        200, content=b"\x1f\x8b archive", headers={"content-type": "application/gzip"}
    )


def test_a_documented_redirect_is_followed_to_its_answer_even_in_strict_mode(
    api: ModuleType,
) -> None:
    for strict in (False, True):
        wire = Wire(_archive_elsewhere)
        assert client(api, wire, strict=strict).archives.retrieve(name="a") == b"\x1f\x8b archive"
        first, second = wire.requests
        assert second.url == "https://files.example.test/a.tar"
        assert "x-api-key" in first.headers and "x-api-key" not in second.headers
    raw = client(api, Wire(_archive_elsewhere)).archives.with_raw_response.retrieve(name="a")
    assert [r.status_code for r in raw.http_response.history] == [302]


def test_an_undocumented_redirect_leads_to_an_answer_strict_mode_refuses(api: ModuleType) -> None:
    def moved(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/public"):
            return httpx.Response(301, headers={"Location": "/v1/moved"})
        return httpx.Response(201, json={"note": "moved"})

    assert client(api, Wire(moved)).public.list() == {"note": "moved"}
    with pytest.raises(api.APIResponseValidationError, match="201 is not documented"):
        client(api, Wire(moved), strict=True).public.list()


def test_async_clients_keep_the_redirect_chain_too(api: ModuleType) -> None:
    async def run() -> Any:
        wire = Wire(_archive_elsewhere)
        http = httpx.AsyncClient(transport=httpx.MockTransport(wire), follow_redirects=True)
        async with api.AsyncClient(api_key=KEY, http_client=http, strict=True) as c:
            return await c.archives.with_raw_response.retrieve(name="a")

    raw = asyncio.run(run())
    assert [r.status_code for r in raw.http_response.history] == [302]
    assert raw.parse() == b"\x1f\x8b archive"
