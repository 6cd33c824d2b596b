"""Malformed specs never crash the builder: each is generated or refused with located problems."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import SpecConfig
from generator.errors import ApiforgeError
from generator.parse import build_api
from generator.pipeline import load_valid
from generator.render import render_api
from tests.support import SEED

SEED_DATA = yaml.safe_load(SEED.read_text(encoding="utf-8"))
REPLACEMENTS: list[Any] = [
    None,
    0,
    -1,
    1.5,
    "",
    "x",
    True,
    [],
    {},
    [1, "a"],
    {"type": "nonsense"},
    {"$ref": "#/nope"},
]


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _nodes(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _nodes(value, (*path, index))
    return found


def _mutated(rng: random.Random) -> dict[str, Any]:
    data = copy.deepcopy(SEED_DATA)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _nodes(data) if p]
        path = rng.choice(paths)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = copy.deepcopy(rng.choice(REPLACEMENTS))
    return data


@pytest.mark.parametrize("seed", range(120))
def test_mutated_seed_is_generated_or_refused_cleanly(seed: int, tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_mutated(random.Random(seed))), encoding="utf-8")
    config = SpecConfig(spec=spec, output=tmp_path / "out", package="fuzzed")
    try:
        doc = load_valid(config, full=False)
        api = build_api(doc.data, config, "spec.json")
        files = render_api(api)
    except ApiforgeError as exc:
        assert exc.problems and all(
            str(p).startswith(str(spec)) or "spec" in str(p) for p in exc.problems
        )
        return
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
