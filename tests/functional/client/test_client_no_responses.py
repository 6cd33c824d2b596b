"""An operation that documents no response (OpenAPI 3.1 makes ``responses`` optional) has no
status to depart from: even a strict client returns its answer as it came, and raises only
for an error status, as for any operation. One that documents a response still refuses, in
strict mode, a status it does not document."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "strategies_no_responses_31.yaml"
PACKAGE = "no_responses_api"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("no-responses")
    generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def _client(api: ModuleType, answer: httpx.Response) -> Any:
    transport = httpx.MockTransport(lambda request: answer)
    return api.Client(
        base_url="https://api.example.test",
        http_client=httpx.Client(transport=transport),
        strict=True,
    )


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        (httpx.Response(204), None),
        (httpx.Response(200, json={"pong": True}), {"pong": True}),
        (httpx.Response(201, text="created", headers={"content-type": "text/plain"}), "created"),
        (httpx.Response(202, content=b"\x00\xff"), b"\x00\xff"),
    ],
    ids=["204", "json", "text", "bytes"],
)
def test_an_operation_documenting_no_response_returns_what_came(
    api: ModuleType, answer: httpx.Response, value: Any
) -> None:
    assert _client(api, answer).ping.list() == value
    assert _client(api, answer).notes.delete(id=3) == value


def test_an_error_status_still_raises(api: ModuleType) -> None:
    with pytest.raises(api.APIStatusError) as raised:
        _client(api, httpx.Response(500, json={"detail": "down"})).ping.list()
    assert raised.value.status_code == 500


def test_an_operation_documenting_a_response_still_refuses_another_status(
    api: ModuleType,
) -> None:
    with pytest.raises(api.APIResponseValidationError, match="201 is not documented"):
        _client(api, httpx.Response(201, json={"text": "x"})).notes.retrieve(id=3)
