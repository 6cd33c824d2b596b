"""A spec whose schemas are a long chain of `$ref`s generates, stays current and is served."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from generator import ir
from generator.cli import main
from generator.exchange import SchemaValidator
from generator.mock import running
from generator.render.models import LEVELS
from tests.chains import write_chain

# longer than what generated before (under 1,500 links with the command line's recursion
# limit of 10,000), generated in a few seconds
LONG = 2_000


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_a_long_chain_generates_and_checks_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = write_chain(tmp_path, LONG, "mixed")
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    assert main(["generate", str(spec), "-o", "out"]) == 0
    assert time.perf_counter() - start < 30
    models = (tmp_path / "out" / "chain" / "models.py").read_text(encoding="utf-8")
    # the models holding chains longer than LEVELS build them leaves first
    bases = ["DeepModel" if i < LONG - LEVELS else "Model" for i in range(LONG)]
    assert all(f"\nclass S{i}({bases[i]}):\n" in models for i in range(LONG))
    assert "next: Annotated[S1000 | None, NotNull]" in models  # S999 links by a property
    assert "all: Annotated[list[S1001] | None, NotNull]" in models  # S1000 by its items
    assert main(["check", str(spec), "-o", "out"]) == 0
    assert "nest too deeply" not in capsys.readouterr().err


@pytest.mark.parametrize("shape", ["allOf", "ref"])
def test_a_long_chain_of_compositions_or_bare_refs_generates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    spec = write_chain(tmp_path, LONG, shape)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(spec)]) == 0
    assert main(["generate", str(spec), "-o", "out"]) == 0
    models = _models_text(tmp_path / "out" / "chain")  # one module or a package of them
    assert f"\nclass S{LONG - 1}(Model):\n" in models  # the end of the chain
    assert "\nS0: TypeAlias = " in models  # the head: the same type under another name
    assert main(["check", str(spec), "-o", "out"]) == 0
    assert "nest too deeply" not in capsys.readouterr().err


def _models_text(package: Path) -> str:
    """The text of a generated package's models, written as one module or as a package."""
    single = package / "models.py"
    if single.is_file():
        return single.read_text(encoding="utf-8")
    return "".join(p.read_text(encoding="utf-8") for p in sorted((package / "models").glob("*.py")))


def test_the_mock_serves_a_long_chain(tmp_path: Path) -> None:
    from generator.config import SpecConfig
    from generator.pipeline import build

    spec = write_chain(tmp_path, LONG, "property")
    _, api = build(SpecConfig(spec=spec, output=tmp_path / "out"), tmp_path)
    (op,) = api.operations
    assert op.responses[0].type == ir.ModelRef("S0")
    validator = SchemaValidator(api)
    with running(api, seed=3, log=lambda line: None, enforce_security=False) as url:
        for _ in range(5):
            answer = httpx.get(url + "/s", timeout=10)
            assert answer.status_code == 200
            body = answer.json()
            assert validator.is_valid(op.responses[0].pointer, body)
    assert json.dumps(body).startswith("{")
