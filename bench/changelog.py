"""`apiforge diff` as a changelog, on a real spec against mutated copies of itself.

    python bench/changelog.py [--spec PATH] [--no-sdk]

Each mutation is a change a real spec history makes: a field of the most referenced schema
made optional, nine timestamp fields retyped, a component renamed with every reference, a
``type: string, format: int64`` field given its number type. For each: the changes as the
rules report them (one per use), the entries after grouping, renames found, Python SDK
changes (``--sdk``), and the time. Reads GitHub's spec from ../shared/specs when present.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.config import SpecConfig  # noqa: E402
from generator.diff import compare_surfaces, diff_documents, entries  # noqa: E402
from generator.load import load  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.render.surface import surface  # noqa: E402

SHARED = ROOT.parent / "shared" / "specs" / "github-api.yaml"
Mutation = Callable[[dict[str, Any]], str]


def _refs(doc: Any) -> Counter[str]:
    found: Counter[str] = Counter()
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                found[ref.rsplit("/", 1)[1]] += 1
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def optional_field(doc: dict[str, Any]) -> str:
    schemas = doc["components"]["schemas"]
    for name, _ in _refs(doc).most_common():
        required = schemas.get(name, {}).get("required")
        if isinstance(required, list) and required:
            field = required.pop()
            return f"`{name}.{field}` made optional"
    raise SystemExit("no schema with a required field")


def retyped_timestamps(doc: dict[str, Any]) -> str:
    done = []
    for name, schema in doc["components"]["schemas"].items():
        for prop, value in (schema.get("properties") or {}).items():
            if isinstance(value, dict) and value.get("format") == "date-time" and len(done) < 9:
                value.clear()
                value.update({"type": "integer"})
                done.append(f"{name}.{prop}")
    return f"{len(done)} date-time fields retyped to integer"


def renamed_component(doc: dict[str, Any]) -> str:
    name = next(n for n, count in _refs(doc).most_common() if count > 3)
    text = json.dumps(doc).replace(
        f'"#/components/schemas/{name}"', f'"#/components/schemas/{name}-renamed"'
    )
    doc.clear()
    doc.update(json.loads(text))
    schemas = doc["components"]["schemas"]
    schemas[f"{name}-renamed"] = schemas.pop(name)
    return f"`{name}` renamed"


def numeric_format(doc: dict[str, Any]) -> str:
    for name, schema in doc["components"]["schemas"].items():
        for prop, value in (schema.get("properties") or {}).items():
            if isinstance(value, dict) and value.get("type") == "integer":
                value["type"] = "string"
                value["format"] = "int64"
                return f"`{name}.{prop}` from string/int64 to integer"
    raise SystemExit("no integer property")


MUTATIONS: tuple[Mutation, ...] = (
    optional_field,
    retyped_timestamps,
    renamed_component,
    numeric_format,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", type=Path, default=SHARED)
    parser.add_argument("--no-sdk", action="store_true")
    args = parser.parse_args()
    if not args.spec.is_file():
        print(f"changelog: {args.spec} not present, skipped")
        return 0
    base = load(args.spec).data
    print(f"spec: {args.spec.name}")
    print(f"{'mutation':<55} {'per use':>8} {'entries':>8} {'renames':>8} {'sdk':>5} {'diff s':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        old_api = None
        if not args.no_sdk:
            _, old_api = build(SpecConfig(spec=args.spec, output=Path(tmp)), ROOT)
        for mutate in MUTATIONS:
            new = copy.deepcopy(base)
            what = mutate(new)
            if mutate is numeric_format:  # the old side holds the string, the new the integer
                old, new = new, copy.deepcopy(base)
            else:
                old = base
            start = time.perf_counter()
            changes = diff_documents(old, new)
            found = entries(changes)
            seconds = time.perf_counter() - start
            renames = sum(c.rule == "schema-component-renamed" for c in changes)
            sdk = "-"
            if old_api is not None and mutate is not numeric_format:
                path = Path(tmp) / "new.json"
                path.write_text(json.dumps(new), encoding="utf-8")
                _, new_api = build(SpecConfig(spec=path, output=Path(tmp)), ROOT)
                sdk = str(len(compare_surfaces(surface(old_api), surface(new_api))))
            counts = f"{len(changes):>8} {len(found):>8} {renames:>8} {sdk:>5}"
            print(f"{what[:55]:<55} {counts} {seconds:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
