"""`apiforge diff` reads a Path Item holding ``$ref`` beside other fields as validate and the
IR read it: the referred item's fields with those beside the ``$ref``, parameters merged by
name and location."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator import pipeline
from generator.config import Config, spec_config
from generator.diff import Change, diff_documents
from tests.functional.diff.test_diff import meaningful

SPEC = """\
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things/{{thingId}}:
    $ref: '#/components/x-items/Thing'
    parameters:
      - {{name: thingId, in: path, required: true, schema: {{type: integer}}}}
    post: {{responses: {{'201': {{description: made}}}}}}
components:
  x-items:
    Thing:
      parameters: [{extra}]
      get: {{responses: {{'200': {{description: ok}}}}}}
"""


def _changes(folder: Path, old: str, new: str) -> list[Change]:
    documents = []
    for name, extra in (("old.yaml", old), ("new.yaml", new)):
        path = folder / name
        path.write_text(textwrap.dedent(SPEC.format(extra=extra)), encoding="utf-8")
        config = spec_config(Config(root=folder), path)
        documents.append(pipeline.load_valid(config, full=False).data)
    return meaningful(diff_documents(*documents))


def test_a_required_parameter_added_to_the_referred_item_is_breaking(tmp_path: Path) -> None:
    required = "{name: q, in: query, required: true, schema: {type: string}}"
    changes = _changes(tmp_path, "", required)
    assert sorted((c.rule, c.level, c.operation) for c in changes) == [
        ("request-parameter-added-required", "breaking", "GET /things/{thingId}"),
        ("request-parameter-added-required", "breaking", "POST /things/{thingId}"),
    ]


def test_the_parameters_beside_the_ref_are_not_a_change(tmp_path: Path) -> None:
    # the referred item declares the path parameter the fields beside its $ref declare too
    same = "{name: thingId, in: path, required: true, schema: {type: string}}"
    assert _changes(tmp_path, "", same) == []
