"""bench/generation.py says whether the cold targets are met, from one run's figures."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.support import bench_module


@pytest.fixture(scope="module")
def generation() -> Iterator[ModuleType]:
    with bench_module("generation") as module:
        yield module


def _run(wall: float, mb: float) -> dict[str, float]:
    return {"wall": wall, "max_rss_mb": mb}


def test_each_apiforge_run_is_held_to_the_fastest_peer_doing_the_same_job(
    generation: ModuleType,
) -> None:
    lines = generation.cold_targets(
        {
            generation.MODELS: _run(3.0, 150),
            generation.EVERYTHING: _run(4.5, 200),
            "datamodel-codegen (defaults)": _run(12.0, 500),
            "datamodel-codegen --formatters ruff-format": _run(13.0, 540),
            "openapi-python-client": _run(26.0, 390),
            "OpenAPI Generator (python)": _run(14.0, 1500),
        }
    )
    assert lines == [
        "cold generation <= 0.3x the fastest peer doing the same job: (models) 3.00s = "
        "0.25x datamodel-codegen (defaults) 12.00s: ok",
        "cold generation <= 0.3x the fastest peer doing the same job: (everything) 4.50s = "
        "0.32x OpenAPI Generator (python) 14.00s: MISSED",
        "peak memory below every peer: apiforge 200 MB, lowest peer 390 MB: ok",
    ]


def test_a_target_without_a_measured_peer_is_left_out(generation: ModuleType) -> None:
    lines = generation.cold_targets(
        {
            generation.MODELS: _run(3.0, 450),
            generation.EVERYTHING: _run(4.5, 200),
            "datamodel-codegen (defaults)": _run(9.0, 400),
        }
    )
    assert lines == [
        "cold generation <= 0.3x the fastest peer doing the same job: (models) 3.00s = "
        "0.33x datamodel-codegen (defaults) 9.00s: MISSED",
        "peak memory below every peer: apiforge 450 MB, lowest peer 400 MB: MISSED",
    ]
