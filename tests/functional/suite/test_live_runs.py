"""The generated suite as a conformance run: its live tests against a server at APIFORGE_BASE_URL.

The seed's suite runs against the mock (started here on a free port), which answers every
valid request as documented: the live tests pass. A small server with a planted bug
(tests/servers/shelf.py) fails them, and the same server without it passes, its 404 for an
id that does not exist skipped, not failed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.mock import running
from generator.mock.server import serving
from tests.servers import meters, shelf
from tests.support import ROOT, SEED, generate_into, import_fresh

LIVE = "-k", "live"


def _run(out: Path, folder: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The suite in ``out/folder`` in a child pytest (derandomized, few examples, a failure
    shrunk for a second at most), ``env`` over."""
    drop = ("APIFORGE_", "HYPOTHESIS", "PERPLEXITY_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider", *args, folder],
        cwd=out,
        env={
            **base,
            "CI": "true",
            "APIFORGE_MAX_EXAMPLES": "5",
            "APIFORGE_LIVE_EXAMPLES": "5",
            "APIFORGE_SHRINK_SECONDS": "1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _tail(done: subprocess.CompletedProcess[str]) -> str:
    return "\n".join((done.stdout + done.stderr).splitlines()[-30:])


def _counts(done: subprocess.CompletedProcess[str]) -> dict[str, int]:
    last = done.stdout.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped)", last)}


@pytest.fixture(scope="module")
def seed_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-live")
    generate_into(SEED, out, "seed_api", api_key_env="PERPLEXITY_API_KEY")
    return out


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    api = build(spec_config(config, SEED), config.root)[1]
    with running(api, seed=3, token="live-token") as url:
        yield url


# ---------------------------------------------------------------------------- the mock


def test_the_seed_suite_passes_against_the_mock(seed_suite: Path, mock_url: str) -> None:
    done = _run(
        seed_suite, "seed_api_tests", APIFORGE_BASE_URL=mock_url, APIFORGE_TOKEN="live-token"
    )
    assert done.returncode == 0, _tail(done)
    assert "live test" not in done.stdout  # none skipped: every live test ran
    live = _run(
        seed_suite, "seed_api_tests", *LIVE, APIFORGE_BASE_URL=mock_url, APIFORGE_TOKEN="live-token"
    )
    assert _counts(live) == {"passed": 2}, _tail(live)


def test_the_clients_own_credential_variable_serves_too(seed_suite: Path, mock_url: str) -> None:
    done = _run(
        seed_suite,
        "seed_api_tests",
        *LIVE,
        APIFORGE_BASE_URL=mock_url,
        PERPLEXITY_API_KEY="live-token",
    )
    assert _counts(done) == {"passed": 2}, _tail(done)


def test_a_wrong_credential_is_not_judged_as_the_servers_fault(
    seed_suite: Path, mock_url: str
) -> None:
    # the mock refuses it with an undocumented 401: the server's business, not a finding
    done = _run(seed_suite, "seed_api_tests", *LIVE, APIFORGE_BASE_URL=mock_url, APIFORGE_TOKEN="x")
    assert done.returncode == 0, _tail(done)
    assert "answered 401, which the spec does not document: not judged" in done.stdout


def test_without_a_credential_the_live_tests_are_skipped(seed_suite: Path, mock_url: str) -> None:
    done = _run(seed_suite, "seed_api_tests", *LIVE, APIFORGE_BASE_URL=mock_url)
    assert done.returncode == 0, _tail(done)
    assert _counts(done) == {"skipped": 2}, _tail(done)
    assert "needs a credential" in done.stdout and "APIFORGE_TOKEN" in done.stdout


def test_without_a_base_url_the_live_tests_are_skipped_with_the_reason(seed_suite: Path) -> None:
    done = _run(seed_suite, "seed_api_tests", *LIVE)
    assert done.returncode == 0, _tail(done)
    assert _counts(done) == {"skipped": 2}, _tail(done)
    assert "a live test: set APIFORGE_BASE_URL to the server to run it against" in done.stdout


def test_an_unreachable_server_fails_the_live_tests(seed_suite: Path) -> None:
    from generator.mock.server import bind

    with bind("127.0.0.1", 0) as sock:  # a port nobody listens on
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    done = _run(seed_suite, "seed_api_tests", *LIVE, APIFORGE_BASE_URL=url, APIFORGE_TOKEN="t")
    assert done.returncode == 1 and "2 failed" in done.stdout, _tail(done)
    assert "no answer from" in done.stdout


# a plugin for the child pytest: counts the clients made and the certificate bundles loaded
_COUNTING = """
import json, os, ssl

import httpx

counts = {"clients": 0, "bundles": 0}
made, load = httpx.Client.__init__, ssl.SSLContext.load_verify_locations


def _made(self, *args, **kwargs):
    counts["clients"] += 1
    made(self, *args, **kwargs)


def _load(self, *args, **kwargs):
    counts["bundles"] += 1
    return load(self, *args, **kwargs)


httpx.Client.__init__, ssl.SSLContext.load_verify_locations = _made, _load


def pytest_sessionfinish(session):
    with open(os.environ["COUNTS_FILE"], "w", encoding="utf-8") as out:
        json.dump(counts, out)
"""


def test_live_requests_share_one_tls_setup(seed_suite: Path, mock_url: str, tmp_path: Path) -> None:
    """Each live request has a client of its own (its hooks see that request alone); loading
    the certificate authorities is done once per run, not once per request."""
    (tmp_path / "counting.py").write_text(_COUNTING, encoding="utf-8")
    counts = tmp_path / "counts.json"
    done = _run(
        seed_suite,
        "seed_api_tests",
        *LIVE,
        "-p",
        "counting",
        APIFORGE_BASE_URL=mock_url,
        APIFORGE_TOKEN="live-token",
        PYTHONPATH=str(tmp_path),
        COUNTS_FILE=str(counts),
    )
    assert _counts(done) == {"passed": 2}, _tail(done)
    seen = json.loads(counts.read_text(encoding="utf-8"))
    assert seen["clients"] >= 5, seen  # a request each: the count means something
    assert seen["bundles"] == 1, seen


def test_the_kitchen_sinks_live_tests_pass_against_its_mock() -> None:
    # every kind of operation, none a false alarm: redirects (judged as the server's own
    # answer, not where it leads), binary and text bodies, forms, five kinds of credential
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    api = build(spec_config(config, ROOT / "spec" / "kitchen-sink.yaml"), config.root)[1]
    with running(api, seed=3, token=None) as url:  # any credential is accepted
        done = _run(
            ROOT / "generated",
            "kitchen_sink_api_tests",
            *LIVE,
            APIFORGE_BASE_URL=url,
            APIFORGE_TOKEN="user:password",
        )
    assert done.returncode == 0, _tail(done)
    counts = _counts(done)
    assert counts.get("skipped", 0) == 0 and counts["passed"] > 30, _tail(done)


# ---------------------------------------------------------------------------- a planted bug


def _suite_of(factory: pytest.TempPathFactory, package: str, app: Any) -> Path:
    """The suite generated from the FastAPI application's own spec."""
    out = factory.mktemp(f"{package}-live")
    spec = out / f"{package}.openapi.json"
    spec.write_text(json.dumps(app.openapi()), encoding="utf-8")
    generate_into(spec, out, package)
    return out


@pytest.fixture(scope="module")
def shelf_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _suite_of(tmp_path_factory, "shelf", shelf.make())


def test_the_correct_shelf_passes_and_its_404_is_not_a_failure(shelf_suite: Path) -> None:
    with serving(shelf.make()) as url:
        done = _run(shelf_suite, "shelf_tests", *LIVE, APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    assert "GET /books/{book_id} answered 404, which the spec does not document" in done.stdout
    assert _counts(done)["passed"] >= 2, _tail(done)


def test_a_planted_bug_fails_the_live_tests(shelf_suite: Path) -> None:
    with serving(shelf.make("untitled")) as url:
        done = _run(shelf_suite, "shelf_tests", *LIVE, APIFORGE_BASE_URL=url)
    assert done.returncode == 1, _tail(done)
    assert "FAILED shelf_tests/test_books_list.py::test_list_live" in done.stdout, _tail(done)
    assert "GET /books answered 200 with a body the spec refuses" in done.stdout, _tail(done)
    # the offline tests of the same suite know nothing of the server: they pass
    offline = _run(shelf_suite, "shelf_tests", "-k", "not live")
    assert offline.returncode == 0, _tail(offline)


# ---------------------------------------------------------------------------- no content


@pytest.fixture(scope="module")
def meters_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _suite_of(tmp_path_factory, "meters", meters.make())


def test_answers_without_content_or_in_another_media_type_are_read_as_they_come(
    meters_suite: Path,
) -> None:
    # HEAD answers with GET's headers (JSON, its length) and no content, where the spec
    # documents GET's body: the client returns nothing and the generated tests pass
    with serving(meters.make()) as url:
        api = import_fresh(meters_suite, "meters")
        with api.Client(base_url=url) as client:
            assert client.meters.head(meter_id=1) is None
            # documented as JSON and as an image, it came as the image: its bytes, not an error
            assert client.meters.photo.list(meter_id=1) == meters.PNG
        done = _run(
            meters_suite,
            "meters_tests",
            "-W",
            "error::hypothesis.errors.HypothesisWarning",
            APIFORGE_BASE_URL=url,
        )
    assert done.returncode == 0, _tail(done)
    assert _counts(done)["passed"] > 20, _tail(done)


def test_a_required_header_left_out_fails_the_live_tests(meters_suite: Path) -> None:
    with serving(meters.make("etag-missing")) as url:  # a read of each meter lacks it
        done = _run(
            meters_suite, "meters_tests/test_meters_retrieve.py", *LIVE, APIFORGE_BASE_URL=url
        )
    assert done.returncode == 1, _tail(done)
    said = "GET /meters/{meter_id} answered 200 without the header ETag, which the spec requires"
    assert said in done.stdout, _tail(done)


def test_a_query_item_that_may_be_null_is_drawn_only_as_text(tmp_path: Path) -> None:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    spec = ROOT / "tests" / "specs" / "null_query_items.yaml"
    generate_into(spec, tmp_path, "null_items")
    config = load_config(ROOT)
    api = build(spec_config(config, spec), config.root)[1]
    with running(api, seed=0) as url:
        done = _run(tmp_path, "null_items_tests", APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    assert "failed" not in _counts(done), _tail(done)


TWINS = {
    "openapi": "3.0.3",
    "info": {"title": "Twins", "version": "1"},
    "paths": {
        "/pairs": {
            "get": {
                "operationId": "getPair",
                "responses": {
                    "200": {
                        "description": "a value of two members written alike: none is valid",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/Pair"},
                                        {"$ref": "#/components/schemas/Pair"},
                                    ]
                                }
                            }
                        },
                    }
                },
            }
        },
        "/pair": {
            "get": {
                "operationId": "getOne",
                "responses": {
                    "200": {
                        "description": "one pair",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pair"}}
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Pair": {
                "type": "object",
                "properties": {"left": {"type": "integer"}},
                "required": ["left"],
            }
        }
    },
}


def test_an_operation_no_server_can_answer_as_documented_is_not_sent_live(
    tmp_path: Path,
) -> None:
    """A `oneOf` of two members written alike admits no value: no answer can be valid, so the
    live test of that operation is skipped with the reason (as conformance leaves it out), not
    failed; the other operation is still judged, and a server breaking it still fails."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    path = tmp_path / "twins.json"
    path.write_text(json.dumps(TWINS), encoding="utf-8")
    generate_into(path, tmp_path, "twins_api")
    table = (tmp_path / "twins_api_tests" / "operations.py").read_text(encoding="utf-8")
    assert table.count("answerless=True") == 1

    def server(left: Any) -> Starlette:
        async def pair(request: object) -> Response:
            return JSONResponse({"left": left})

        async def pairs(request: object) -> Response:
            return Response(status_code=500)  # whatever it answers, it cannot be documented

        return Starlette(
            routes=[Route("/pair", pair, methods=["GET"]), Route("/pairs", pairs, methods=["GET"])]
        )

    with serving(server(1)) as url:
        done = _run(tmp_path, "twins_api_tests", *LIVE, "-rs", APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    assert "failed" not in _counts(done), _tail(done)
    assert "GET /pairs: no value is valid under the schema of the answer" in done.stdout
    with serving(server("one")) as url:
        broken = _run(tmp_path, "twins_api_tests", *LIVE, APIFORGE_BASE_URL=url)
    assert broken.returncode == 1 and "GET /pair answered 200" in broken.stdout, _tail(broken)


# ---------------------------------------------------------------------------- a server's state


def test_a_failure_the_servers_state_keeps_from_coming_again_is_reported_as_it_came(
    tmp_path: Path,
) -> None:
    """The first DELETE of a thing is answered 204 (undocumented), the same request after 404:
    Hypothesis cannot replay the failure. It is the server's first answer that is reported,
    with why it did not come again, not "unreliable results"."""
    from tests.servers import forgetful
    from tests.support import SPECS

    generate_into(SPECS / "forgetful_30.yaml", tmp_path, "forgetful")
    with serving(forgetful.app()) as url:
        done = _run(tmp_path, "forgetful_tests", *LIVE, APIFORGE_BASE_URL=url)
    text = done.stdout + done.stderr
    assert done.returncode == 1, _tail(done)
    assert "answered 204, which the spec does not document" in text, _tail(done)
    assert "the failure could not be replayed" in text, _tail(done)
    assert "FlakyFailure" not in text and "unreliable results" not in text, _tail(done)


# ---------------------------------------------------------------------------- a shared route


def test_an_operation_a_server_answers_as_another_is_not_sent_live(tmp_path: Path) -> None:
    """``GET /items#archived`` is sent as ``GET /items``, which a server (the mock among them)
    answers as ``listItems``: its live tests are skipped, saying so, not failed."""
    from generator.config import SpecConfig
    from generator.pipeline import build
    from tests.support import SPECS

    spec = SPECS / "shared_answers_30.yaml"
    generate_into(spec, tmp_path, "shared")
    api = build(SpecConfig(spec=spec, output=tmp_path), ROOT)[1]
    with running(api, seed=3, token=None) as url:
        done = _run(tmp_path, "shared_tests", *LIVE, APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    assert "a server answers its requests as GET /items" in done.stdout, _tail(done)
    assert _counts(done)["passed"] >= 2, _tail(done)
