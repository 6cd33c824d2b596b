"""Where an operation with a server of its own is: one rule, the same in the generated client."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from generator.openapi.servers import moved, on_another_host
from generator.render.environment import builtin_templates

CASES = [
    # base URL, the API's first server, the operation's own, where the operation is
    ("http://h:8/v1", "https://api.x.com/v1", "https://api.x.com/files", "http://h:8/files"),
    ("http://h:8", "https://api.x.com/v1", "https://api.x.com/files", "http://h:8/files"),
    ("http://h:8/v1/", "https://api.x.com/v1/", "/files/", "http://h:8/files"),
    ("http://h:8/api/", "https://x.com/api/", "files", "http://h:8/api/files"),
    ("http://h:8/v1", "https://api.github.com", "https://uploads.github.com", None),
    ("http://h:8/v1", "https://api.x.com", "http://api.x.com", None),  # another scheme
    ("http://h:8", "/api", "/files", "http://h:8/files"),
    ("http://h:8", None, "/files", "http://h:8/files"),
    ("http://h:8", None, "https://files.x.com", None),
    ("http://h:8/a", "https://api.x.com", "https://api.x.com", "http://h:8/a"),
]


def _runtime() -> ModuleType:
    path = builtin_templates() / "static" / "_servers.py"
    spec = importlib.util.spec_from_file_location("_servers_runtime", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("base", "root", "own", "where"), CASES)
def test_an_operation_is_where_its_own_server_is_beside_the_apis(
    base: str, root: str | None, own: str, where: str | None
) -> None:
    assert moved(base, root, own) == where
    assert on_another_host(root, own) is (where is None)


@pytest.mark.parametrize(("base", "root", "own", "where"), CASES)
def test_the_generated_client_reads_servers_by_the_same_rule(
    base: str, root: str | None, own: str, where: str | None
) -> None:
    assert _runtime().moved(base, root, own) == moved(base, root, own)
