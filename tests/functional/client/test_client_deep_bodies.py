"""A response nested deeper than Python reads is an ``APIResponseValidationError``, never a
``RecursionError`` escaping the client (``specs/deep_tree.yaml``: the schema sets no bound)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support import SPECS, generate_into, import_fresh

PACKAGE = "deep_tree_api"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("deep")
    generate_into(SPECS / "deep_tree.yaml", out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def _chain(depth: int) -> bytes:
    return b'{"child": ' * depth + b'{"name": "leaf"}' + b"}" * depth


def _client(api: ModuleType, status: int, body: bytes, **options: Any) -> Any:
    answer = httpx.Response(status, content=body, headers={"content-type": "application/json"})
    http = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
    return api.Client(base_url="https://api.example.test", http_client=http, **options)


@pytest.mark.usefixtures("python_default_recursion_limit")
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "forgiving"])
@pytest.mark.parametrize("depth", [600, 100_000])
def test_a_response_too_deep_to_read_is_a_validation_error(
    api: ModuleType, strict: bool, depth: int
) -> None:
    with pytest.raises(api.APIResponseValidationError, match="nested too deeply"):
        _client(api, 200, _chain(depth), strict=strict).tree.list()


@pytest.mark.usefixtures("python_default_recursion_limit")
def test_an_error_body_too_deep_to_read_stays_text(api: ModuleType) -> None:
    body = _chain(100_000)
    with pytest.raises(api.APIStatusError) as caught:
        _client(api, 500, body, max_retries=0).tree.list()
    assert caught.value.body == body.decode()


@pytest.mark.usefixtures("python_default_recursion_limit")
def test_a_deep_response_within_reach_is_the_model(api: ModuleType) -> None:
    node = _client(api, 200, _chain(50), strict=True).tree.list()
    depth = 0
    while node.child is not None:
        node, depth = node.child, depth + 1
    assert depth == 50 and node.name == "leaf"
