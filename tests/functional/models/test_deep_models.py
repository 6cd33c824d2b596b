"""A chain of 150 models, each with a property holding the next: the package imports, passes
``mypy --strict`` and validates an instance 150 deep.

The models are built when first used (``defer_build``) and are written in name order, so each
refers forward to one not built yet. Used first at the head of the chain, pydantic builds
the head's schema with every model beneath it inside, one nested call per model (about 25
frames each): more than Python's default recursion limit of 1,000 long before 150. Built from
the far end back, each model's schema takes the next one's as built, and nothing nests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.chains import write_chain
from tests.support import generate_into, import_fresh

DEEP = 150


pytestmark = pytest.mark.usefixtures("python_default_recursion_limit")


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, ModuleType]:
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    spec = write_chain(tmp_path, DEEP, "property")
    generate_into(spec, tmp_path / "out", "deep_chain")
    return tmp_path / "out", import_fresh(tmp_path / "out", "deep_chain")


def _instance(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"name": "end"}
    for _ in range(depth - 1):
        value = {"next": value}
    return value


def _depth(model: Any) -> int:
    depth = 1
    while getattr(model, "next", None) is not None:
        model, depth = model.next, depth + 1
    return depth


def test_the_deep_package_passes_mypy_strict(package: tuple[Path, ModuleType]) -> None:
    out, _ = package
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "deep_chain"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_built_from_the_far_end_a_deep_instance_validates(
    package: tuple[Path, ModuleType],
) -> None:
    _, module = package
    models = module.models
    for i in reversed(range(DEEP)):
        getattr(models, f"S{i}").model_rebuild()
    instance = models.S0.model_validate(_instance(DEEP))
    assert _depth(instance) == DEEP
    assert instance.model_dump(exclude_none=True) == _instance(DEEP)


def test_used_first_at_its_head_a_deep_instance_validates(
    package: tuple[Path, ModuleType],
) -> None:
    _, module = package
    instance = module.models.S0.model_validate(_instance(DEEP))
    assert _depth(instance) == DEEP
