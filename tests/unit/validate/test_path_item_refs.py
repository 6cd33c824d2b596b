"""A Path Item holding ``$ref`` beside other fields (valid in 3.0 and 3.1): validated as the
item it means, in this file or another; a field in both places told as a note naming both;
a problem inside either place located where it is written, once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.errors import Problem
from generator.load import load
from generator.validate import validate
from generator.validate.bundle import bundle
from generator.validate.notes import notes


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def lines(problems: list[Problem], folder: Path) -> list[str]:
    return [str(p).replace(f"{folder}/", "") for p in problems]


_UNDEFINED = ": OpenAPI leaves which one applies undefined; apiforge reads the one beside the $ref"


def test_a_3_0_path_parameter_declared_beside_the_ref_is_the_items(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /things/{thingId}:
            $ref: '#/components/x-items/Thing'
            parameters:
              - {name: thingId, in: path, required: true, schema: {type: integer}}
        components:
          x-items:
            Thing:
              get: {responses: {'200': {description: ok}}}
              put: {responses: {'204': {description: ok}}}
        """,
    )
    doc = load(spec)
    assert validate(doc) == []
    assert notes(doc) == []


@pytest.mark.parametrize("minor", ["3.0.3", "3.1.0"])
def test_an_operation_beside_the_ref_is_read_with_the_referred_ones(
    tmp_path: Path, minor: str
) -> None:
    section = "pathItems" if minor.startswith("3.1") else "x-items"
    spec = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {minor}
        info: {{title: t, version: '1'}}
        paths:
          /things/{{thingId}}:
            $ref: '#/components/{section}/Thing'
            description: one thing
            parameters:
              - {{name: thingId, in: path, required: true, schema: {{type: integer}}}}
            post: {{responses: {{'201': {{description: made}}}}}}
        components:
          {section}:
            Thing:
              get: {{responses: {{'200': {{description: ok}}}}}}
        """,
    )
    doc = load(spec)
    assert validate(doc) == []
    assert notes(doc) == []
    item = bundle(doc).data["paths"]["/things/{thingId}"]
    assert sorted(item) == ["description", "get", "parameters", "post"]


@pytest.mark.parametrize("minor", ["3.0.3", "3.1.0"])
def test_a_path_item_in_another_file_is_read_with_the_fields_beside_its_ref(
    tmp_path: Path, minor: str
) -> None:
    write(
        tmp_path,
        "items.yaml",
        """\
        Thing:
          parameters:
            - {name: thingId, in: path, required: true, schema: {type: integer}}
          get: {responses: {'200': {description: ok}}}
        """,
    )
    spec = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {minor}
        info: {{title: t, version: '1'}}
        paths:
          /things/{{thingId}}:
            $ref: 'items.yaml#/Thing'
            post: {{responses: {{'201': {{description: made}}}}}}
          /other/{{thingId}}:
            $ref: 'items.yaml#/Thing'
        """,
    )
    doc = load(spec)
    assert validate(doc) == []
    bundled = bundle(doc)
    assert sorted(bundled.data["paths"]["/things/{thingId}"]) == ["get", "parameters", "post"]
    assert sorted(bundled.data["paths"]["/other/{thingId}"]) == ["get", "parameters"]
    assert "pathItems" not in bundled.data["components"]  # brought in to be read, then left
    assert bundled.problem("", "/paths/~1things~1{thingId}/get").line == 4  # in items.yaml
    assert bundled.problem("", "/paths/~1things~1{thingId}/post").line == 6


def test_a_field_in_both_places_is_told_naming_both(tmp_path: Path) -> None:
    write(
        tmp_path,
        "items.yaml",
        """\
        Thing:
          summary: there
          parameters:
            - {name: thingId, in: path, required: true, schema: {type: integer}}
            - {name: q, in: query, schema: {type: string}}
          get: {responses: {'200': {description: ok}}}
        """,
    )
    spec = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /things/{thingId}:
            $ref: '#/components/pathItems/Thing'
            summary: here
            parameters:
              - {name: thingId, in: path, required: true, schema: {type: string}}
            get: {responses: {'200': {description: ok}}}
          /elsewhere/{thingId}:
            $ref: 'items.yaml#/Thing'
            summary: here
        components:
          pathItems:
            Thing:
              summary: there
              get: {responses: {'204': {description: ok}}}
        """,
    )
    doc = load(spec)
    assert validate(doc) == []
    assert lines(notes(bundle(doc)), tmp_path) == [
        "s.yaml:6:5: 'summary' is written both beside this Path Item's $ref and in the item"
        f" it refers to (line 16){_UNDEFINED} (at /paths/~1things~1{{thingId}}/summary)",
        "s.yaml:9:5: 'get' is written both beside this Path Item's $ref and in the item it"
        f" refers to (line 17){_UNDEFINED} (at /paths/~1things~1{{thingId}}/get)",
        "s.yaml:12:5: 'summary' is written both beside this Path Item's $ref and in the item"
        f" it refers to (items.yaml:2:3){_UNDEFINED}"
        " (at /paths/~1elsewhere~1{thingId}/summary)",
    ]


def test_a_parameter_in_both_places_is_told_naming_both(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /things/{thingId}:
            $ref: '#/components/x-items/Thing'
            parameters:
              - {name: q, in: query, schema: {type: string}}
              - {name: thingId, in: path, required: true, schema: {type: string}}
        components:
          x-items:
            Thing:
              parameters:
                - {name: thingId, in: path, required: true, schema: {type: integer}}
                - {name: q, in: header, schema: {type: string}}
              get: {responses: {'200': {description: ok}}}
        """,
    )
    doc = load(spec)
    assert validate(doc) == []
    assert lines(notes(doc), tmp_path) == [
        "s.yaml:8:9: parameter 'thingId' in path is written both beside this Path Item's $ref"
        f" and in the item it refers to (line 13){_UNDEFINED}"
        " (at /paths/~1things~1{thingId}/parameters/1)",
    ]


def test_problems_are_located_where_they_are_written_once(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /things:
            $ref: '#/components/pathItems/Thing'
            post: {responses: {'201': {descriptio: made}}}
          /others:
            $ref: '#/components/pathItems/Thing'
        components:
          pathItems:
            Thing:
              get: {responses: {'200': {description: ok, content: {a/b: {schema: {type: nope}}}}}}
        """,
    )
    found = lines(validate(load(spec)), tmp_path)
    assert [line.split(": ")[0] for line in found] == ["s.yaml:6:24", "s.yaml:6:24", "s.yaml:12:75"]
    assert "(at /paths/~1things/post/responses/201)" in found[0]
    assert found[2].endswith(
        "(at /components/pathItems/Thing/get/responses/200/content/a~1b/schema/type)"
    )


def test_a_broken_ref_in_the_referred_item_is_told_once(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /things:
            $ref: '#/components/pathItems/Thing'
            post: {responses: {'201': {description: made}}}
        components:
          pathItems:
            Thing:
              get: {responses: {'200': {$ref: '#/components/responses/Gone'}}}
        """,
    )
    for full in (True, False):
        assert lines(validate(load(spec), full=full), tmp_path) == [
            "s.yaml:10:33: $ref '#/components/responses/Gone' points to nothing: no"
            " 'responses' in /components (at /components/pathItems/Thing/get/responses/200/$ref)"
        ]


def test_what_the_fields_beside_the_ref_leave_wrong_is_still_refused(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /things/{thingId}:
            $ref: '#/components/x-items/Thing'
            parameters:
              - {name: other, in: query, schema: {type: string}}
        components:
          x-items:
            Thing:
              get:
                security: [{nowhere: []}]
                responses: {'200': {description: ok}}
        """,
    )
    found = lines(validate(load(spec)), tmp_path)
    assert found == [
        "s.yaml:11:7: the path '/things/{thingId}' names {thingId}, but its get operation"
        " declares no parameter 'thingId' in: path (declare one, with required: true, in the"
        " operation or beside it in the Path Item) (at /components/x-items/Thing/get)",
        "s.yaml:12:21: security scheme 'nowhere' is not defined in components.securitySchemes"
        " (at /components/x-items/Thing/get/security/0/nowhere)",
    ]
