"""A chain of 150 models, each with a property holding the next: the package imports, passes
``mypy --strict`` and validates an instance 150 deep, whatever uses a model first.

The models are built when first used (``defer_build``) and are written in name order, so each
refers forward to one not built yet. Used first at the head of the chain, pydantic alone
builds the head's schema with every model beneath it inside, one nested call per model (about
20 frames each): more than Python's default recursion limit of 1,000 long before 150. A model
whose schema may hold a chain longer than ``LEVELS`` is a ``DeepModel``: before its schema is
built, the models beneath it that would nest deeper are built first, leaves first, so no build
nests more than ``LEVELS`` models. These tests run under the default recursion limit.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

from generator.render import model_groups
from generator.render.models import LEVELS
from tests.chains import write_chain
from tests.support import generate_into, import_fresh

DEEP = 150
PACKAGE = "deep_chain"
# links a second schema refers to: in the models/ package, each starts a module of its own
SHARED = (40, 80, 120)
# links through an alias in a module of its own, to a model in another: the model is not
# among the names the referring module imports
ALIASED = (80,)
# a model naming itself, two naming each other, a cycle of six inside the chain
BACK = ((149, 149), (11, 10), (80, 75))


pytestmark = pytest.mark.usefixtures("python_default_recursion_limit")


def _generate(folder: Path, n: int = DEEP, **links: Any) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("APIFORGE_NO_CACHE", "1")
        spec = write_chain(folder, n, "property", **links)
        generate_into(spec, folder / "out", PACKAGE)
    return folder / "out"


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chain as one models.py."""
    return _generate(tmp_path_factory.mktemp("single"))


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chain, some of its links shared, as a models/ package (the threshold lowered)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_groups, "SPLIT_AT", 0)
        return _generate(tmp_path_factory.mktemp("split"), shared=SHARED, aliased=ALIASED)


@pytest.fixture(scope="module")
def cyclic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chain with cycles: a model naming itself, two naming each other, a cycle of six."""
    return _generate(tmp_path_factory.mktemp("cyclic"), back=BACK)


@pytest.fixture
def package(single: Path) -> Iterator[ModuleType]:
    """The single-module package, imported afresh: no model built yet."""
    yield import_fresh(single, PACKAGE)


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


def _built(models: ModuleType, n: int = DEEP) -> set[int]:
    return {i for i in range(n) if getattr(models, f"S{i}").__pydantic_complete__}


@pytest.mark.parametrize("layout", ["single", "split"])
def test_the_deep_package_passes_mypy_strict(layout: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(layout)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_built_from_the_far_end_a_deep_instance_validates(package: ModuleType) -> None:
    models = package.models
    for i in reversed(range(DEEP)):
        getattr(models, f"S{i}").model_rebuild()
    instance = models.S0.model_validate(_instance(DEEP))
    assert _depth(instance) == DEEP
    assert instance.model_dump(exclude_none=True) == _instance(DEEP)


def test_used_first_at_its_head_a_deep_instance_validates(package: ModuleType) -> None:
    instance = package.models.S0.model_validate(_instance(DEEP))
    assert _depth(instance) == DEEP
    assert instance.model_dump(exclude_none=True) == _instance(DEEP)


def _through_the_client(package: ModuleType) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_instance(DEEP))

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return package.Client(base_url="https://api.example", http_client=http).s.list()


def _in_a_model_of_ones_own(package: ModuleType) -> Any:
    class Holder(pydantic.BaseModel):
        s: package.models.S0  # type: ignore[name-defined]

    return Holder.model_validate({"s": _instance(DEEP)}).s


def _constructed_then_dumped(package: ModuleType) -> Any:
    S0 = package.models.S0
    assert S0.model_construct(next=None).model_dump() == {"next": None}
    return S0.model_validate(_instance(DEEP))


FIRST_USES: dict[str, Callable[[ModuleType], Any]] = {
    "model_validate": lambda p: p.models.S0.model_validate(_instance(DEEP)),
    "model_validate_json": lambda p: p.models.S0.model_validate_json(json.dumps(_instance(DEEP))),
    "from_dict": lambda p: p.models.S0.from_dict(_instance(DEEP)),
    "from_json": lambda p: p.models.S0.from_json(json.dumps(_instance(DEEP))),
    "init": lambda p: p.models.S0(**_instance(DEEP)),
    "model_construct": _constructed_then_dumped,
    "TypeAdapter of a list": lambda p: pydantic.TypeAdapter(list[p.models.S0]).validate_python(
        [_instance(DEEP)]
    )[0],
    "TypeAdapter of a union": lambda p: pydantic.TypeAdapter(p.models.S0 | int).validate_python(
        _instance(DEEP)
    ),
    "TypeAdapter of a dict": lambda p: pydantic.TypeAdapter(dict[str, p.models.S0]).validate_python(
        {"a": _instance(DEEP)}
    )["a"],
    "a model of one's own": _in_a_model_of_ones_own,
    "the client": _through_the_client,
}


@pytest.mark.parametrize("use", FIRST_USES)
def test_any_first_use_at_the_head_validates_a_deep_instance(package: ModuleType, use: str) -> None:
    instance = FIRST_USES[use](package)
    assert type(instance).__name__ == "S0"
    assert _depth(instance) == DEEP


def test_no_build_nests_more_than_levels_models(package: ModuleType) -> None:
    """A first use at the head builds every LEVELS-th model beneath it first, the last one
    first, and no more: each of them, and the head, nests at most LEVELS models."""
    models = package.models
    models.S0.model_rebuild()
    last = DEEP - LEVELS  # the first model whose own chain is LEVELS long
    assert _built(models) == {0, *range(last, 0, -LEVELS)}


def test_a_shallow_model_used_first_builds_nothing_else(package: ModuleType) -> None:
    models = package.models
    shallow = DEEP - LEVELS + 1  # its chain is one shorter than LEVELS
    runtime = importlib.import_module(f"{PACKAGE}._models")
    assert not issubclass(getattr(models, f"S{shallow}"), runtime.DeepModel)
    getattr(models, f"S{shallow}").from_dict(_instance(LEVELS - 1))
    assert _built(models) == {shallow}


def test_a_deep_model_used_first_builds_only_models_beneath_it(package: ModuleType) -> None:
    models = package.models
    instance = models.S100.from_dict(_instance(DEEP - 100))
    assert _depth(instance) == DEEP - 100
    assert min(_built(models)) == 100
    # later first uses above it take what was built
    assert _depth(models.S0.from_dict(_instance(DEEP))) == DEEP


def test_the_generator_and_the_runtime_agree_on_levels(package: ModuleType) -> None:
    assert importlib.import_module(f"{PACKAGE}._models").LEVELS == LEVELS


@pytest.mark.parametrize("n", [LEVELS, LEVELS + 1])
def test_a_chain_longer_than_levels_has_deep_models(tmp_path: Path, n: int) -> None:
    out = _generate(tmp_path, n)
    text = (out / PACKAGE / "models.py").read_text(encoding="utf-8")
    deep = [i for i in range(n) if f"class S{i}(DeepModel):" in text]
    assert deep == ([0] if n > LEVELS else [])
    assert ("_REFERS" in text) == (n > LEVELS)


def test_the_models_package_validates_a_deep_instance_used_first_at_its_head(
    split: Path,
) -> None:
    package = import_fresh(split, PACKAGE)
    modules = {p.name for p in (split / PACKAGE / "models").glob("*.py")}
    assert {"_s0.py", *(f"_s{i}.py" for i in SHARED), *(f"_a{i}.py" for i in ALIASED)} <= modules
    before = (split / PACKAGE / "models" / f"_s{SHARED[0]}.py").read_text(encoding="utf-8")
    assert f'"S{ALIASED[0]}": ' in before
    assert f"import S{ALIASED[0]}" not in before and f"S{ALIASED[0]}," not in before
    instance = package.models.S0.model_validate(_instance(DEEP))
    assert _depth(instance) == DEEP
    share = package.models.Share40.from_dict({"s": _instance(DEEP - 40)})
    assert _depth(share.s) == DEEP - 40


def test_the_models_package_validates_through_a_type_adapter(split: Path) -> None:
    package = import_fresh(split, PACKAGE)
    adapter = pydantic.TypeAdapter(list[package.models.S0])
    assert _depth(adapter.validate_python([_instance(DEEP)])[0]) == DEEP


def _looped(depth: int) -> dict[str, Any]:
    """A deep instance whose models on the cycles hold more of them."""
    value = _instance(depth)
    node = value
    for i in range(DEEP - depth, DEEP):
        for j in [j for k, j in BACK if k == i]:
            node[f"back{j}"] = {"name": f"back to {j}"}
        node = node.get("next", node)
    return value


@pytest.mark.parametrize("head", [0, 10, 11, 75, 78, 149])
def test_models_on_cycles_validate_used_first_anywhere(cyclic: Path, head: int) -> None:
    package = import_fresh(cyclic, PACKAGE)
    model = getattr(package.models, f"S{head}")
    instance = model.from_dict(_looped(DEEP - head))
    assert _depth(instance) == DEEP - head
    assert instance.to_dict() == _looped(DEEP - head)


def test_a_cycle_longer_than_levels_is_deep_and_validates_used_first_anywhere(
    tmp_path: Path,
) -> None:
    n = LEVELS + 4  # the last model holds the first again: one cycle of all of them
    out = _generate(tmp_path, n, back=((n - 1, 0),))
    text = (out / PACKAGE / "models.py").read_text(encoding="utf-8")
    assert all(f"class S{i}(DeepModel):" in text for i in range(n))
    for head in (0, n // 2, n - 1):
        models = import_fresh(out, PACKAGE).models
        instance = getattr(models, f"S{head}").from_dict(_instance(n - head))
        assert _depth(instance) == n - head
        assert instance.to_dict() == _instance(n - head)
