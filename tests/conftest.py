"""Shared fixtures: the seed spec, generated once per session into a temporary folder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import SEED, generate_into, import_fresh


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed generated once, as `apiforge generate` would, into a temporary folder."""
    out = tmp_path_factory.mktemp("seed")
    generate_into(
        SEED,
        out,
        "seed_api",
        base_url="https://api.perplexity.ai",
        api_key_env="PERPLEXITY_API_KEY",
    )
    return out


@pytest.fixture(scope="session")
def seed(seed_out: Path) -> Iterator[ModuleType]:
    """The generated seed package, imported."""
    yield import_fresh(seed_out, "seed_api")


@pytest.fixture
def python_default_recursion_limit() -> Iterator[None]:
    """Python's default recursion limit, whatever ran before (the command line raises it)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1_000)
    yield
    sys.setrecursionlimit(before)
