"""A default of a named enum is the enum's member, in a list or a map of them too: the
default has the type the field declares, so `mypy --strict` accepts the models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.support import generate_into, import_fresh

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Defaults", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Outcome": {"type": "string", "enum": ["success", "failure", "unclassified"]},
            "Defaults": {
                "type": "object",
                "properties": {
                    "one": {
                        "allOf": [{"$ref": "#/components/schemas/Outcome"}],
                        "default": "success",
                    },
                    "many": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Outcome"},
                        "default": ["success", "failure"],
                    },
                    "by_name": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/components/schemas/Outcome"},
                        "default": {"a": "failure"},
                    },
                },
            },
        }
    },
}


def test_enum_defaults_are_members_and_type_check(tmp_path: Path) -> None:
    spec = tmp_path / "defaults.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    generate_into(spec, tmp_path, "defaults_api")
    models = import_fresh(tmp_path, "defaults_api").models
    made = models.Defaults()
    assert made.one is models.Outcome.SUCCESS
    assert made.many == [models.Outcome.SUCCESS, models.Outcome.FAILURE]
    assert all(isinstance(item, models.Outcome) for item in made.many)
    assert made.by_name == {"a": models.Outcome.FAILURE}
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "defaults_api"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
