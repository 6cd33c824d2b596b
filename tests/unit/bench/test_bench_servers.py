"""bench/servers.py runs a tool on a target from one ``Job``: a correct server, a planted bug."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.servers import HEADERS, PLANTED, write_spec
from tests.support import bench_module


@pytest.fixture(scope="module")
def servers() -> Iterator[ModuleType]:
    with bench_module("servers") as module:
        yield module


def test_a_job_runs_apiforge_on_a_correct_server_and_a_planted_bug(
    servers: ModuleType, tmp_path: Path
) -> None:
    spec = write_spec(HEADERS, tmp_path)
    (planted,) = [p for p in PLANTED if p.name == "headers:undocumented-status"]
    correct = servers.apiforge(servers.Job(HEADERS, None, spec, set(), 2, 1))
    assert (correct.tool, correct.target, correct.error, correct.failures) == (
        "apiforge",
        "headers",
        "",
        set(),
    )
    assert correct.requests > 0
    broken = servers.apiforge(servers.Job(HEADERS, planted, spec, correct.failures, 2, 1))
    assert broken.target == "headers:undocumented-status"
    assert broken.caught
    assert broken.detection is not None and broken.detection <= broken.requests
