"""The generated live tests against a server whose valid answer is nested deeper than Python
reads (``specs/deep_tree.yaml`` sets no bound): not judged, never an error of the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.mock.server import serving
from tests.functional.suite.test_live_runs import _counts, _run, _tail
from tests.support import SPECS, generate_into


def _tree_service(depth: int, body: bytes | None = None) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    if body is None:
        body = b'{"child": ' * depth + b'{"name": "leaf"}' + b"}" * depth

    async def tree(request: object) -> Response:
        return Response(body, media_type="application/json")

    async def plant(request: object) -> Response:
        return Response(status_code=201)

    return Starlette(
        routes=[Route("/tree", tree, methods=["GET"]), Route("/tree", plant, methods=["POST"])]
    )


@pytest.mark.parametrize("depth", [100_000, 10])
def test_a_valid_answer_too_deep_to_read_is_not_judged(tmp_path: Path, depth: int) -> None:
    generate_into(SPECS / "deep_tree.yaml", tmp_path, "deep_tree_api")
    with serving(_tree_service(depth)) as url:
        done = _run(tmp_path, "deep_tree_api_tests", "-k", "live", APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    counts = _counts(done)
    assert "failed" not in counts and "error" not in counts and "errors" not in counts, _tail(done)
    deep = "nested deeper than Python reads or checks: not judged" in done.stdout
    assert deep == (depth > 1_000), _tail(done)


def test_a_valid_answer_with_an_integer_too_long_to_read_is_not_judged(tmp_path: Path) -> None:
    generate_into(SPECS / "deep_tree.yaml", tmp_path, "deep_tree_api")
    body = b'{"name": "x", "size": ' + b"9" * 5_000 + b"}"
    with serving(_tree_service(0, body)) as url:
        done = _run(tmp_path, "deep_tree_api_tests", "-k", "live", APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    assert "with an integer of more digits than Python reads: not judged" in done.stdout
