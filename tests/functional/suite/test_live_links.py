"""The generated ``test_links.py``: links followed live, against the mock that remembers and
against a task service whose create loses what it made."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import SpecConfig
from generator.mock import running
from generator.mock.server import serving
from generator.pipeline import build
from tests.functional.suite.test_live_runs import _counts, _run, _tail
from tests.servers import tasks
from tests.support import ROOT, generate_into

TOKEN = "links-token"


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("links")
    spec = out / "tasks.openapi.json"
    spec.write_text(json.dumps(tasks.make(None).openapi()), encoding="utf-8")
    generate_into(spec, out, "tasks_api")
    yield out, spec


def test_the_suite_has_a_test_per_link(suite: tuple[Path, Path]) -> None:
    out, _ = suite
    text = (out / "tasks_api_tests" / "test_links.py").read_text(encoding="utf-8")
    assert '"create_tasks_post->read_tasks__task_id__get"' in text
    assert (out / "tasks_api_tests" / "_links.py").is_file()


def test_links_pass_against_the_mock_that_remembers(suite: tuple[Path, Path]) -> None:
    out, spec = suite
    api = build(SpecConfig(spec=spec, output=out), ROOT)[1]
    with running(api, seed=1, token=TOKEN) as url:
        done = _run(
            out, "tasks_api_tests", "-k", "links", APIFORGE_BASE_URL=url, APIFORGE_TOKEN=TOKEN
        )
    assert done.returncode == 0, _tail(done)
    assert _counts(done).get("passed", 0) >= 3, _tail(done)


def test_a_create_that_loses_what_it_made_fails(suite: tuple[Path, Path]) -> None:
    out, _ = suite
    with serving(tasks.make("lost-create")) as url:
        done = _run(out, "tasks_api_tests", "-k", "links", APIFORGE_BASE_URL=url)
    assert done.returncode == 1, _tail(done)
    assert "as if nothing had been created" in done.stdout, _tail(done)
    with serving(tasks.make(None)) as url:
        fixed = _run(out, "tasks_api_tests", "-k", "links", APIFORGE_BASE_URL=url)
    assert fixed.returncode == 0, _tail(fixed)


def test_without_a_server_the_link_tests_are_skipped(suite: tuple[Path, Path]) -> None:
    out, _ = suite
    done = _run(out, "tasks_api_tests", "-k", "links")
    assert done.returncode == 0 and "APIFORGE_BASE_URL" in done.stdout, _tail(done)
