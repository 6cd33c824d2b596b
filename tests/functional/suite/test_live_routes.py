"""The live tests of operations whose paths a router may give to another: a value that spells
a path a template as specific or more matches (``new`` for ``/items/{item_id}`` beside
``/items/new``) is not sent, so a correct server passes; a bug of the same operation's own
answers still fails it (tests/servers/drawers.py). Conformance sends no such value either,
whatever the other template's parameters' schemas say: a router matches the text first."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.conformance import run_conformance
from generator.mock.server import serving
from generator.pipeline import build
from tests.functional.suite.test_live_runs import LIVE, _counts, _run, _suite_of, _tail
from tests.servers import drawers
from tests.support import ROOT


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _suite_of(tmp_path_factory, "drawers", drawers.make())


def test_a_correct_server_passes_though_values_spell_other_paths(suite: Path) -> None:
    with serving(drawers.make()) as url:
        done = _run(
            suite, "drawers_tests", *LIVE, APIFORGE_BASE_URL=url, APIFORGE_LIVE_EXAMPLES="20"
        )
    assert done.returncode == 0, _tail(done)
    assert _counts(done)["passed"] >= 4, _tail(done)


def test_the_operations_own_bug_still_fails(suite: Path) -> None:
    with serving(drawers.make("numbered")) as url:
        done = _run(
            suite, "drawers_tests", *LIVE, APIFORGE_BASE_URL=url, APIFORGE_LIVE_EXAMPLES="20"
        )
    assert done.returncode == 1, _tail(done)
    assert "GET /items/{item_id} answered 200 with a body the spec refuses" in done.stdout, _tail(
        done
    )


# ---------------------------------------------------------------------------- conformance


@pytest.fixture(scope="module")
def api(suite: Path) -> ir.Api:
    spec = suite / "drawers.openapi.json"
    return build(SpecConfig(spec=spec, output=suite), ROOT)[1]


def test_conformance_passes_a_correct_server_that_routes_by_text(api: ir.Api) -> None:
    # `/files/notes.txt` for the plain file is routed to the typed one, which refuses `txt`
    with serving(drawers.make()) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=20, seed=0)
    assert report.failed() == [], report.failed()
    assert {"read_plain_files__name__get", "read_item_items__item_id__get"} <= {
        operation for operation, _ in report.stats
    }


def test_conformance_still_finds_the_operations_own_bug(api: ir.Api) -> None:
    with serving(drawers.make("numbered")) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=20, seed=0)
    assert {f.operation for f in report.failed()} == {"read_item_items__item_id__get"}
