"""The structural checks run in a child while the IR is built: the outcome is the one of
checking first, for valid specs, invalid ones and specs with refs to bundle."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator import parallel, pipeline
from generator.config import SpecConfig, load_config, spec_config
from generator.errors import ApiforgeError
from generator.validate.refs import LOCAL_REFS_ONLY
from tests.support import ROOT, SPECS

linux = pytest.mark.skipif(sys.platform != "linux", reason="fork is used on Linux only")
CASES = ROOT / "tests" / "unit" / "validate" / "cases"
SPECS_TRIED = [
    CASES / "valid-3.0.yaml",
    CASES / "valid-3.1.json",
    CASES / "recursive-tree.yaml",
    CASES / "dangling.yaml",
    CASES / "dangling-mapping.yaml",
    CASES / "ref-cycle.yaml",
    CASES / "several-errors.yaml",
    CASES / "swagger-2.0.yaml",
    CASES / "multi-file" / "openapi.yaml",
    ROOT / "spec" / "kitchen-sink.yaml",
    SPECS / "keepalive.yaml",
]


def _config(spec: Path) -> SpecConfig:
    return spec_config(load_config(ROOT), spec)


def _outcome(spec: Path) -> tuple[Any, ...]:
    try:
        doc, api = pipeline.build(_config(spec), ROOT)
    except ApiforgeError as exc:
        return "refused", str(exc), exc.exit_code
    return "built", doc.data, dict(doc.origins), doc.knows(LOCAL_REFS_ONLY), api


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Forking allowed (pytest's threads would forbid it); whether each check had a child."""
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    started: list[bool] = []
    real = parallel.Forked.__init__

    def counted(self: parallel.Forked[Any], *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        if kwargs.get("urgent") is not None:
            started.append(self.running)

    monkeypatch.setattr(parallel.Forked, "__init__", counted)
    return started


@linux
@pytest.mark.parametrize("spec", SPECS_TRIED, ids=lambda spec: spec.name)
def test_checking_beside_the_build_tells_what_checking_first_tells(
    spec: Path, children: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    beside = _outcome(spec)
    assert children == [True], "the checks did not run in a child"
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    assert _outcome(spec) == beside


@linux
@pytest.mark.usefixtures("children")
def test_a_build_of_an_invalid_spec_is_stopped_when_the_checks_tell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def endless(*_: object) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a build that would not end on this spec
            sum(range(1000))
        raise AssertionError("never stopped")

    monkeypatch.setattr(pipeline, "build_api", endless)
    start = time.monotonic()
    with pytest.raises(ApiforgeError) as info:
        pipeline.build(_config(CASES / "dangling.yaml"), ROOT)
    assert time.monotonic() - start < 30
    assert "'#/components/schemas/Missing' points to nothing" in str(info.value)
    assert info.value.exit_code == 1


@linux
@pytest.mark.usefixtures("children")
def test_a_build_that_fails_on_a_valid_spec_fails_as_it_would_after_the_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []

    def broken(*args: object) -> None:
        calls.append(args)
        raise RuntimeError("planted")

    monkeypatch.setattr(pipeline, "build_api", broken)
    with pytest.raises(RuntimeError, match="planted"):
        pipeline.build(_config(CASES / "valid-3.0.yaml"), ROOT)
    assert len(calls) == 2  # beside the checks, then again once they passed


def test_without_a_child_the_spec_is_read_once_and_checked_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    loads: list[object] = []
    real_load, real_build, real_validate = pipeline.load_spec, pipeline.build_api, pipeline.validate
    order: list[str] = []

    def load_spec(config: SpecConfig) -> Any:
        loads.append(config)
        return real_load(config)

    def build_api(*args: Any) -> Any:
        order.append("build")
        return real_build(*args)

    def validate(*args: Any, **kwargs: Any) -> Any:
        order.append("checks")
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_spec", load_spec)
    monkeypatch.setattr(pipeline, "build_api", build_api)
    monkeypatch.setattr(pipeline, "validate", validate)
    pipeline.build(_config(CASES / "valid-3.0.yaml"), ROOT)
    assert len(loads) == 1
    assert order == ["checks", "build"]
