"""The client sends what the spec says (``specs/wire_styles.yaml``): literal commas between
the items of a delimited query value, one Cookie header, multipart parts with their
Content-Type, a nullable upload as a file, urlencoded fields by their Encoding Object."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.support import SPECS, generate_into, import_fresh

PACKAGE = "wire_styles_api"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("wire")
    generate_into(SPECS / "wire_styles.yaml", out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def _sent(api: ModuleType) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = api.Client(base_url="https://api.test", api_key="k3y", http_client=http)
    return client, seen


def test_delimited_query_values_keep_literal_commas(api: ModuleType) -> None:
    client, seen = _sent(api)
    client.search.list(ids=["a", "b,c"], color={"R": 100, "G": 200})
    assert sorted(seen[-1].url.query.split(b"&")) == [b"color=R,100,G,200", b"ids=a,b%2Cc"]


def test_a_null_item_is_refused_before_sending(api: ModuleType) -> None:
    client, seen = _sent(api)
    with pytest.raises(api.APIRequestValidationError, match="cannot be sent"):
        client.search.list(ids=["a"], v=[None])
    assert not seen


def test_cookies_and_the_cookie_credential_share_one_header(api: ModuleType) -> None:
    client, seen = _sent(api)
    client.search.list(ids=["a"], prefs=["x", "y"], theme="dark")
    cookies = seen[-1].headers.get_list("cookie")
    assert len(cookies) == 1
    assert sorted(cookies[0].split("; ")) == ["prefs=x", "prefs=y", "sid=k3y", "theme=dark"]


def _parts(request: httpx.Request) -> dict[str, tuple[str, bool, bytes]]:
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + request.content, policy=email.policy.HTTP)
    assert message.is_multipart()
    return {
        str(p.get_param("name", header="content-disposition")): (
            p.get_content_type(),
            p.get_filename() is not None,
            p.get_payload(decode=True),
        )
        for p in message.iter_parts()
    }


def test_multipart_parts_carry_their_content_type_and_a_nullable_upload_is_a_file(
    api: ModuleType,
) -> None:
    client, seen = _sent(api)
    client.parts.create(title="t", meta={"name": "n"}, upload=b"up", photo=b"png")
    parts = _parts(seen[-1])
    assert parts == {
        "title": ("text/plain", False, b"t"),
        "meta": ("application/json", False, b'{"name":"n"}'),
        "upload": ("application/octet-stream", True, b"up"),
        "photo": ("image/png", True, b"png"),
    }


def test_a_multipart_body_without_a_file_or_a_field_is_multipart(api: ModuleType) -> None:
    client, seen = _sent(api)
    client.parts.create(title="t")
    assert _parts(seen[-1]) == {"title": ("text/plain", False, b"t")}
    client.parts.create()
    assert seen[-1].headers["content-type"].startswith("multipart/form-data; boundary=")
    assert seen[-1].content.endswith(b"--\r\n")


def test_urlencoded_fields_follow_their_encoding(api: ModuleType) -> None:
    client, seen = _sent(api)
    client.form.create(nums=[1, 2], coords={"cx": 0}, tags=["a", "b"], pt={"px": 5})
    assert b"tags=a,b" in seen[-1].content
    assert parse_qsl(seen[-1].content.decode()) == [
        ("nums", "1"),
        ("nums", "2"),
        ("coords[cx]", "0"),
        ("tags", "a,b"),
        ("pt", '{"px":5}'),
    ]
