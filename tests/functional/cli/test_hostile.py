"""Hostile specs: no string in a spec becomes code, no name steers where files go."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT

MARKER = "apiforge-pwned-marker"
PAYLOADS = [
    "'; import os; os.system('touch /tmp/{m}') #",
    '"""\nimport os; os.system("touch /tmp/{m}")\n"""',
    "'''\nimport os\n'''",
    "\\\"; __import__('os').system('touch /tmp/{m}'); \"",
    "line1\nline2\r\nline3\u2028line4",
    "nul\x00byte",
    "\u202etrojan\u202c",
    "ünïcødé ✓ 🚀",
    "{{ jinja }} {% if %} ${shell} $(touch /tmp/{m})",
    "\\",
    '"',
    "\\N{BULLET} \\x00 \\u0000",
]
NAMES = [
    "class", "def", "match", "case", "type", "_", "__init__", "__class__", "self", "cls",
    "model_config", "model_dump", "model_fields", "BaseModel", "Field", "Optional", "Any",
    "Literal", "Client", "httpx", "json", "copy", "dict", "", "1abc", "../etc", "a/b", "a-b",
    "a_b", "Foo", "foo", "🚀", "None", "True", "to_dict", "from_dict", "__pydantic_extra__",
]  # fmt: skip


SCHEMA_KEYS = [
    "class", "def", "match", "type", "_", "__init__", "self", "model_config", "BaseModel", "Field",
    "Optional", "Any", "Model", "Client", "str", "None", "True", "..", "...", ".hidden", "1abc",
    "a-b", "a_b", "a.b", "Foo", "foo", "FOO", "-", "__pydantic_extra__", "Integer", "String",
]  # fmt: skip


def _payload(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)].replace("{m}", MARKER)


def hostile_spec() -> dict[str, Any]:
    props = {name: {"type": "string", "description": _payload(i)} for i, name in enumerate(NAMES)}
    enum_values = [_payload(i) for i in range(len(PAYLOADS))] + ["", "A", "a"]
    schemas: dict[str, Any] = {
        "Evil": {
            "type": "object",
            "title": _payload(1),
            "description": _payload(0),
            "properties": {
                **props,
                "choice": {"type": "string", "enum": enum_values, "default": _payload(3)},
                "pat": {"type": "string", "pattern": "^[\"'\\\\]+$"},
                "konst": {"const": _payload(4)},
                "example": {"type": "integer", "example": _payload(5), "default": 7},
            },
            "required": ["class", ""],
        },
        "EvilEnum": {"type": "string", "enum": enum_values, "description": _payload(2)},
    }
    # component keys are restricted to [a-zA-Z0-9._-]; within that, the worst there is
    for name in SCHEMA_KEYS:
        schemas.setdefault(name, {"type": "object", "properties": {name: {"type": "integer"}}})
    paths = {
        f"/x/{{{name or 'empty'}}}/{i}": {
            "post": {
                "operationId": name or "empty",
                "summary": _payload(i),
                "description": _payload(i + 1),
                "tags": [name],
                "parameters": [
                    {
                        "name": name or "p",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "self",
                        "in": "query",
                        "schema": {"type": "string", "default": _payload(i)},
                    },
                    {"name": "timeout", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Evil"}}
                    }
                },
                "responses": {
                    "200": {
                        "description": _payload(i),
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Evil"}}
                        },
                    }
                },
            }
        }
        for i, name in enumerate(NAMES[:12])
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": _payload(0), "version": _payload(1), "description": _payload(2)},
        "servers": [{"url": "https://example.invalid/" + _payload(3)}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "..": {"type": "http", "scheme": "bearer", "description": _payload(5)}
            },
        },
    }


def _snapshot(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    spec = base / "spec" / "evil.json"
    spec.parent.mkdir()
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    before = _snapshot(base)
    out = base / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(spec),
            "-o",
            str(out),
            "--package",
            "evil_api",
        ],
        capture_output=True,
        text=True,
        cwd=base,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    outside = {p for p in _snapshot(base) - before if not p.startswith("out")}
    assert outside == set(), f"written outside the output folder: {outside}"
    return out


def test_nothing_ran_and_every_file_compiles(generated: Path) -> None:
    assert not Path("/tmp", MARKER).exists()
    for path in generated.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    files = [
        p.relative_to(generated).as_posix().lower() for p in generated.rglob("*") if p.is_file()
    ]
    assert len(files) == len(set(files)), "two files differ only in case"
    assert all(".." not in p for p in files)


def test_imports_without_side_effects_and_round_trips(generated: Path) -> None:
    script = f"""
import sys, json
sys.path.insert(0, {str(generated)!r})
import evil_api
from evil_api import models
names = {NAMES!r}
evil = models.Evil
wire = {{n: "v" for n in names}}
wire["konst"] = {_payload(4)!r}
wire["choice"] = {_payload(1)!r}
obj = evil.from_dict(wire)
assert obj.to_dict() == wire, obj.to_dict()
assert evil.from_dict({{"class": "x", "": "y"}}).to_dict() == {{"class": "x", "": "y"}}
assert [m.value for m in models.EvilEnum][:3] == {[_payload(i) for i in range(3)]!r}
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert not Path("/tmp", MARKER).exists()
