"""bench/generation.py says whether the cold targets are met, from one run's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

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


def test_the_memory_probe_runs_in_a_run_of_its_own_whose_time_does_not_count(
    generation: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def run(argv: list[str], **_: object) -> SimpleNamespace:
        calls.append(argv)
        probed = "--tree" in argv
        figures = {"wall": 9.0 if probed else 1.0 + len(calls) / 10, "max_rss_mb": 100.0}
        if probed:
            figures["max_rss_mb"] = 300.0
        return SimpleNamespace(stdout=json.dumps({"returncode": 0, "stderr_tail": [], **figures}))

    monkeypatch.setattr(generation.subprocess, "run", run)
    assert generation.measure(["tool", "--flag"], 3) == {"wall": 1.2, "max_rss_mb": 300.0}
    assert ["--tree" in argv for argv in calls] == [False, False, False, True]
    assert all(argv[-2:] == ["tool", "--flag"] for argv in calls)


@pytest.mark.parametrize("probe", [[], ["--tree"]])
def test_measure_runs_the_command_with_or_without_the_probe(probe: list[str]) -> None:
    script = Path(__file__).resolve().parents[3] / "bench" / "measure.py"
    done = subprocess.run(
        [sys.executable, str(script), *probe, sys.executable, "-c", "x = bytearray(50 << 20)"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout)
    assert figures["returncode"] == 0 and figures["wall"] > 0
    assert figures["max_rss_mb"] >= 50


def test_the_tools_are_measured_in_turns_and_a_failing_one_is_dropped(
    generation: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a machine slowing down over the bench reaches every tool alike: one run of each per round,
    # each round starting one tool further on
    calls: list[tuple[str, bool]] = []

    def run(argv: list[str], **_: object) -> SimpleNamespace:
        name, probed = argv[-1], "--tree" in argv
        calls.append((name, probed))
        slower = len(calls) / 100
        figures = {"wall": (1.0 if name == "a" else 3.0) + slower, "max_rss_mb": 10.0}
        code = 1 if name == "broken" and len(calls) > 2 else 0
        return SimpleNamespace(
            stdout=json.dumps({"returncode": code, "stderr_tail": ["it broke"], **figures})
        )

    monkeypatch.setattr(generation.subprocess, "run", run)
    commands = {name: (lambda folder, name=name: [name]) for name in ("a", "broken", "b")}
    measured = generation.measure_in_turns(commands, 2, tmp_path)
    assert calls == [
        ("a", False), ("broken", False), ("b", False),
        ("broken", False), ("b", False), ("a", False),
        ("b", True), ("a", True),
    ]  # fmt: skip
    assert measured["broken"] == "failed: it broke"
    assert measured["a"] == {"wall": pytest.approx(1.035), "max_rss_mb": 10.0}
    assert measured["b"] == {"wall": pytest.approx(3.04), "max_rss_mb": 10.0}


def test_a_runs_output_is_kept_to_the_end_while_the_disk_has_room(
    generation: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a removal slows the next tool's file creation: kept while there is room, else removed
    run = tmp_path / "run0"
    run.mkdir()
    (run / "m.py").write_text("A = 1\n")
    free = {"bytes": generation.KEEP_FREE}

    def usage(path: Path) -> SimpleNamespace:
        if free["bytes"] is None:
            raise OSError("no answer")
        return SimpleNamespace(free=free["bytes"])

    monkeypatch.setattr(generation.shutil, "disk_usage", usage)
    generation.set_aside(run)
    assert (run / "m.py").is_file()
    free["bytes"] = None  # the disk does not tell: removed, as when short of room
    generation.set_aside(run)
    assert not run.exists()
    run.mkdir()
    free["bytes"] = generation.KEEP_FREE - 1
    generation.set_aside(run)
    assert not run.exists()


def test_the_cold_runs_outputs_stay_while_the_warm_and_incremental_runs_are_measured(
    generation: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # removed between two measurements, the cold outputs slowed the runs measured next
    seen: list[tuple[str, bool]] = []
    cold: list[Path] = []

    def compare(spec: Path, tools: object, runs: int, tmp: Path) -> dict[str, object]:
        (tmp / "run0").mkdir()
        (tmp / "run0" / "m.py").write_text("A = 1\n")
        cold.append(tmp / "run0" / "m.py")
        return {}

    def later(name: str) -> object:
        return lambda spec, runs, tmp: seen.append((name, cold[-1].is_file()))

    monkeypatch.setattr(generation, "compare", compare)
    monkeypatch.setattr(generation, "warm_run", later("warm"))
    monkeypatch.setattr(generation, "incremental", later("incremental"))
    monkeypatch.setattr(sys, "argv", ["generation.py", "--quick"])
    assert generation.main() == 0
    assert seen == [("warm", True), ("incremental", True)]
    assert not cold[-1].exists()  # removed when the bench ends
