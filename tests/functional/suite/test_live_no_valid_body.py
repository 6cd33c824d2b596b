"""A documented answer no body can be valid under is not held against a server.

The spec (tests/specs/no_valid_error_body_30.yaml) documents its 401 as a ``oneOf`` of two
errors that differ only by a ``default``: whatever body one accepts, the other accepts too, so
no body is valid. A server refusing a wrong key with 401 cannot answer as documented, and
neither can apiforge's mock, which says so (its ``apiforge-unanswerable`` header). The
generated live tests and ``conformance`` tell that as the spec's fault, not the server's; a
server breaking the operation's documented success still fails them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock import UNANSWERABLE_HEADER, running
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.functional.suite.test_live_runs import LIVE, _counts, _run, _tail
from tests.support import ROOT, SPECS, generate_into

SPEC = SPECS / "no_valid_error_body_30.yaml"
KEY = "the-key"
SAID = "no body is valid under the schema the spec documents"


def _keys(items: list[object]) -> Starlette:
    """A server of the spec: ``items`` for the key, a 401 of the spec's intent for any other."""

    async def keys(request: Request) -> Response:
        if request.headers.get("x-key") != KEY:
            return JSONResponse({"error": "KEY_UNKNOWN", "message": "no such key"}, 401)
        return JSONResponse(items)

    return Starlette(routes=[Route("/keys", keys, methods=["GET"])])


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("keys")
    generate_into(SPEC, out, "keys_api")
    return out


def test_the_table_marks_the_answer_no_body_is_valid_under(suite: Path) -> None:
    table = (suite / "keys_api_tests" / "operations.py").read_text(encoding="utf-8")
    assert table.count("no_valid_body=True") == 1


def test_the_runtime_knows_the_mocks_mark() -> None:
    runtime = ROOT / "templates" / "tests" / "static" / "_live.py"
    assert f'UNANSWERABLE = "{UNANSWERABLE_HEADER}"' in runtime.read_text(encoding="utf-8")


def test_the_mocks_401_it_could_not_make_valid_is_not_judged(suite: Path) -> None:
    with running(build(SPEC), token=KEY) as url:
        done = _run(
            suite, "keys_api_tests", *LIVE, "-rs", APIFORGE_BASE_URL=url, APIFORGE_TOKEN="x"
        )
    assert done.returncode == 0, _tail(done)
    assert "failed" not in _counts(done), _tail(done)
    assert "the mock found no answer the spec allows" in done.stdout, _tail(done)


def test_a_servers_401_no_body_could_make_valid_is_not_judged(suite: Path) -> None:
    with serving(_keys(["a"])) as url:
        done = _run(
            suite, "keys_api_tests", *LIVE, "-rs", APIFORGE_BASE_URL=url, APIFORGE_TOKEN="x"
        )
        right = _run(suite, "keys_api_tests", *LIVE, APIFORGE_BASE_URL=url, APIFORGE_TOKEN=KEY)
    assert done.returncode == 0, _tail(done)
    assert "failed" not in _counts(done), _tail(done)
    assert SAID in done.stdout, _tail(done)
    assert right.returncode == 0 and "failed" not in _counts(right), _tail(right)


def test_a_server_breaking_the_success_still_fails(suite: Path) -> None:
    with serving(_keys([1])) as url:
        done = _run(suite, "keys_api_tests", *LIVE, APIFORGE_BASE_URL=url, APIFORGE_TOKEN=KEY)
    assert done.returncode == 1 and "GET /keys answered 200" in done.stdout, _tail(done)


def test_conformance_warns_of_the_401_and_fails_nothing() -> None:
    with serving(_keys(["a"])) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=KEY, max_examples=5, seed=0, allow_status=set()
        )
    assert report.failures == {}, report.to_text()
    stat = report.stats["listKeys", "response_schema"]
    assert stat.warned and SAID in stat.warning, report.to_text()
