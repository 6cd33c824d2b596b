"""cycles(): the named schemas in each loop, found without walking from every schema."""

from __future__ import annotations

import random
import time
from typing import Any

from generator.facts.typefacts import cycles
from tests.unit.parse.spec import build


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _reaching(edges: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """The definition: names that reach each other, for each name that reaches itself."""
    reach: dict[str, set[str]] = {}
    for start, direct in edges.items():
        seen: set[str] = set()
        todo = list(direct)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(edges.get(name, ()))
        reach[start] = seen
    return {
        name: frozenset(o for o in reach if o in reach[name] and name in reach[o])
        for name in edges
        if name in reach[name]
    }


def test_cycles_are_the_loops_of_random_graphs() -> None:
    rng = random.Random(7)
    for _ in range(60):
        names = [f"N{i}" for i in range(rng.randint(1, 9))]
        edges = {n: set(rng.sample(names, rng.randint(0, min(3, len(names))))) for n in names}
        schemas = {
            n: {"type": "object", "properties": {f"to{t}": _ref(t) for t in sorted(targets)}}
            if targets
            else {"type": "object", "properties": {"leaf": {"type": "string"}}}
            for n, targets in edges.items()
        }
        assert cycles(build({}, schemas)) == _reaching(edges)


def test_a_long_chain_into_a_loop_is_linear() -> None:
    n = 3_000
    schemas = {
        f"S{i}": {"type": "object", "properties": {"next": _ref(f"S{i + 1}")}} for i in range(n)
    }
    schemas[f"S{n}"] = {"type": "object", "properties": {"back": _ref(f"S{n - 2}")}}
    api = build({}, schemas)
    start = time.perf_counter()
    found = cycles(api)
    assert time.perf_counter() - start < 1.0  # walking from every schema: about 9 million steps
    loop = frozenset({f"S{n - 2}", f"S{n - 1}", f"S{n}"})
    assert found == dict.fromkeys(sorted(loop), loop)
