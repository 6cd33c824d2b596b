"""Bad specs -> the exact message, file:line:col and pointer; good specs -> no problem at all."""

from __future__ import annotations

import builtins
import socket
import textwrap
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import generator.validate.refs as ref_check_module
import generator.validate.spec as validate_spec_module
from generator.errors import ApiforgeError, Problem
from generator.load import Document, load
from generator.openapi import deref, iter_refs, resolve
from generator.validate import validate
from generator.validate.bundle import bundle
from generator.validate.notes import notes
from generator.validate.refs import check_refs

CASES = Path(__file__).parent / "cases"
SEED = Path(__file__).resolve().parents[3] / "spec" / "perplexity-async-chat-completions.yaml"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(folder))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to reach the network (file: URLs are local reads)."""
    real_urlopen = urllib.request.urlopen

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args!r}")

    def local_only(url: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(url, str) and url.startswith("file:"):
            return real_urlopen(url, *args, **kwargs)  # openapi-spec-validator's own schemas
        return refuse(url)

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", local_only)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def lines(problems: list[Problem], folder: Path) -> list[str]:
    """Problems as printed, with the folder left out so expectations stay short."""
    return [str(p).replace(f"{folder}/", "") for p in problems]


def spec_with(schemas: str) -> str:
    """A 3.0 spec whose component schemas start on line 6."""
    head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
    return head + schemas


# ------------------------------------------------------------------------------- valid specs


@pytest.mark.parametrize(
    "name",
    [
        "valid-3.0.yaml",
        "valid-3.1.json",
        "recursive-tree.yaml",
        "multi-file/openapi.yaml",
        "default-outside-schema-3.1.yaml",
        "pattern-annex-b-3.0.yaml",
    ],
)
def test_valid_specs_have_no_problem(name: str, no_network: None) -> None:
    assert validate(load(CASES / name)) == []


def test_the_seed_spec_is_valid() -> None:
    doc = load(SEED)
    assert validate(doc) == []
    assert validate(doc, full=False) == []


# ------------------------------------------------------------------------------ not OpenAPI 3


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "empty.yaml",
            "",
            "empty.yaml:1:1: the file is empty: expected an OpenAPI 3.0 or 3.1 document (at /)",
        ),
        (
            "array.json",
            '[{"openapi": "3.1.0"}]',
            "array.json:1:1: expected an OpenAPI document (a mapping with an 'openapi' field),"
            " found a list (at /)",
        ),
        (
            "scalar.yaml",
            "just some text\n",
            "scalar.yaml:1:1: expected an OpenAPI document (a mapping with an 'openapi' field),"
            " found a string (at /)",
        ),
        (
            "no-version.yaml",
            "info: {title: t, version: '1'}\npaths: {}\n",
            "no-version.yaml:1:1: not an OpenAPI document: the 'openapi' field is missing"
            " (e.g. openapi: 3.1.0) (at /)",
        ),
        (
            "v2.yaml",
            "info: {}\nopenapi: 2.0.0\n",
            "v2.yaml:2:1: OpenAPI 2.0.0 is not supported: apiforge reads OpenAPI 3.0 and 3.1;"
            " convert the spec to OpenAPI 3.x first (at /openapi)",
        ),
        (
            "v4.yaml",
            "openapi: 4.0.0\n",
            "v4.yaml:1:1: OpenAPI 4.0.0 is not supported: apiforge reads OpenAPI 3.0 and 3.1"
            " (at /openapi)",
        ),
        (
            "float.yaml",
            "openapi: 3.1\n",
            "float.yaml:1:1: 'openapi' must be a string such as \"3.1.0\", not a number"
            " (quote it in YAML: openapi: '3.1') (at /openapi)",
        ),
        (
            "odd.yaml",
            "openapi: three\n",
            "odd.yaml:1:1: 'openapi' is 'three': expected a version such as 3.0.3 or 3.1.0"
            " (at /openapi)",
        ),
    ],
    ids=lambda value: value if str(value).endswith((".yaml", ".json")) else "",
)
def test_not_an_openapi_3_document(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert lines(validate(load(path)), tmp_path) == [expected]


def test_swagger_2_is_told_to_convert() -> None:
    [problem] = validate(load(CASES / "swagger-2.0.yaml"))
    assert (problem.line, problem.column, problem.pointer) == (1, 1, "/swagger")
    assert problem.message.startswith(
        "Swagger 2.0 is not supported: convert the spec to OpenAPI 3.x"
    )


# ------------------------------------------------------------------------------------- refs


def test_dangling_refs_are_located_at_the_ref() -> None:
    problems = validate(load(CASES / "dangling.yaml"))
    assert lines(problems, CASES) == [
        "dangling.yaml:12:17: $ref '#/components/schemas/Missing' points to nothing:"
        " no 'Missing' in /components/schemas"
        " (at /paths/~1pets/get/responses/200/content/application~1json/schema/$ref)",
        "dangling.yaml:17:17: $ref '#/components/schemas/Pet/properties/nobody' points to nothing:"
        " no 'nobody' in /components/schemas/Pet/properties"
        " (at /components/schemas/Pet/properties/owner/$ref)",
    ]


@pytest.mark.parametrize("full", [True, False])
def test_dangling_mapping_values_are_located_at_their_entry(full: bool) -> None:
    # a name or a pointer, as a `$ref` is read: a pointer that passes a `$ref` on its way
    # names nothing (the place meant is said); one to another file is left to its reader
    problems = validate(load(CASES / "dangling-mapping.yaml"), full=full)
    at = " (at /components/schemas/Holder/properties/shape/discriminator/mapping/"
    items = "/paths/~1shapes/get/responses/200/content/application~1json/schema/items"
    assert lines(problems, CASES) == [
        f"dangling-mapping.yaml:29:15: discriminator mapping 'square': '#{items}/properties/shape"
        f"/oneOf/1' points to nothing: no 'properties' in {items}; a JSON pointer is not"
        " followed through a $ref on its way: the schema meant is written at"
        " '#/components/schemas/Holder/properties/shape/oneOf/1'" + at + "square)",
        "dangling-mapping.yaml:31:15: discriminator mapping 'oval': 'Oval' points to nothing:"
        " no 'Oval' in /components/schemas" + at + "oval)",
    ]


def test_ref_cycles_are_errors_and_the_validator_is_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: Any) -> Any:
        raise AssertionError("openapi-spec-validator ran on a spec with a $ref cycle")

    monkeypatch.setattr("generator.validate.spec.spec_validator_problems", never)
    problems = validate(load(CASES / "ref-cycle.yaml"))
    cycle = "$ref cycle never reaches a definition"
    assert lines(problems, CASES) == [
        f"ref-cycle.yaml:7:7: {cycle}: #/components/schemas/A -> #/components/schemas/B"
        " -> #/components/schemas/A; define one of them (at /components/schemas/A/$ref)",
        f"ref-cycle.yaml:9:7: {cycle}: #/components/schemas/B -> #/components/schemas/A"
        " -> #/components/schemas/B; define one of them (at /components/schemas/B/$ref)",
        f"ref-cycle.yaml:11:7: {cycle}: #/components/schemas/Self -> #/components/schemas/Self;"
        " define one of them (at /components/schemas/Self/$ref)",
    ]


def test_a_recursive_schema_through_properties_is_fine() -> None:
    doc = load(CASES / "recursive-tree.yaml")
    assert check_refs(doc) == []
    assert bundle(doc) is doc  # nothing external: the same document comes back


def test_remote_ref_is_refused_without_touching_the_network(
    tmp_path: Path, no_network: None
) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        spec_with("    Pet:\n      $ref: 'https://example.com/pet.yaml#/Pet'\n"),
    )
    expected = [
        "s.yaml:7:7: $ref to a URL (https://example.com/pet.yaml) refused: remote refs are fetched"
        " only when allowed (--allow-remote-refs, or allow_remote_refs = true in"
        " [tool.apiforge]) (at /components/schemas/Pet/$ref)"
    ]
    assert lines(validate(load(path)), tmp_path) == expected
    assert lines(validate(load(path), full=False), tmp_path) == expected
    with pytest.raises(ApiforgeError) as caught:
        bundle(load(path))
    assert lines(caught.value.problems, tmp_path) == expected


def test_out_of_tree_and_absolute_file_refs_are_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = write(tmp_path, "secret.yaml", "Pet: {type: object}\n")
    spec = write(
        tmp_path / "api",
        "s.yaml",
        spec_with(
            f"    A:\n      $ref: '../secret.yaml#/Pet'\n    B:\n      $ref: '{secret}#/Pet'\n"
        ),
    )
    doc = load(spec)
    read: list[str] = []
    real_open, real_read_bytes = builtins.open, Path.read_bytes

    def watched_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(str(file))
        return real_open(file, *args, **kwargs)

    def watched_read_bytes(self: Path) -> bytes:
        read.append(str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(builtins, "open", watched_open)
    monkeypatch.setattr(Path, "read_bytes", watched_read_bytes)
    monkeypatch.setattr(ref_check_module, "load", lambda path, **kw: read.append(str(path)))
    problems = validate(doc)
    assert [name for name in read if "secret" in name] == []
    assert lines(problems, tmp_path) == [
        "api/s.yaml:7:7: $ref to '../secret.yaml' refused: it is outside the spec's folder"
        " (secret.yaml); such files are read only when external files are allowed"
        " (--allow-external-refs, or allow_external_refs = true in [tool.apiforge])"
        " (at /components/schemas/A/$ref)",
        "api/s.yaml:9:7: $ref to 'secret.yaml' refused: it is an absolute path;"
        " such files are read only when external files are allowed (--allow-external-refs,"
        " or allow_external_refs = true in [tool.apiforge]) (at /components/schemas/B/$ref)",
    ]


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "secret.yaml", "Pet: {type: object}\n")
    spec = write(tmp_path / "api", "s.yaml", spec_with("    A:\n      $ref: 'link.yaml#/Pet'\n"))
    (tmp_path / "api" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    [problem] = validate(load(spec))
    assert problem.message.startswith(
        "$ref to 'link.yaml' refused: it is outside the spec's folder"
    )
    assert validate(load(spec), allow_external_files=True) == []


def test_an_absolute_file_ref_that_cannot_be_read_is_named_as_written(tmp_path: Path) -> None:
    gone = tmp_path / "elsewhere" / "gone.yaml"
    spec = write(tmp_path / "api", "s.yaml", spec_with(f"    A:\n      $ref: '{gone}#/Pet'\n"))
    [problem] = validate(load(spec), allow_external_files=True)
    assert problem.message == f"$ref target {gone} cannot be read: no such file"


def test_out_of_tree_file_is_read_when_allowed(tmp_path: Path) -> None:
    write(tmp_path, "shared.yaml", "Pet: {type: object, properties: {id: {type: integer}}}\n")
    spec = write(
        tmp_path / "api", "s.yaml", spec_with("    Pet:\n      $ref: '../shared.yaml#/Pet'\n")
    )
    doc = load(spec)
    assert validate(doc, allow_external_files=True) == []
    bundled = bundle(doc, allow_external_files=True)
    assert bundled.data["components"]["schemas"]["Pet"] == {
        "type": "object",
        "properties": {"id": {"type": "integer"}},
    }
    assert doc.data["components"]["schemas"]["Pet"] == {"$ref": "../shared.yaml#/Pet"}  # untouched


def test_bundle_brings_every_external_ref_in(no_network: None) -> None:
    doc = load(CASES / "multi-file" / "openapi.yaml")
    bundled = bundle(doc)
    assert bundled.path == doc.path and bundled.sha256 == doc.sha256
    assert sorted(h["$ref"] for _, h in iter_refs(bundled.data)) == [
        "#/components/parameters/Limit",
        "#/components/schemas/Error",
        "#/components/schemas/Pet",
        "#/components/schemas/Pet",
        "#/components/schemas/Tag",
    ]
    schemas = bundled.data["components"]["schemas"]
    assert schemas["Pet"]["properties"]["friends"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert schemas["Tag"] == {"type": "string", "enum": ["cat", "dog"]}
    assert bundled.data["paths"]["/pets"]["get"]["responses"]["200"]["description"] == "the pets"
    assert bundled.position("/components/schemas/Error") == (10, 5)


def test_problems_in_an_external_file_are_located_in_that_file(tmp_path: Path) -> None:
    write(tmp_path, "pet.yaml", "type: object\nproperties:\n  tag: {$ref: '#/nowhere'}\n")
    spec = write(tmp_path, "s.yaml", spec_with("    Pet: {$ref: 'pet.yaml'}\n"))
    assert lines(validate(load(spec)), tmp_path) == [
        "pet.yaml:3:9: $ref '#/nowhere' points to nothing: no 'nowhere' in /"
        " (at /properties/tag/$ref)"
    ]


def test_an_unreadable_external_file_is_reported_at_each_ref(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "s.yaml",
        spec_with("    A: {$ref: 'gone.yaml'}\n    B: {$ref: 'gone.yaml#/B'}\n"),
    )
    assert lines(validate(load(spec)), tmp_path) == [
        "s.yaml:6:9: $ref target gone.yaml cannot be read: no such file"
        " (at /components/schemas/A/$ref)",
        "s.yaml:7:9: $ref target gone.yaml cannot be read: no such file"
        " (at /components/schemas/B/$ref)",
    ]


def test_schema_errors_inside_external_files_are_located_there(tmp_path: Path) -> None:
    write(tmp_path, "schemas/pet.yaml", "type: object\nproperties:\n  age: {type: integr}\n")
    write(tmp_path, "paths/pets.yaml", "get:\n  responses:\n    '200': {descriptio: ok}\n")
    spec = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /pets: {$ref: 'paths/pets.yaml'}
        components:
          schemas:
            Pet: {$ref: 'schemas/pet.yaml'}
        """,
    )
    assert lines(validate(load(spec)), tmp_path) == [
        "paths/pets.yaml:3:5: missing required field 'description' (at /get/responses/200)",
        "paths/pets.yaml:3:5: unexpected field 'descriptio' (allowed here: 'description',"
        " 'headers', 'content', 'links', or x-... extensions) (at /get/responses/200)",
        'schemas/pet.yaml:3:9: "integr" is not one of'
        ' ["array", "boolean", "integer", "number", "object", "string"] (at /properties/age/type)',
    ]


def test_remote_ref_is_fetched_only_when_allowed(tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    write(
        tmp_path / "site",
        "pet.yaml",
        "Pet:\n  type: object\n  properties:\n    tag: {$ref: 'tag.json'}\n",
    )
    write(tmp_path / "site", "tag.json", '{"type": "string"}')
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site")
    )
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/pet.yaml#/Pet"
        spec = write(tmp_path, "s.yaml", spec_with(f"    Pet: {{$ref: '{url}'}}\n"))
        assert [p.message[:25] for p in validate(load(spec))] == ["$ref to a URL (http://127"]
        assert validate(load(spec), allow_remote=True) == []
        schemas = bundle(load(spec), allow_remote=True).data["components"]["schemas"]
        assert schemas == {
            "Pet": {"type": "object", "properties": {"tag": {"$ref": "#/components/schemas/tag"}}},
            "tag": {"type": "string"},
        }
    finally:
        server.shutdown()
        server.server_close()


def test_refs_in_examples_and_extensions_are_data() -> None:
    data = {
        "a": {"$ref": "#/x"},
        "example": {"$ref": "not followed"},
        "x-vendor": {"$ref": "http://not.followed"},
        "properties": {"example": {"$ref": "#/y"}},
        "examples": {"one": {"value": {"$ref": "no"}}, "two": {"$ref": "#/z"}},
    }
    found = [(parts, h["$ref"]) for parts, h in iter_refs(data)]
    assert found == [
        (("a",), "#/x"),
        (("properties", "example"), "#/y"),
        (("examples", "two"), "#/z"),
    ]


def test_resolve_and_deref() -> None:
    data = {
        "a": {"b": [1, {"c~d/e": 2}]},
        "r": {"$ref": "#/s"},
        "s": {"$ref": "#/a"},
        "loop": {"$ref": "#/loop"},
    }
    assert resolve(data, "#/a/b/1/c~0d~1e") == 2
    assert resolve(data, "#") is data
    assert resolve(data, "#/a/b/0") == 1
    assert deref(data, data["r"]) == data["a"]
    with pytest.raises(ApiforgeError, match="points to nothing: no 'x' in /a"):
        resolve(data, "#/a/x")
    with pytest.raises(ApiforgeError, match="only local refs"):
        resolve(data, "other.yaml#/a")
    with pytest.raises(ApiforgeError, match="cycle"):
        deref(data, data["loop"])


# ------------------------------------------------------------------- openapi-spec-validator


def test_several_errors_are_reported_at_once_each_located() -> None:
    problems = validate(load(CASES / "several-errors.yaml"))
    assert lines(problems, CASES) == [
        'several-errors.yaml:2:1: missing required field "version" (at /info)',
        "several-errors.yaml:6:5: the path '/pets/{id}' names {id}, but its get operation"
        " declares no parameter 'id' in: path (declare one, with required: true, in the"
        " operation or beside it in the Path Item) (at /paths/~1pets~1{id}/get)",
        "several-errors.yaml:8:11: missing a required field: one of 'schema', 'content'"
        " (at /paths/~1pets~1{id}/get/parameters/0)",
        'several-errors.yaml:9:11: "body" is not one of ["path", "query", "header", "cookie"]'
        " (at /paths/~1pets~1{id}/get/parameters/0/in)",
        "several-errors.yaml:10:7: unexpected field '600' (allowed here: 'default',"
        r" names matching ^[1-5](?:\d{2}|XX)$, or x-... extensions)"
        " (at /paths/~1pets~1{id}/get/responses)",
        'several-errors.yaml:22:7: "objekt" is not one of'
        ' ["array", "boolean", "integer", "number", "object", "string"]'
        " (at /components/schemas/Pet/type)",
        "several-errors.yaml:26:11: expected string, found a number: 5"
        " (at /components/schemas/Pet/properties/name/default)",
        "several-errors.yaml:27:5: unexpected field 'weird': not allowed here"
        " (extensions must start with x-) (at /components/schemas/Tag)",
    ]


TEMPLATED = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  %s:
    get:
      parameters:
%s
      responses: {"200": {description: ok}}
"""


@pytest.mark.parametrize(
    ("path", "names", "unresolved"),
    [
        ("/files/{name}.{ext}", ["name", "ext"], []),
        ("/{a}{b}", ["a", "b"], []),
        # names a Python format string reads otherwise: `{a:b}` as `a`, `}` alone as an error
        ("/v/{a:b}", ["a:b"], []),
        ("/v/{a!r}", ["a!r"], []),
        ("/v/x}", [], []),
        ("/{a}{b}", ["a"], ["b"]),  # a real disagreement is still told
        ("/v/{a:b}", ["a"], ["a:b", "a"]),  # the template's names first, then the others
    ],
)
def test_path_parameters_are_the_names_of_the_template_expressions(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    names: list[str],
    unresolved: list[str],
) -> None:
    parameters = "\n".join(
        f"        - {{name: '{n}', in: path, required: true, schema: {{type: string}}}}"
        for n in names
    )
    spec = tmp_path / "templated.yaml"
    spec.write_text(TEMPLATED % (f"'{path}'", parameters or "        []"))
    expected = [
        f"the path {path!r} names {{{n}}}, but its get operation declares no parameter {n!r}"
        " in: path (declare one, with required: true, in the operation or beside it in the"
        " Path Item)"
        for n in unresolved
    ]
    assert [p.message for p in validate(load(spec))] == expected
    # the same without the quick verdict, from openapi-spec-validator's walk alone
    monkeypatch.setattr(validate_spec_module, "is_clean", lambda *args: False)
    assert [p.message for p in validate(load(spec))] == expected


def test_fast_mode_skips_the_schema_check_but_not_the_shape() -> None:
    # nor a 3.0 schema type the generated tests' validator could not read
    doc = load(CASES / "several-errors.yaml")
    assert lines(validate(doc, full=False), CASES) == [
        "several-errors.yaml:2:1: 'info.version' must be a string (at /info/version)",
        'several-errors.yaml:22:7: "objekt" is not one of ["array", "boolean", "integer", '
        '"number", "object", "string"] (at /components/schemas/Pet/type)',
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_default_reached_through_a_ref_is_located_where_it_is(
    tmp_path: Path, version: str
) -> None:
    """3.0 refuses a default outside its schema; 3.1 tells it (JSON Schema's ``default`` is an
    annotation), at the same place."""
    path = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {version}
        info: {{title: t, version: '1'}}
        paths:
          /a:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {{$ref: '#/components/schemas/A'}}
        components:
          schemas:
            A:
              type: object
              properties:
                n: {{type: integer, default: "zero"}}
        """,
    )
    doc = load(path)
    found = 's.yaml:17:28: expected integer, found a string: "zero"'
    where = " (at /components/schemas/A/properties/n/default)"
    if version.startswith("3.0"):
        assert lines(validate(doc), tmp_path) == [found + where]
        assert notes(doc) == []
        return
    assert validate(doc) == []
    assert lines(notes(doc), tmp_path) == [
        "s.yaml:17:28: this default is not valid under its schema (expected integer, found a"
        ' string: "zero"): OpenAPI 3.1 allows it (a JSON Schema default is an annotation);'
        " generated code neither applies it nor draws it" + where
    ]


_TOLD = (
    "): OpenAPI 3.1 allows it (a JSON Schema default is an annotation); generated code neither"
    " applies it nor draws it"
)


def test_each_3_1_default_outside_its_schema_is_told_where_it_is() -> None:
    """Each default its schema refuses, wherever a schema is (a path's parameter, an
    operation's, a component's properties, items, its own default's inner value), and none
    that fits, nor a property or a response called ``default``, nor an example."""
    doc = load(CASES / "default-outside-schema-3.1.yaml")
    assert validate(doc) == []
    said = [line.replace(_TOLD, ")") for line in lines(notes(doc), CASES)]
    head = "default-outside-schema-3.1.yaml"
    why = "this default is not valid under its schema"
    assert said == [
        f'{head}:6:70: {why} (expected integer, found a string: "one")'
        " (at /paths/~1things~1{id}/parameters/0/schema/default)",
        f"{head}:11:34: {why} (expected string, found a number: 1)"
        " (at /paths/~1things~1{id}/get/parameters/0/schema/default)",
        f"{head}:14:56: {why} ('a b' does not match '^[\\\\w-.]+$')"
        " (at /paths/~1things~1{id}/get/parameters/1/schema/default)",
        f"{head}:27:44: {why} (0 is less than the minimum of 1)"
        " (at /components/schemas/Thing/properties/count/default)",
        f'{head}:28:51: {why} ("blue" is not one of ["red", "green"])'
        " (at /components/schemas/Thing/properties/color/default)",
        f'{head}:32:33: {why} (expected number, found a string: "x")'
        " (at /components/schemas/Thing/properties/many/items/default)",
        f'{head}:33:25: {why} (expected number, found a string: "not a number")'
        " (at /components/schemas/Thing/default/inner/n)",
    ]


def test_a_3_0_default_outside_its_schema_stays_a_problem(tmp_path: Path) -> None:
    text = (CASES / "default-outside-schema-3.1.yaml").read_text(encoding="utf-8")
    text = text.replace("openapi: 3.1.0", "openapi: 3.0.3").replace(", examples: [3]", "")
    text = text.replace('examples: ["not a number either"]', 'example: "not a number either"')
    doc = load(write(tmp_path, "s.yaml", text))
    problems = lines(validate(doc), tmp_path)
    assert [p.split(" (at ")[1] for p in problems] == [
        "/paths/~1things~1{id}/parameters/0/schema/default)",
        "/paths/~1things~1{id}/get/parameters/0/schema/default)",
        "/paths/~1things~1{id}/get/parameters/1/schema/default)",
        "/components/schemas/Thing/properties/count/default)",
        "/components/schemas/Thing/properties/color/default)",
        "/components/schemas/Thing/properties/many/items/default)",
        "/components/schemas/Thing/default/inner/n)",
    ]
    assert notes(doc) == []


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_default_of_a_type_no_alternative_takes_names_every_type_they_take(
    tmp_path: Path, version: str
) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {version}
        info: {{title: t, version: '1'}}
        paths: {{}}
        components:
          schemas:
            A:
              properties:
                stop:
                  default: null
                  oneOf:
                    - type: string
                    - type: array
                      items: {{type: string}}
        """,
    )
    doc = load(path)
    found = lines(validate(doc), tmp_path) + lines(notes(doc), tmp_path)
    [line] = found  # a problem in 3.0, a note in 3.1
    assert line.startswith("s.yaml:9:"), line
    assert "expected string or array, found nothing: null" in line


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_an_annex_b_pattern_is_valid_in_either_version(tmp_path: Path, version: str) -> None:
    """``[\\w-.]`` is ``\\w``, ``-`` and ``.`` (ECMA-262 Annex B), as apiforge's reader reads
    it: no validator's own regex check refuses it, in a parameter's schema or a component."""
    text = (CASES / "pattern-annex-b-3.0.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, "s.yaml", text.replace("openapi: 3.0.3", f"openapi: {version}"))
    assert validate(load(path)) == []


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_pattern_that_is_not_ecma_262_is_told_as_a_warning_in_apiforges_words(
    tmp_path: Path, version: str
) -> None:
    """OpenAPI says a pattern SHOULD be ECMA-262: one that is not leaves the document valid,
    told once in apiforge's words, never as "is not a 'regex'" or as a fault of the
    parameter around it."""
    path = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {version}
        info: {{title: t, version: '1'}}
        paths:
          /x:
            get:
              parameters:
                - {{in: query, name: q, schema: {{type: string, pattern: '^(a$'}}}}
              responses:
                '200': {{description: ok}}
        components:
          schemas:
            A:
              type: object
              properties:
                a: {{type: string, pattern: '[z-a]'}}
              additionalProperties: {{type: string, pattern: '\\c'}}
        """,
    )
    doc = load(path)
    assert validate(doc) == []
    should = "; OpenAPI says it SHOULD be one, so no value is judged by it"
    assert lines(notes(doc), tmp_path) == [
        "s.yaml:7:55: pattern '^(a$' is not a valid ECMA-262 regular expression: '(' is not"
        f" closed at offset 4{should} (at /paths/~1x/get/parameters/0/schema/pattern)",
        "s.yaml:15:27: pattern '[z-a]' is not a valid ECMA-262 regular expression: range out"
        f" of order in character class at offset 2{should}"
        " (at /components/schemas/A/properties/a/pattern)",
        "s.yaml:16:44: pattern '\\c' is not a valid ECMA-262 regular expression: \\c must be"
        f" followed by a letter at offset 0{should}"
        " (at /components/schemas/A/additionalProperties/pattern)",
    ]


def test_a_rule_check_that_trips_over_a_malformed_schema_still_locates_it(tmp_path: Path) -> None:
    # openapi-spec-validator reaches B through A's $ref without checking B's shape first, then
    # fails on ``anyOf: null``; the problem is reported where it is, and checking goes on.
    path = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/A'}
        components:
          schemas:
            A:
              properties:
                b: {$ref: '#/components/schemas/B'}
            B:
              properties:
                c:
                  anyOf: null
            C: {type: [1]}
        """,
    )
    assert lines(validate(load(path)), tmp_path) == [
        "s.yaml:20:11: expected array, found nothing: null"
        " (at /components/schemas/B/properties/c/anyOf)",
        "s.yaml:21:16: 1 is not one of"
        ' ["array", "boolean", "integer", "null", "number", "object", "string"]'
        " (at /components/schemas/C/type/0)",
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_ref_to_an_object_of_another_kind_is_told_at_the_ref(
    tmp_path: Path, version: str
) -> None:
    # openapi-spec-validator's rule check reads the parameter the $ref points to and trips
    # over its missing `name`: said as what is wrong, at the ref, not as the error it raised
    path = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {version}
        info: {{title: t, version: '1'}}
        paths:
          /a:
            get:
              parameters:
                - $ref: '#/components/headers/H'
              responses:
                '200': {{description: ok}}
          nope: null
        components:
          headers:
            H:
              schema: {{type: string}}
        """,
    )
    told = lines(validate(load(path)), tmp_path)
    assert (
        "s.yaml:7:11: the $ref #/components/headers/H points to an object without 'name': a"
        " $ref must point to an object of the kind its place needs"
        " (at /paths/~1a/get/parameters/0/$ref)"
    ) in told
    assert "s.yaml:10:3: an object is needed here, not null (at /paths/nope)" in told
    assert not any("cannot be checked" in line for line in told)


def test_a_value_of_the_wrong_type_is_one_problem(tmp_path: Path) -> None:
    """A Media Type Object written `null`: that it is no object is the problem; the rule
    that no object holds both `example` and `examples`, which null passes the `not` of, is
    not told beside it."""
    path = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /x:
            post:
              requestBody:
                content:
                  application/json: null
              responses:
                "204": {description: done}
        """,
    )
    assert lines(validate(load(path)), tmp_path) == [
        "s.yaml:8:11: expected object, found nothing: null"
        " (at /paths/~1x/post/requestBody/content/application~1json)"
    ]


def test_a_check_tripped_by_a_fault_reported_inside_the_value_is_not_told_too(
    tmp_path: Path,
) -> None:
    # a Swagger 2 body parameter: the rule check of the list trips over the missing `name`,
    # which is reported at the parameter itself; the list's "cannot be checked" adds nothing
    path = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a:
            post:
              parameters:
                - in: body
                  required: true
                  schema: {type: object}
              responses:
                '200': {description: ok}
        """,
    )
    found = lines(validate(load(path)), tmp_path)
    assert found == [
        "s.yaml:7:11: missing required field 'name' (at /paths/~1a/post/parameters/0)",
        's.yaml:7:11: "body" is not one of ["path", "query", "header", "cookie"]'
        " (at /paths/~1a/post/parameters/0/in)",
    ]


def test_long_values_are_cut_in_messages(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", spec_with(f"    A: {{type: [{'x' * 5000}]}}\n"))
    problems = validate(load(path))
    expected = '["' + "x" * 77 + "…"
    assert problems[0].message == f"expected string, found a list: {expected}"
    assert (problems[0].line, problems[0].column, problems[0].pointer) == (
        6,
        9,
        "/components/schemas/A/type",
    )
    for problem in problems:
        assert len(problem.message) < 200
        assert "x" * 80 not in problem.message


@pytest.mark.parametrize("crash", [RecursionError("deep"), RuntimeError("boom")])
def test_a_validator_crash_is_a_problem_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, crash: Exception
) -> None:
    class Exploding:
        def __init__(self, data: Any) -> None:
            pass

        def iter_errors(self) -> Any:
            raise crash

    monkeypatch.setattr(validate_spec_module, "validator_class", lambda minor: Exploding)
    monkeypatch.setattr(validate_spec_module, "is_clean", lambda *args: False)
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    [problem] = validate(load(CASES / "valid-3.0.yaml"))
    assert problem.pointer == "" and problem.line == 1
    assert ("nests too deeply" if isinstance(crash, RecursionError) else "boom") in problem.message


def test_a_successful_full_validation_is_remembered(
    monkeypatch: pytest.MonkeyPatch, _private_cache: Path
) -> None:
    doc = load(CASES / "valid-3.0.yaml")
    assert validate(doc) == []
    assert len(list(_private_cache.glob("valid-*"))) == 1

    def never(*args: Any) -> Any:
        raise AssertionError("the spec was validated again")

    monkeypatch.setattr("generator.validate.spec.spec_validator_problems", never)
    start = time.perf_counter()
    assert validate(load(CASES / "valid-3.0.yaml")) == []
    assert time.perf_counter() - start < 0.5
    changed = Document(doc.path, doc.data, "0" * 64)  # other bytes: not remembered
    with pytest.raises(AssertionError, match="validated again"):
        validate(changed)


def test_a_failed_validation_is_not_remembered(_private_cache: Path) -> None:
    assert validate(load(CASES / "several-errors.yaml")) != []
    assert list(_private_cache.glob("valid-*")) == []


@pytest.mark.parametrize(
    ("version", "wrong", "message"),
    [
        ("3.1.0", "exclusiveMinimum: true", "expected number, found a boolean: true"),
        ("3.0.3", "maxLength: -1", "-1 is less than the minimum of 0"),
    ],
)
def test_every_fault_of_one_schema_is_reported(
    tmp_path: Path, version: str, wrong: str, message: str
) -> None:
    """The dialect's check of a schema stops at its first fault; each one is reported."""
    keyword = wrong.split(":", maxsplit=1)[0]
    text = (
        f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n"
        "  schemas:\n    Hyper:\n      type: object\n      properties:\n"
        f"        beta: {{type: number, {wrong}}}\n        rate: {{type: number, {wrong}}}\n"
    )
    found = lines(validate(load(write(tmp_path, "s.yaml", text))), tmp_path)
    where = "/components/schemas/Hyper/properties"
    assert [line.split(" (at ")[1] for line in found] == [
        f"{where}/beta/{keyword})",
        f"{where}/rate/{keyword})",
    ], found
    assert all(message in line for line in found), found


def test_a_3_1_pattern_properties_key_is_told_once_in_apiforges_words(tmp_path: Path) -> None:
    """A warning, not also "is not a 'regex'" by the dialect's ``propertyNames`` check."""
    path = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            A:
              type: object
              patternProperties:
                '^(x': {type: string}
                '^[\\w-.]+$': {type: integer}
        """,
    )
    doc = load(path)
    assert validate(doc) == []
    assert lines(notes(doc), tmp_path) == [
        "s.yaml:9:9: the patternProperties key '^(x' is not a valid ECMA-262 regular"
        " expression: '(' is not closed at offset 3; OpenAPI says it SHOULD be one, so no"
        " value is judged by it (at /components/schemas/A/patternProperties/^(x)"
    ]


def test_a_reference_to_text_in_another_file_is_located_and_refused(tmp_path: Path) -> None:
    # a JSON Reference may name any value, but OpenAPI allows one only in place of an object:
    # an operation's summary given as a reference to another file's is said where it is
    write(
        tmp_path,
        "base.yaml",
        """\
        openapi: 3.0.3
        info: {title: base, version: '1'}
        paths:
          /calls:
            post:
              summary: Create a call
              responses: {'204': {description: done}}
        """,
    )
    spec = write(
        tmp_path,
        "v2.yaml",
        """\
        openapi: 3.0.3
        info: {title: v2, version: '2'}
        paths:
          /calls:
            post:
              summary:
                $ref: 'base.yaml#/paths/~1calls/post/summary'
              responses: {'204': {description: done}}
        """,
    )
    with pytest.raises(ApiforgeError) as caught:
        bundle(load(spec), allow_remote=False)
    assert lines(caught.value.problems, tmp_path) == [
        "v2.yaml:7:9: 'base.yaml#/paths/~1calls/post/summary' is text, which cannot stand "
        "where this reference is: OpenAPI allows a reference only in place of an object; "
        "write the value itself (at /paths/~1calls/post/summary/$ref)"
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_3_1_nullable_is_told_as_a_word_3_1_does_not_read(tmp_path: Path, version: str) -> None:
    """3.0's ``nullable`` in a 3.1 schema takes no null there: each place is told, with the
    way to say it in 3.1; 3.0's own, and a 3.1 type that takes null already, are not."""
    path = tmp_path / "s.yaml"
    head = f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n"
    body = """\
components:
  schemas:
    A:
      type: object
      properties:
        a: {type: string, nullable: true}
        b: {type: [string, 'null'], nullable: true}
        c: {enum: [x, y], nullable: true}
        d: {type: string, nullable: false}
      example: {a: null}
"""
    path.write_text(head + body, encoding="utf-8")
    doc = load(path)
    if version.startswith("3.0"):  # (where a list of types is a problem of its own)
        assert notes(doc) == []
        return
    assert validate(doc) == []
    said = "`nullable` is an OpenAPI 3.0 keyword that 3.1 does not read: this schema takes no"
    assert lines(notes(doc), tmp_path) == [
        f"s.yaml:9:27: {said} null, and a null here is refused; to allow null, write "
        "`type: [string, 'null']` (at /components/schemas/A/properties/a/nullable)",
        f"s.yaml:11:27: {said} null, and a null here is refused; to allow null, add 'null' "
        "to its `type`, or an `anyOf` member `{type: 'null'}` "
        "(at /components/schemas/A/properties/c/nullable)",
    ]


DECIMAL_DEFAULTS = """\
openapi: {version}
info: {{title: defaults, version: "1"}}
paths: {{}}
components:
  schemas:
    Price: {{type: number, multipleOf: 0.1, default: 0.3}}
    Cents: {{type: number, multipleOf: 0.01, default: 0.07}}
    Nested:
      type: object
      properties:
        step: {{type: number, multipleOf: 0.05}}
      default: {{step: 0.15}}
    Off: {{type: number, multipleOf: 0.1, default: 0.35}}
"""


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_default_is_a_multiple_of_its_step_as_the_decimals_are_written(
    tmp_path: Path, version: str
) -> None:
    # 0.3 / 0.1 is 2.9999999999999996 in floating point: the models read it as 3, and so must
    # the check of a default (3.0: a problem; 3.1: a note); 0.35 is no multiple of 0.1
    doc = load(write(tmp_path, "s.yaml", DECIMAL_DEFAULTS.format(version=version)))
    told = [*validate(doc), *notes(doc)]
    assert [p.pointer for p in told] == ["/components/schemas/Off/default"], told


@pytest.mark.parametrize("full", [True, False])
def test_a_path_no_url_can_carry_is_a_problem_on_one_line(tmp_path: Path, full: bool) -> None:
    # a control character in a path: every URL made from it would be another; the pointer
    # naming it is shown escaped, on the problem's one line
    text = (
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n'
        '  "/foo\\ninjected":\n    get: {responses: {"200": {description: ok}}}\n'
    )
    doc = load(write(tmp_path, "s.yaml", text))
    (problem,) = validate(doc, full=full)
    assert "control character" in problem.message
    assert "\n" not in str(problem) and "~1foo\\ninjected" in str(problem)


def test_a_path_without_its_slash_is_a_problem_of_the_fast_checks_too(tmp_path: Path) -> None:
    # appended to a server's URL it would change the port: `generate` and `conformance` read
    # the fast checks only
    text = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  items: {}\n'
    doc = load(write(tmp_path, "s.yaml", text))
    assert [p.message for p in validate(doc, full=False)] == [
        "the path 'items' must start with '/' (write '/items')"
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_an_enum_repeating_a_value_is_valid_and_noted(tmp_path: Path, version: str) -> None:
    # OpenAPI 3.0's schema allows it (uniqueItems: false); JSON Schema: values SHOULD be unique
    text = (
        f'openapi: {version}\ninfo: {{title: t, version: "1"}}\npaths: {{}}\n'
        "components:\n  schemas:\n    Color: {type: string, enum: [red, green, red]}\n"
        "    Plain: {type: integer, enum: [1, true]}\n"
    )
    doc = load(write(tmp_path, "s.yaml", text))
    assert validate(doc) == []
    assert [(n.pointer, n.message.split(":")[0]) for n in notes(doc)] == [
        ("/components/schemas/Color/enum", "this enum lists 'red' twice")
    ]


def test_paths_differing_only_in_their_templated_names_are_valid_and_noted(
    tmp_path: Path,
) -> None:
    # OpenAPI says they MUST NOT both exist; GitHub's spec writes them (a GET and a DELETE)
    def item(name: str, method: str) -> str:
        given = f"[{{name: {name}, in: path, required: true, schema: {{type: string}}}}]"
        answers = "{responses: {'204': {description: ok}}}"
        return f"    parameters: {given}\n    {method}: {answers}\n"

    text = (
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n'
        f"  /a/{{id}}:\n{item('id', 'get')}"
        f"  /a/{{digest}}:\n{item('digest', 'delete')}"
        f"  /a/{{id}}/b:\n{item('id', 'get')}"
        f"  /a/{{id}}/b#other:\n{item('id', 'post')}"
    )
    doc = load(write(tmp_path, "s.yaml", text))
    assert validate(doc) == []
    assert [(n.pointer, n.message.split(":")[0]) for n in notes(doc)] == [
        ("/paths/~1a~1{digest}", "this path is '/a/{id}' with other names in its template")
    ]


@pytest.mark.parametrize("full", [True, False])
def test_a_media_type_no_header_can_carry_is_a_problem(tmp_path: Path, full: bool) -> None:
    text = (
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    post:\n'
        "      requestBody:\n        content:\n"
        '          "application/json\\ninjected": {schema: {type: object}}\n'
        '      responses:\n        "200": {description: ok}\n'
    )
    doc = load(write(tmp_path, "s.yaml", text))
    (problem,) = validate(doc, full=full)
    assert "holds a control character no header can carry" in problem.message
    assert problem.pointer == "/paths/~1a/post/requestBody/content/application~1json\ninjected"


def test_an_api_key_no_header_can_carry_is_noted() -> None:
    # as a header parameter of such a name is: the spec stays valid, no request carries it
    doc = load(Path(__file__).parents[2] / "specs" / "strategies_header_names_31.yaml")
    assert validate(doc) == []
    assert [n.pointer for n in notes(doc)] == ["/components/securitySchemes/key/name"]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_the_fast_checks_refuse_keywords_of_the_wrong_form(tmp_path: Path, version: str) -> None:
    """A list or a mapping the models, the mock and the validators read as one, and a Media
    Type Object that is none: refused by `generate`'s checks, at the places and mostly in
    the words of the full validation, in either version; a boolean `additionalProperties`
    (and in 3.1 any boolean schema) is fine."""
    path = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {version}
        info: {{title: t, version: '1'}}
        paths:
          /x:
            post:
              requestBody:
                content:
                  application/json: null
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        allOf: {{type: object}}
        components:
          schemas:
            A:
              type: object
              required: id
              properties: [id]
              additionalProperties: false
            B:
              items: 5
              oneOf: []
            C:
              not: {{anyOf: {{}}}}
        """,
    )
    fast = validate(load(path), full=False)
    at = "/paths/~1x/post/"
    assert [(p.pointer, p.message) for p in fast] == [
        (at + "requestBody/content/application~1json", "expected object, found nothing: null"),
        (
            at + "responses/200/content/application~1json/schema/allOf",
            'expected array, found a mapping: {"type": "object"}',
        ),
        ("/components/schemas/A/required", 'expected array, found a string: "id"'),
        ("/components/schemas/A/properties", 'expected object, found a list: ["id"]'),
        (
            "/components/schemas/B/items",
            "expected object, found a number: 5"
            if version == "3.0.3"
            else "expected object or boolean, found a number: 5",
        ),
        ("/components/schemas/C/not/anyOf", "expected array, found a mapping: {}"),
    ]
    assert {p.pointer for p in fast} <= {p.pointer for p in validate(load(path))}


def test_extensions_of_the_paths_object_are_no_paths(tmp_path: Path) -> None:
    """`x-note: text` beside the paths is an extension the Paths Object may hold: valid, in the
    full validation too, whose rule checks read every key there as a path."""
    path = CASES.parents[2] / "specs" / "strategies_path_extensions_30.yaml"
    assert validate(load(path)) == []
    assert validate(load(path), full=False) == []


@pytest.mark.parametrize("minor", ["3.0.3", "3.1.0"])
def test_required_may_name_a_property_no_all_of_member_declares(tmp_path: Path, minor: str) -> None:
    spec = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: {minor}
        info: {{title: t, version: '1'}}
        paths: {{}}
        components:
          schemas:
            Named:
              type: object
              properties:
                name: {{type: string}}
            Pet:
              required: [name, tag]
              allOf:
                - $ref: '#/components/schemas/Named'
            Deeper:
              type: object
              required: [id, name, born]
              properties:
                id: {{type: integer}}
              allOf:
                - allOf: [{{$ref: '#/components/schemas/Named'}}]
        """,
    )
    doc = load(spec)
    assert validate(doc) == []
    assert notes(doc) == []


@pytest.mark.parametrize(
    ("parameter", "told"),
    [
        (
            "{name: X-A, in: header, style: form, schema: {type: integer}}",
            's.yaml:7:35: expected "simple", found "form"'
            " (at /paths/~1a~1{b}/get/parameters/0/style)",
        ),
        (
            "{name: b, in: path, schema: {type: string}}",
            "s.yaml:7:11: missing required field 'required' (at /paths/~1a~1{b}/get/parameters/0)",
        ),
        (
            "{name: b, in: path, required: false, schema: {type: string}}",
            "s.yaml:7:31: expected true, found false"
            " (at /paths/~1a~1{b}/get/parameters/0/required)",
        ),
        (
            "{name: c, in: cookie, style: simple, schema: {type: string}}",
            's.yaml:7:33: expected "form", found "simple"'
            " (at /paths/~1a~1{b}/get/parameters/0/style)",
        ),
    ],
    ids=["header-form", "path-not-required", "path-required-false", "cookie-simple"],
)
def test_a_3_0_parameter_is_told_the_rule_of_its_own_location(
    tmp_path: Path, parameter: str, told: str
) -> None:
    # each location is an alternative of 3.0's schema, told apart by `in`: the one the
    # parameter names is meant, not one whose `in` it breaks
    path = write(
        tmp_path,
        "s.yaml",
        f"""\
        openapi: 3.0.3
        info: {{title: t, version: '1'}}
        paths:
          /a/{{b}}:
            get:
              parameters:
                - {parameter}
                - {{name: b, in: path, required: true, schema: {{type: string}}}}
              responses:
                '200': {{description: ok}}
        """,
    )
    assert told in lines(validate(load(path)), tmp_path)


@pytest.mark.parametrize("default", ["23:20:50Z", "23:20:50.52", "16:39:57-08:00", "23:20:50"])
def test_a_3_0_time_default_is_not_read_as_json_schema_draft_3_read_it(
    tmp_path: Path, default: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # OpenAPI 3.0 defines no `time`; draft 3's reading (HH:MM:SS alone) is no rule of it
    schema = f"    At: {{type: string, format: time, default: '{default}'}}\n"
    schema += "    Day: {type: string, format: date, default: '2024-02-30'}\n"
    doc = load(write(tmp_path, "s.yaml", spec_with(schema)))
    said = [p.split(" (at ")[1] for p in lines(validate(doc), tmp_path)]
    assert said == ["/components/schemas/Day/default)"]  # a format 3.0 defines still refuses
    # the same verdict where the full check runs openapi-spec-validator itself
    monkeypatch.setattr("generator.validate.spec.is_clean", lambda *args: False)
    said = [p.split(" (at ")[1] for p in lines(validate(load(doc.path)), tmp_path)]
    assert said == ["/components/schemas/Day/default)"]


def test_a_missing_field_is_told_once_whichever_check_finds_it(tmp_path: Path) -> None:
    # the 3.1 schema and the rule checks both find it, quoting the name apart
    doc = load(write(tmp_path, "s.yaml", "openapi: 3.1.0\n"))
    said = lines(validate(doc), tmp_path)
    assert [p for p in said if "info" in p] == ['s.yaml:1:1: missing required field "info" (at /)']


@pytest.mark.parametrize("full", [True, False])
def test_an_extension_of_the_components_object_may_hold_any_value(
    tmp_path: Path, full: bool
) -> None:
    text = spec_with("    A: {type: string}\n").replace(
        "components:\n", "components:\n  x-team: core\n  x-tags: [a, b]\n"
    )
    assert validate(load(write(tmp_path, "s.yaml", text)), full=full) == []
    section = text.replace("  x-team: core\n", "  responses: [a]\n")
    said = lines(validate(load(write(tmp_path, "t.yaml", section)), full=False), tmp_path)
    assert said == [
        "t.yaml:5:3: 'components.responses' must be a mapping (at /components/responses)"
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_an_extension_of_a_callback_object_may_hold_any_value(tmp_path: Path, version: str) -> None:
    # the 3.1 schema (2022-10-07) reads every key of a Callback Object as an expression
    text = (
        f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n  /hooks:\n    post:\n"
        "      callbacks:\n        onEvent:\n          x-note: fired once\n"
        "          x-meta: {retries: 3}\n"
        "          '{$request.body#/url}':\n            post:\n              responses:\n"
        "                '200': {description: ok}\n"
        "      responses:\n        '201': {description: subscribed}\n"
    )
    assert validate(load(write(tmp_path, "s.yaml", text))) == []
    broken = text.replace("'200': {description: ok}", "'200': {}")
    said = lines(validate(load(write(tmp_path, "t.yaml", broken))), tmp_path)
    assert len(said) == 1 and "description" in said[0]  # an expression's item is still checked


def test_an_unknown_dialect_is_told_once_where_it_is_named(tmp_path: Path) -> None:
    head = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
    body = (
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n              schema: {type: string}\n"
        "components:\n  schemas:\n    A: {type: string}\n"
    )
    chosen = head + "jsonSchemaDialect: https://example.com/mine\n" + body
    said = lines(validate(load(write(tmp_path, "s.yaml", chosen))), tmp_path)
    assert len(said) == 1 and said[0].startswith(
        "s.yaml:3:1: unknown JSON Schema dialect 'https://example.com/mine': no schema of the "
        "document can be checked; write one a validator knows"
    )
    own = head + body.replace(
        "A: {type: string}", "A: {$schema: 'https://example.com/x', type: string}"
    )
    said = lines(validate(load(write(tmp_path, "t.yaml", own))), tmp_path)
    assert len(said) == 1
    assert "unknown JSON Schema dialect 'https://example.com/x' in `$schema`" in said[0]
    assert said[0].endswith("(at /components/schemas/A/$schema)")


def test_the_fields_allowed_here_are_those_every_part_of_the_3_1_schema_allows(
    tmp_path: Path,
) -> None:
    # the 3.1 schema brings a scheme's fields in by its type, a parameter's by `schema`
    text = (
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      parameters:\n        - {name: q, in: query, schema: {type: string}, requird: true}\n"
        "      responses:\n        '204': {description: ok}\n"
        "components:\n  securitySchemes:\n"
        "    Bearer: {type: http, scheme: bearer, bearerFormat: JWT, name: Authorization}\n"
    )
    said = lines(validate(load(write(tmp_path, "s.yaml", text))), tmp_path)
    assert len(said) == 2
    bearer = next(p for p in said if "Bearer" in p)
    assert (
        "unexpected field 'name' (allowed here: 'type', 'description', 'scheme', 'bearerFormat',"
        in bearer
    )
    parameter = next(p for p in said if "requird" in p)
    assert "'style', 'explode'" in parameter and "'allowReserved'" in parameter


@pytest.mark.parametrize("full", [True, False])
def test_scopes_of_a_scheme_that_has_none_are_refused_in_30(tmp_path: Path, full: bool) -> None:
    text = """\
        openapi: {version}
        info: {{title: t, version: '1'}}
        security: [{{key: [read]}}, {{oauth: [read]}}, {{basic: []}}]
        paths:
          /a:
            get:
              security: [{{basic: [admin]}}]
              responses:
                '200': {{description: ok}}
        components:
          securitySchemes:
            key: {{type: apiKey, in: header, name: X-Key}}
            basic: {{type: http, scheme: basic}}
            oauth:
              type: oauth2
              flows:
                clientCredentials: {{tokenUrl: 'https://a.example/token', scopes: {{read: r}}}}
        """
    path = write(tmp_path, "s.yaml", text.format(version="3.0.3"))
    assert lines(validate(load(path), full=full), tmp_path) == [
        "s.yaml:3:13: scopes are listed for 'key', of type apiKey: in OpenAPI 3.0 the list MUST"
        " be empty for a scheme other than oauth2 and openIdConnect (write [])"
        " (at /security/0/key)",
        "s.yaml:7:19: scopes are listed for 'basic', of type http: in OpenAPI 3.0 the list MUST"
        " be empty for a scheme other than oauth2 and openIdConnect (write [])"
        " (at /paths/~1a/get/security/0/basic)",
    ]
    roles = write(tmp_path, "r.yaml", text.format(version="3.1.0"))  # 3.1: role names
    assert validate(load(roles), full=full) == []


@pytest.mark.parametrize("full", [True, False])
def test_a_31_server_variables_default_outside_its_enum_is_refused(
    tmp_path: Path, full: bool
) -> None:
    text = """\
        openapi: {version}
        info: {{title: t, version: '1'}}
        servers:
          - url: 'https://{{env}}.example.com'
            variables:
              env: {{default: prod, enum: [dev, staging]}}
        paths:
          /a:
            get:
              servers:
                - url: 'https://{{zone}}.example.com'
                  variables:
                    zone: {{default: eu, enum: [eu, us]}}
              responses:
                '200': {{description: ok}}
        """
    path = write(tmp_path, "s.yaml", text.format(version="3.1.0"))
    assert lines(validate(load(path), full=full), tmp_path) == [
        "s.yaml:6:13: the default 'prod' of server variable 'env' is not one of its enum"
        " ('dev', 'staging'): OpenAPI 3.1 says it MUST be (at /servers/0/variables/env/default)"
    ]
    older = write(tmp_path, "o.yaml", text.format(version="3.0.3"))  # 3.0 says nothing of it
    assert validate(load(older), full=full) == []


def test_schemes_another_file_holds_are_checked_once_it_is_read(tmp_path: Path) -> None:
    # the map written as a $ref to a file: the fast checks cannot see which schemes it
    # names, the full check (bundled) does; neither refuses a scheme the file defines
    write(tmp_path, "schemes.yaml", "key: {type: apiKey, in: header, name: X-Key}\n")
    text = """\
        openapi: 3.1.0
        info: {{title: t, version: '1'}}
        security: [{{{name}: []}}]
        paths: {{}}
        components:
          securitySchemes: {{$ref: ./schemes.yaml}}
        """
    good = write(tmp_path, "good.yaml", text.format(name="key"))
    assert validate(load(good), full=False) == []
    assert validate(load(good)) == []
    bad = write(tmp_path, "bad.yaml", text.format(name="other"))
    assert validate(load(bad), full=False) == []
    [problem] = validate(load(bad))
    assert problem.message.startswith("security scheme 'other' is not defined")


def test_example_beside_examples_is_refused_in_31_and_only_in_their_objects(
    tmp_path: Path,
) -> None:
    # OpenAPI: mutually exclusive in a Parameter, Header and Media Type Object; a schema's
    # properties, a link's parameters and examples' names may be called so freely
    path = write(
        tmp_path,
        "s.yaml",
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              operationId: a
              parameters:
                - name: q
                  in: query
                  schema: {type: string}
                  example: x
                  examples: {e: {value: y}}
              responses:
                '200':
                  description: ok
                  headers:
                    X-Rate: {schema: {type: integer}, example: 1, examples: {e: {value: 2}}}
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          example: {type: string}
                          examples: {type: object, properties: {a: {type: string}}}
                      example: {example: a}
                      examples: {e: {value: {example: b}}}
                  links:
                    next:
                      operationId: a
                      parameters: {example: $response.body#/a, examples: $response.body#/b}
        components:
          examples:
            example: {value: 1}
            examples: {value: {example: 1, examples: {a: 1}}}
        """,
    )
    told = lines(validate(load(path)), tmp_path)
    assert sorted(line.split(" (at ")[1] for line in told) == [
        "/paths/~1a/get/parameters/0/example)",
        "/paths/~1a/get/responses/200/content/application~1json/example)",
        "/paths/~1a/get/responses/200/headers/X-Rate/example)",
    ]
    assert all("`example` and `examples` are both given" in line for line in told)
