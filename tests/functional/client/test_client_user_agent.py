"""The client's User-Agent names the package and the spec's version as RFC 9110 reads a
product: ``name/version``, the version a token. The spec's version is any text, and a space,
a line break or a letter outside ASCII would break the header (httpx cannot send it: every
request would fail)."""

from __future__ import annotations

import re
from types import ModuleType, SimpleNamespace

import pytest

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


@pytest.mark.parametrize(
    ("version", "product"),
    [
        ("0.1.0", "p/0.1.0"),
        ("2024-01-01", "p/2024-01-01"),
        ("2.0 \u2013 preview (build\u00a07)", "p/2.0-preview-build-7"),
        ("1\u2028two", "p/1-two"),
        ("v1\r\nX-Injected: yes", "p/v1-X-Injected-yes"),
        ("ünï", "p/n"),
        ("ü", "p"),
        ("", "p"),
    ],
)
def test_the_product_version_is_a_token(seed: ModuleType, version: str, product: str) -> None:
    agent = seed._base_client._user_agent(SimpleNamespace(package="p", version=version))
    first = agent.split(" ")[0]
    assert first == product
    assert all(_TOKEN.fullmatch(part) for part in first.split("/"))
