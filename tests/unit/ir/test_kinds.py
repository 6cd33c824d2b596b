"""IR kinds: every dispatch over them is complete, and mypy proves it.

A probe kind added to a copy of the generator must be a ``mypy --strict`` error at exactly
the places the checklist in ``generator/ir/types.py`` names; every dispatcher handles every
existing kind; walking a type reaches every type inside it.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.exchange import Values
from generator.facts import typefacts
from generator.facts.exclusion import covers
from generator.parse.kinds import json_kinds, narrowed
from generator.render import strategies
from generator.render.client import input_hint
from generator.render.dcg_schema import build_schemas
from generator.render.suite.shapes import shape_of
from generator.render.types import hint

ROOT = Path(__file__).resolve().parents[3]
TYPES = ROOT / "generator" / "ir" / "types.py"
# "#   generator/x.py   name, name (what they do)": the functions a new kind must reach
CHECKLIST = re.compile(r"^#\s+(generator/\S+\.py)\s+([\w.]+(?:, [\w.]+)*)", re.MULTILINE)
NEVER = re.compile(r'^(generator/\S+\.py):\d+: error: Argument 1 to "assert_never"', re.MULTILINE)

PROBE = '''

@dataclass(frozen=True, slots=True)
class ProbeT:
    """A kind no code handles yet."""

    kind: ClassVar[Kind] = "probe"
'''


def _with_probe_kind(text: str) -> str:
    """``generator/ir/types.py`` with one more kind: a class, its name, a ``TypeRef`` member."""
    marker = "TypeRef: TypeAlias = (\n"
    assert marker in text and '    "union",\n]' in text
    text = text.replace('    "union",\n]', '    "union",\n    "probe",\n]')
    head, tail = text.split(marker)
    return head.rstrip("\n") + PROBE + "\n\n" + marker + "    ProbeT\n    |" + tail.lstrip(" ")


def test_adding_a_kind_is_a_type_error_at_each_place_the_checklist_names(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    probe = tmp_path / "generator" / "ir" / "types.py"
    probe.write_text(_with_probe_kind(TYPES.read_text()))
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", "/dev/null", "generator"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    flagged = Counter(NEVER.findall(run.stdout))
    named = Counter(
        {path: len(names.split(", ")) for path, names in CHECKLIST.findall(TYPES.read_text())}
    )
    assert run.returncode == 1, run.stdout + run.stderr
    # one error per function the checklist names, each the default case of a match
    assert flagged == named, run.stdout
    assert run.stdout.count('incompatible type "ProbeT"') == sum(named.values())


# ---------------------------------------------------------------------------- every kind

M = ir.Model(
    "M",
    "/components/schemas/M",
    (ir.Field(name="a", wire="a", type=ir.BoolT(), required=True),),
    min_properties=1,
    max_properties=1,
)
E = ir.Enum("E", "/components/schemas/E", "str", (ir.EnumMember("RED", "red"),))
A = ir.Alias("A", "/components/schemas/A", ir.IntT())
API = ir.Api(
    spec_file="spec.yaml",
    package="pkg",
    title="T",
    version="1",
    openapi="3.1.0",
    description=None,
    servers=(),
    base_url=None,
    base_url_env="PKG_BASE_URL",
    models=(M,),
    enums=(E,),
    aliases=(A,),
)

ONE_OF_EACH: dict[ir.Kind, ir.TypeRef] = {
    "any": ir.AnyT(),
    "null": ir.NullT(),
    "boolean": ir.BoolT(),
    "integer": ir.IntT(ir.Bounds(ge=1, le=3)),
    "number": ir.NumberT(ir.Bounds(lt=2)),
    "string": ir.StringT(min_length=1, pattern="^a+$"),
    "array": ir.ArrayT(ir.StringT(), prefix=(ir.StringT(),), rest=ir.IntT()),
    "map": ir.MapT(ir.BoolT(), max_properties=2),
    "model": ir.ModelRef("M"),
    "enum": ir.EnumRef("E"),
    "alias": ir.AliasRef("A"),
    "literal": ir.LiteralT(("x", 1, None)),
    "union": ir.UnionT((ir.IntT(), ir.NullT()), one_of=True),
}

DISPATCHERS: dict[str, Callable[[ir.TypeRef], Any]] = {
    "is_nullable": ir.is_nullable,
    "own_json_types": ir.own_json_types,
    "children": ir.children,
    "map_children": lambda t: ir.map_children(t, lambda inner: inner),
    "json_kinds": lambda t: json_kinds(t, lambda name: None),
    "narrowed": lambda t: narrowed(t, "string", lambda name: None),
    "hint": hint,
    "input_hint": lambda t: input_hint(API, t),
    "dcg": lambda t: build_schemas(replace(API, aliases=(*API.aliases, ir.Alias("X", "/x", t)))),
    "json_types": lambda t: typefacts.json_types(API, t),
    "accepts": lambda t: typefacts.accepts(API, t, 1),
    "finite": lambda t: strategies.finite(API, t),
    "covers": lambda t: covers(API, t),
    "strategies": lambda t: strategies.Strategies(API).expr(t),
    "shape_of": lambda t: shape_of(API, t),
    "mock": lambda t: Values(API).value(t, random.Random(0)),
}


def test_one_of_each_kind_is_listed() -> None:
    assert list(ONE_OF_EACH) == list(ir.KINDS)
    assert all(t.kind == kind for kind, t in ONE_OF_EACH.items())


@pytest.mark.parametrize("kind", ir.KINDS)
@pytest.mark.parametrize("name", DISPATCHERS)
def test_every_dispatcher_handles_every_kind(name: str, kind: ir.Kind) -> None:
    DISPATCHERS[name](ONE_OF_EACH[kind])
