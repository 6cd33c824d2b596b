"""bench/suites.py: a suite's outcome read from pytest's last line, and what is not measured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import bench_module


@pytest.fixture(scope="module")
def suites() -> Iterator[ModuleType]:
    with bench_module("suites") as module:
        yield module


def test_a_run_counts_what_passed_failed_and_skipped(suites: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "test_few.py").write_text(
        "import pytest\n"
        "def test_good():\n    assert True\n"
        "def test_bad():\n    assert False\n"
        "def test_later():\n    pytest.skip('live')\n"
    )
    wall, counts, last = suites.run_suite(tmp_path, ["test_few.py"])
    assert counts == {"passed": 1, "failed": 1, "skipped": 1}, last
    assert wall > 0


def test_a_run_pytest_refuses_is_an_error(suites: ModuleType, tmp_path: Path) -> None:
    _, counts, _ = suites.run_suite(tmp_path, ["missing_test.py"])
    assert counts.get("error")


def test_without_githubs_spec_the_scaling_is_said_not_measured(
    suites: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(suites, "GITHUB", tmp_path / "absent.yaml")
    monkeypatch.setattr(suites.os, "cpu_count", lambda: 2)
    suites.github(10)
    assert "not measured" in capsys.readouterr().out


def test_a_spec_that_does_not_generate_is_said_not_measured(
    suites: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\n")
    with suites.generated(spec, "broken_api", "broken suite") as out:
        assert out is None
    assert "broken suite: not measured (generate exited 1" in capsys.readouterr().out
