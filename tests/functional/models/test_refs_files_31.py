"""OpenAPI 3.1 references into other files: by ``$anchor`` (``order.yaml#order``), against a
schema's ``$id`` (``$id: ./units/`` then ``currency.yaml``), and by an absolute ``$id`` that
names no file (an identifier, never fetched), on ``specs/strategies_refs_files_31.yaml`` and
small specs written here. The policy on files outside the spec's folder and on remote refs
applies to where an ``$id`` leads; 3.0 keeps JSON-pointer fragments only."""

from __future__ import annotations

import socket
import textwrap
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.config import SpecConfig
from generator.errors import EXIT_FINDING, ApiforgeError
from generator.pipeline import load_valid
from tests.support import SPECS, generate_into, import_fresh, run_cli

SPEC = SPECS / "strategies_refs_files_31.yaml"
PACKAGE = "refs_files_api"
HEAD = (
    "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n"
)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("refs-files")
    generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to reach the network."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def _write(folder: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (name: text) under ``folder``; the path of the first, the spec."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder / next(iter(files))


def _spec(schemas: str, version: str = "3.1.0") -> str:
    """A spec whose component schemas (``schemas``, indented by four) start on line 6."""
    return HEAD.format(version=version) + textwrap.indent(textwrap.dedent(schemas), "    ")


def _problems(spec: Path, **flags: bool) -> list[str]:
    """What validating ``spec`` as the commands do finds, as printed, its folder left out."""
    config = SpecConfig(spec=spec, output=spec.parent / "out", **flags)  # type: ignore[arg-type]
    try:
        load_valid(config)
    except ApiforgeError as exc:
        assert exc.exit_code == EXIT_FINDING
        return [str(p).replace(f"{spec.parent}/", "") for p in exc.problems]
    return []


# ------------------------------------------------------------------------- the fixture spec


def test_the_spec_is_valid() -> None:
    done = run_cli("validate", str(SPEC))
    assert done.returncode == 0, done.stderr


def test_an_anchor_in_another_file_is_the_schema_declaring_it(api: ModuleType) -> None:
    line = {"sku": "ABC-123", "quantity": 2}
    order = api.models.Order.from_dict({"id": "o1", "lines": [line]})
    assert order.lines[0].quantity == 2
    for bad in (
        {"id": "o1", "lines": [{"sku": "abc", "quantity": 2}]},  # `#line` -> `units/...#sku`
        {"id": "o1", "lines": [{**line, "quantity": 100}]},  # `#line`, inside order.yaml
        {"id": "o1", "lines": []},  # `order.yaml#order`
    ):
        with pytest.raises(ValueError):
            api.models.Order.from_dict(bad)


def test_a_file_refers_back_to_the_spec_by_its_anchor(api: ModuleType) -> None:
    order = api.models.Order.from_dict(
        {
            "id": "o1",
            "lines": [{"sku": "ABC-123", "quantity": 1}],
            "total": {"amount": 3, "currency": "NOK"},
        }
    )
    assert isinstance(order.total, api.models.Money)  # the spec's own Money, not a copy
    with pytest.raises(ValueError):
        api.models.Money.from_dict({"amount": 3, "currency": "SEK"})


def test_refs_under_an_id_resolve_against_it(api: ModuleType) -> None:
    catalog = api.models.Catalog.from_dict({"currency": "EUR", "size": "m", "kinds": ["book"]})
    assert catalog.size == api.models.Size.M
    for bad in (
        {"currency": "EU"},
        {"currency": "EUR", "size": "xl"},
        {"currency": "EUR", "kinds": ["toy"]},
    ):
        with pytest.raises(ValueError):
            api.models.Catalog.from_dict(bad)


def test_conformance_against_the_mock_passes(tmp_path: Path) -> None:
    done = run_cli("conformance", str(SPEC), "--max-examples", "5", "--timeout", "5", cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "0 failed" in done.stdout


# ---------------------------------------------------------------------- what is refused


def test_a_plain_name_fragment_in_30_is_refused_for_want_of_anchors(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        {
            "api.yaml": _spec(
                """\
                A: {$ref: "parts.yaml#thing"}
                B: {$ref: "#thing"}
                """,
                version="3.0.3",
            ),
            "parts.yaml": "Thing: {$anchor: thing, type: string}\n",
        },
    )
    why = (
        "'thing' is not a JSON pointer (it must start with '/'); OpenAPI 3.0.3 has no $anchor"
        " (a plain-name fragment names one in 3.1 only)"
    )
    assert _problems(spec) == [
        f"api.yaml:6:9: $ref 'parts.yaml#thing' points to nothing: {why}"
        " (at /components/schemas/A/$ref)",
        f"api.yaml:7:9: $ref '#thing' points to nothing: {why} (at /components/schemas/B/$ref)",
    ]
    # the same ref in 3.1 is the anchored schema
    spec.write_text(
        spec.read_text(encoding="utf-8")
        .replace("3.0.3", "3.1.0")
        .replace('  B: {$ref: "#thing"}\n', ""),
        encoding="utf-8",
    )
    assert _problems(spec) == []


def test_an_anchor_no_schema_declares_is_refused_naming_its_file(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        {
            "api.yaml": _spec(
                """\
                A: {$ref: "lib/parts.json#thing"}
                B: {$ref: "#nothing"}
                """
            ),
            "lib/parts.json": '{"$defs": {"Thing": {"$anchor": "thin", "type": "string"}}}\n',
        },
    )
    done = run_cli("validate", str(spec))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{spec}:6:9: $ref 'lib/parts.json#thing' points to nothing: no schema in"
        " lib/parts.json declares $anchor 'thing' (at /components/schemas/A/$ref)",
        f"{spec}:7:9: $ref '#nothing' points to nothing: no schema in the spec declares"
        " $anchor 'nothing' (at /components/schemas/B/$ref)",
    ]


def test_an_id_base_is_followed_then_the_folder_policy_applies(tmp_path: Path) -> None:
    _write(tmp_path, {"shared/thing.yaml": "type: string\nmaxLength: 3\n"})
    spec = _write(
        tmp_path / "api",
        {
            "api.yaml": _spec(
                """\
                Up:
                  $id: ../shared/
                  type: object
                  properties:
                    thing: {$ref: thing.yaml}
                Here:
                  $id: ./sub/
                  type: object
                  properties:
                    missing: {$ref: gone.yaml}
                """
            )
        },
    )
    assert _problems(spec) == [
        "api.yaml:10:17: $ref to '../shared/thing.yaml' refused: it is outside the spec's folder"
        f" ({tmp_path}/shared/thing.yaml); such files are read only when external files are"
        " allowed (--allow-external-refs, or allow_external_refs = true in [tool.apiforge])"
        " (at /components/schemas/Up/properties/thing/$ref)",
        "api.yaml:15:19: $ref target sub/gone.yaml cannot be read: no such file"
        " (at /components/schemas/Here/properties/missing/$ref)",
    ]
    assert _problems(spec, allow_external_refs=True) == [
        "api.yaml:15:19: $ref target sub/gone.yaml cannot be read: no such file"
        " (at /components/schemas/Here/properties/missing/$ref)",
    ]


def test_an_id_of_a_url_makes_its_refs_remote_and_nothing_is_fetched(
    tmp_path: Path, no_network: None
) -> None:
    spec = _write(
        tmp_path,
        {
            "api.yaml": _spec(
                """\
                A:
                  $id: https://schemas.example.test/a/
                  type: object
                  properties:
                    b: {$ref: b.json}
                """
            ),
            "b.json": '{"type": "string"}\n',  # beside the spec, but not what the $id means
        },
    )
    assert _problems(spec) == [
        "api.yaml:10:13: $ref to a URL (https://schemas.example.test/a/b.json) refused: remote"
        " refs are fetched only when allowed (--allow-remote-refs, or allow_remote_refs = true"
        " in [tool.apiforge]) (at /components/schemas/A/properties/b/$ref)"
    ]


def test_an_identifier_is_the_schema_of_the_file_declaring_it_wherever_it_is_read(
    tmp_path: Path, no_network: None
) -> None:
    # the ref by URL comes before the file declaring it is read, and that file refers to
    # another by a path relative to its own $id: an identifier too
    spec = _write(
        tmp_path,
        {
            "api.yaml": _spec(
                """\
                ByUrl: {$ref: "https://schemas.example.test/pet#name"}
                Pet: {$ref: "models/pet.json"}
                Tag: {$ref: "models/tag.json"}
                """
            ),
            "models/pet.json": """\
                {"$id": "https://schemas.example.test/pet", "type": "object",
                 "properties": {"name": {"$anchor": "name", "type": "string", "maxLength": 5},
                                "tag": {"$ref": "tag#/$defs/Tag"}}}
                """,
            "models/tag.json": """\
                {"$id": "https://schemas.example.test/tag",
                 "$defs": {"Tag": {"type": "string", "minLength": 1}}}
                """,
        },
    )
    config = SpecConfig(spec=spec, output=tmp_path / "out")
    schemas = load_valid(config).data["components"]["schemas"]
    assert schemas["ByUrl"] == {"type": "string", "maxLength": 5}
    tag = schemas["Pet"]["properties"]["tag"]["$ref"].rpartition("/")[2]
    assert schemas[tag] == {"type": "string", "minLength": 1}
    assert not any("$id" in schema or "$anchor" in schema for schema in schemas.values())
    assert _problems(spec, allow_remote_refs=True) == []  # allowed, and still not fetched


def test_a_ref_to_another_resource_of_the_file_points_inside_it(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        {
            "api.yaml": _spec('Inner: {$ref: "lib.json#/$defs/Inner"}\n'),
            "lib.json": """\
                {"$defs": {"A": {"type": "string"},
                           "Inner": {"$id": "https://schemas.example.test/inner",
                                     "properties": {"a": {"$ref": "outer#/$defs/A"},
                                                    "b": {"$ref": "#/$defs/A"}}},
                           "Outer": {"$id": "https://schemas.example.test/outer"}}}
                """,
        },
    )
    # `outer` is the resource beside it, not a file; `#/$defs/A` alone, found nowhere in its
    # resource, is read against the file (the schema at its root)
    assert _problems(spec) == [
        "lib.json:3:43: $ref '#/$defs/Outer/$defs/A' points to nothing: no '$defs' in"
        " /$defs/Outer (at /$defs/Inner/properties/a/$ref)"
    ]
