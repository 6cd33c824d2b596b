"""A spec written by hand in YAML reads as its author sees it in an editor of the field (YAML
1.2): a parameter named `on` and an enum of `yes` and `no` are texts, and the spec is valid.
Under YAML 1.1 they were booleans, and the spec was refused as invalid."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

SPEC = """\
openapi: 3.0.3
info: {title: switches, version: "1"}
paths:
  /lights:
    get:
      operationId: listLights
      parameters:
        - name: on
          in: query
          schema: {type: string, enum: [yes, no, NO]}
      responses:
        "200": {description: ok}
"""


def test_words_yaml_11_read_as_booleans_are_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "switches.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    assert main(["validate", str(spec)]) == 0, capsys.readouterr()
    assert main(["generate", str(spec), "-o", str(tmp_path / "out")]) == 0
    models = (tmp_path / "out" / "switches" / "resources" / "lights.py").read_text()
    assert '"on"' in models or "'on'" in models


def test_a_spec_that_says_yaml_11_is_read_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "switches.yaml"
    spec.write_text("%YAML 1.1\n---\n" + SPEC, encoding="utf-8")
    assert main(["validate", str(spec)]) == 1
    assert "found a boolean" in capsys.readouterr().err
