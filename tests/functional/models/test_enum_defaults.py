"""A default of a named enum is the enum's member, and one of a string format with a typed
view its class (`DateString("2024-01-02")`), in a list or a map of them too: the default has
the type the field declares, so `mypy --strict` accepts the models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.support import ROOT, generate_into, import_fresh

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
                    "day": {"type": "string", "format": "date", "default": "2024-01-02"},
                    "at": {
                        "type": "string",
                        "format": "date-time",
                        "default": "2024-01-02T03:04:05Z",
                    },
                    "key": {
                        "type": "string",
                        "format": "uuid",
                        "default": "a0000000-0000-4000-8000-000000000000",
                    },
                    "days": {
                        "type": "array",
                        "items": {"type": "string", "format": "date"},
                        "default": ["2024-01-02"],
                    },
                },
            },
        }
    },
}


def test_enum_and_format_defaults_have_their_types_and_type_check(tmp_path: Path) -> None:
    spec = tmp_path / "defaults.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    generate_into(spec, tmp_path, "defaults_api")
    models = import_fresh(tmp_path, "defaults_api").models
    made = models.Defaults()
    assert made.one is models.Outcome.SUCCESS
    assert made.many == [models.Outcome.SUCCESS, models.Outcome.FAILURE]
    assert all(isinstance(item, models.Outcome) for item in made.many)
    assert made.by_name == {"a": models.Outcome.FAILURE}
    types = sys.modules["defaults_api._types"]
    assert isinstance(made.day, types.DateString) and made.day == "2024-01-02"
    assert isinstance(made.at, types.DateTimeString) and isinstance(made.key, types.UUIDString)
    assert all(isinstance(day, types.DateString) for day in made.days)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "defaults_api"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


def test_a_default_its_schema_refuses_is_not_applied(tmp_path: Path) -> None:
    # formats asserted, as `validate` judges it (a 3.1 default is an annotation, which may
    # break its schema): such a default is left out, the field is simply optional
    spec = ROOT / "tests" / "specs" / "strategies_refused_defaults_31.yaml"
    generate_into(spec, tmp_path, "refused_api")
    made = import_fresh(tmp_path, "refused_api").models.Event(name="x")
    for name in ("day", "at", "id", "mail", "host", "code", "slug", "level", "ratio", "ref"):
        assert getattr(made, name) is None, name
    assert made.good_day == "2024-02-29"
    assert made.good_code == "abc"
