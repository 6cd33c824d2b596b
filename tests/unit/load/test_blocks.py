"""Parsing YAML by blocks gives what a whole parse gives, or leaves the text to the whole parse."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import parallel
from generator.errors import ApiforgeError
from generator.load import blocks, load
from generator.load.blocks import known, parse_blocks, parse_kept, plan
from generator.load.cache import blocks_file
from generator.load.yaml_parser import MAX_DEPTH, parse_yaml
from tests.unit.load.specs import PIECES, TEXTS, edits

linux = pytest.mark.skipif(sys.platform != "linux", reason="fork is used on Linux only")


def outcome(parse: Callable[[], Any]) -> tuple[str, str]:
    """("ok", the data as JSON text: types and key order count) or ("error", the message)."""
    try:
        return "ok", json.dumps(parse())
    except ApiforgeError as exc:
        return "error", str(exc)


def by_blocks(text: str, kept: dict[bytes, Any] | None = None, split_at: int = 0) -> Any:
    parsed = parse_blocks("s.yaml", text, kept or {}, split_at)
    assert parsed is not None, "the text was left to the whole parse"
    return parsed[0]


def assert_same_as_whole(text: str, kept: dict[bytes, Any], split_at: int) -> None:
    """Block parsing agrees with the whole parse: the same data, or it declines."""
    whole = outcome(lambda: parse_yaml("s.yaml", text))
    for blocks_kept in (kept, {}):
        parsed = parse_blocks("s.yaml", text, blocks_kept, split_at)
        if parsed is not None:
            assert whole == ("ok", json.dumps(parsed[0])), (whole, text)


# --------------------------------------------------------------------------- real and generated


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("split_at", [0, 512, blocks.SPLIT_AT])
def test_specs_parse_by_blocks_to_the_whole_parse(name: str, split_at: int) -> None:
    text = TEXTS[name]
    whole = json.dumps(parse_yaml(name, text))
    parsed = parse_blocks(name, text, {}, split_at)
    if parsed is not None:
        assert json.dumps(parsed[0]) == whole
        again = parse_blocks(name, text, known(*parsed), split_at)
        assert again is not None
        assert json.dumps(again[0]) == whole


def test_most_specs_are_cut_into_blocks() -> None:
    declined = [name for name, text in TEXTS.items() if parse_blocks(name, text, {}, 0) is None]
    # anchors and aliases (secrets), a document of flow collections: whole parses
    assert set(declined) <= {"secrets_31.yaml", "kitchen-sink (flow)"}, declined


@pytest.fixture
def beside(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every text parsed by two processes, however short; whether each parse had a child."""
    monkeypatch.setattr(blocks, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)  # pytest's threads would forbid it
    children: list[bool] = []
    real = parallel.Forked.__init__

    def counted(self: parallel.Forked[Any], *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        children.append(self.running)

    monkeypatch.setattr(parallel.Forked, "__init__", counted)
    return children


@linux
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_specs_parsed_by_two_processes_parse_to_the_whole_parse(
    name: str, beside: list[bool]
) -> None:
    text = TEXTS[name]
    parsed = parse_blocks(name, text, {}, 512)
    if parsed is not None:
        assert json.dumps(parsed[0]) == json.dumps(parse_yaml(name, text))
        assert beside and all(beside), "no child parsed a half"


@linux
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_an_edited_spec_parsed_by_two_processes_parses_to_the_whole_parse(
    edit: tuple[str, str],
) -> None:
    with (
        mock.patch.object(blocks, "PARALLEL_FROM", 0),
        mock.patch.object(parallel, "_can_fork", lambda: True),
    ):
        assert_same_as_whole(edit[1], {}, 256)


@linux
@pytest.mark.usefixtures("beside")
def test_a_block_of_the_childs_half_that_cannot_stand_alone_leaves_the_whole_parse() -> None:
    text = "".join(f"s{i}:\n  title: T{i}\n" for i in range(20)) + "last: &x 1\nagain: *x\n"
    assert parse_blocks("s.yaml", text, {}, 0) is None
    assert parse_kept("s.yaml", text, None, "0") == parse_yaml("s.yaml", text)


# ------------------------------------------------------------------------------- random edits

_KNOWN: dict[tuple[str, int], dict[bytes, Any]] = {}


def known_blocks(name: str, split_at: int) -> dict[bytes, Any]:
    """The blocks of the unedited spec, as the last parse kept them."""
    if (name, split_at) not in _KNOWN:
        parsed = parse_blocks(name, TEXTS[name], {}, split_at)
        _KNOWN[name, split_at] = {} if parsed is None else known(*parsed)
    return _KNOWN[name, split_at]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits(), st.sampled_from([0, 256]))
def test_an_edited_spec_parses_by_blocks_to_the_whole_parse(
    edit: tuple[str, str], split_at: int
) -> None:
    name, text = edit
    assert_same_as_whole(text, known_blocks(name, split_at), split_at)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "a", "b", "c: d", "\n  ", "\n    ", "e:"]), max_size=12))
def test_text_made_of_yaml_pieces_parses_by_blocks_to_the_whole_parse(pieces: list[str]) -> None:
    text = "a:\n  b:\n    c: 1\n  d: 2\n" + "".join(pieces) + "\ne:\n  f: [1, 2]\n"
    assert_same_as_whole(text, {}, 0)


# --------------------------------------------------------------------- what blocks never hide

MAPPING = "a:\n  b: 1\n  c: 2\nd: 3\n"


def test_a_key_repeated_in_another_block_is_left_to_the_whole_parse() -> None:
    assert parse_blocks("s.yaml", "a:\n  b: 1\n  c: 2\n  b: 3\n", {}, 0) is None
    assert parse_blocks("s.yaml", MAPPING + "a: 4\n", {}, 0) is None


def test_an_alias_to_another_block_is_left_to_the_whole_parse() -> None:
    text = "a:\n  b: &x {k: 1}\n  c: *x\n"
    assert parse_blocks("s.yaml", text, {}, 0) is None
    assert parse_blocks("s.yaml", "a: &x 1\nb: 2\n", {}, 0) is None  # even an unused anchor


@pytest.mark.parametrize(
    "text",
    [
        "a:\n\tb: 1\n",
        "a: 1\rb: 2\r\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "  a: 1\n  b: 2\n",
        "- a\n- b\n",
        "{a: 1,\nb: 2}\n",
        "? a\n: 1\n",
        "",
        "# only a comment\n",
    ],
)
def test_text_the_scan_cannot_vouch_for_is_left_to_the_whole_parse(text: str) -> None:
    assert plan(text, 0) is None or parse_blocks("s.yaml", text, {}, 0) is None


@pytest.mark.parametrize(
    "text",
    [
        'a: "one\nb: two"\nc: 3\n',  # a quoted scalar over a line that looks like a key
        "a: 'one\n\nb: two'\nc: 3\n",
        "a: {x: 1,\nb: 2}\nc: 3\n",  # a flow mapping over such a line
        "a: [1,\nb]\nc: 3\n",
        "a:\n  b: |\n    x\n  c: >\n    y\n\n  d: z\n",  # block scalars end at the key
        "a:\n  b: one\n    two\n  c: 3\n",  # a plain scalar over lines
        "a:\n  b: 1\n c: 2\n",  # a line indented less than the mapping
        "a:\n  - b: 1\n  c: 2\n",
        "a:\n  b: 1\n  - c\n",
        "a:\n  b: 1\n  ? c\n  : 2\n",
        "a:\n  b: 1\n  : 2\n",
        "a:\n  b: 1\n  <<: {c: 2}\n",
        'a:\n  b: 1\n  \'c\': 2\n  "d\\"": 3\n',
        "a:\n  b: 1\n  c:d: 2\n  e#f: 3\n  g #h: 4\n",
        "a:\n  b: 1\n  c\n  d: 2\n",
        "a:\n  b: 1\n  c: 2 # note\n# between\n  d: 3\n",
        "a:\n  200: 1\n  true: 2\n  null: 3\n  1.5: 4\n",
        "a:\n  b: !!str 1\n  c: !!int '2'\n",
        "a: 1\nb: .nan\n",
        "a:\n  b:\n  c: 1\n",
    ],
)
def test_lines_that_only_look_like_entries(text: str) -> None:
    assert_same_as_whole(text, {}, 0)


def test_repeated_key_lines_parse_by_blocks() -> None:
    assert by_blocks("a:\n  b: 1\n  'c': 2\n  c:d: 3\n") == {"a": {"b": 1, "c": 2, "c:d": 3}}


def test_the_depth_bound_counts_the_levels_above_a_block() -> None:
    def nested(levels: int) -> str:  # the root, a, b, then lists down to `levels` in all
        return "a:\n  b:\n    c: " + "[" * (levels - 3) + "]" * (levels - 3) + "\n  d: 1\n"

    assert by_blocks(nested(MAX_DEPTH))["a"]["d"] == 1
    assert outcome(lambda: parse_yaml("s.yaml", nested(MAX_DEPTH + 1)))[0] == "error"
    assert parse_blocks("s.yaml", nested(MAX_DEPTH + 1), {}, 0) is None


def test_a_block_met_twice_shares_no_container() -> None:
    data = by_blocks("a:\n  x:\n    k: [1]\nb:\n  x:\n    k: [1]\n")
    assert data == {"a": {"x": {"k": [1]}}, "b": {"x": {"k": [1]}}}
    assert data["a"]["x"] is not data["b"]["x"]
    assert data["a"]["x"]["k"] is not data["b"]["x"]["k"]


def test_only_the_changed_blocks_are_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"s{i}:\n  type: object\n  title: T{i}\n" for i in range(50))
    kept = known(*parse_blocks("s.yaml", text, {}, 0))  # type: ignore[misc]
    parsed: list[str] = []
    real = blocks._Assembly.parse

    def spy(self: Any, chunk: str, depth: int) -> Any:
        parsed.append(chunk)
        return real(self, chunk, depth)

    monkeypatch.setattr(blocks._Assembly, "parse", spy)
    edited = text.replace("title: T7\n", "title: Seven\n")
    assert json.dumps(by_blocks(edited, kept)) == json.dumps(parse_yaml("s.yaml", edited))
    assert parsed == ["  title: Seven\n"]


# ------------------------------------------------------------------ through load and the cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(folder))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    with mock.patch.object(blocks, "BLOCKS_FROM", 0):
        yield folder


SPEC = textwrap.dedent(
    """\
    openapi: 3.0.3
    info:
      title: Pets
      version: '1'
    paths:
      /pets:
        get:
          responses:
            '200':
              description: the pets
      /pets/{id}:
        get:
          responses:
            '200':
              description: one pet
    """
)


def test_load_keeps_the_blocks_of_a_large_spec_and_reuses_them(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SPEC, encoding="utf-8")
    load(path)
    store = blocks_file(path)
    assert store is not None and store.is_file()
    path.write_text(SPEC.replace("one pet", "a pet"), encoding="utf-8")
    assert load(path).data == load(path, use_cache=False).data
    assert load(path).data["paths"]["/pets/{id}"]["get"]["responses"]["200"] == {
        "description": "a pet"
    }


def test_a_small_spec_keeps_no_blocks(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SPEC, encoding="utf-8")
    with mock.patch.object(blocks, "BLOCKS_FROM", len(SPEC) + 1):
        load(path)
    assert not list(cache.glob("blocks-*"))


def test_no_cache_keeps_no_blocks(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SPEC, encoding="utf-8")
    with mock.patch.dict(os.environ, {"APIFORGE_NO_CACHE": "1"}):
        load(path)
    assert not cache.exists()


@pytest.mark.parametrize(
    "damage", ["absent", "empty", "garbage", "truncated", "data-absent", "wrong-places"]
)
def test_damaged_or_absent_blocks_are_parsed_again(
    tmp_path: Path, cache: Path, damage: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SPEC, encoding="utf-8")
    load(path)
    store = blocks_file(path)
    assert store is not None
    if damage == "absent":
        store.unlink()
    elif damage == "empty":
        store.write_bytes(b"")
    elif damage == "garbage":
        store.write_bytes(b"apiforge-load\x00" + b"\x00" * 32 + b"\xff")
    elif damage == "truncated":
        store.write_bytes(store.read_bytes()[:-3])
    elif damage == "data-absent":  # the data the entry names
        kept = blocks.cache_get(store)
        path_of_data = blocks.cache_file(kept["sha256"])
        assert path_of_data is not None
        path_of_data.unlink()
    else:
        kept = blocks.cache_get(store)
        places = {
            digest: (("nowhere", *keys), header)
            for digest, (keys, header) in kept["places"].items()
        }
        blocks.cache_put(store, {"sha256": kept["sha256"], "places": places})
    edited = SPEC.replace("the pets", "all pets")
    path.write_text(edited, encoding="utf-8")
    assert json.dumps(load(path).data) == json.dumps(parse_yaml("s.yaml", edited))


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text + "openapi: 3.1.0\n",  # a key repeated across blocks
        lambda text: text.replace("  /pets/{id}:", "  /pets:"),
        lambda text: text.replace("version: '1'", "version: &v '1'\nx: *v"),
        lambda text: text.replace("the pets", '"the pets'),
        lambda text: text.replace("      /pets", "\t/pets"),
    ],
    ids=["repeated-top-key", "repeated-path", "alias", "open-quote", "tab"],
)
def test_an_edited_spec_loads_as_the_whole_parse_does(
    tmp_path: Path, cache: Path, edit: Callable[[str], str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SPEC, encoding="utf-8")
    load(path)
    path.write_text(edit(SPEC), encoding="utf-8")
    assert outcome(lambda: load(path).data) == outcome(lambda: load(path, use_cache=False).data)


def test_parse_kept_without_a_path_parses_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock.patch.object(blocks, "BLOCKS_FROM", 0):
        assert parse_kept("s.yaml", SPEC, None, "0" * 64) == parse_yaml("s.yaml", SPEC)


def test_a_path_that_does_not_resolve_keeps_no_blocks(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def loop(self: Path, strict: bool = False) -> Path:
        raise RuntimeError("symlink loop")

    monkeypatch.setattr(Path, "resolve", loop)
    assert blocks_file(Path("s.yaml")) is None
    assert parse_kept("s.yaml", SPEC, Path("s.yaml"), "0" * 64) == parse_yaml("s.yaml", SPEC)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits(), st.sampled_from([0, 512]))
def test_load_of_an_edited_spec_says_what_a_whole_parse_says(
    edit: tuple[str, str], split_at: int
) -> None:
    name, text = edit
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.dict(os.environ, {"APIFORGE_CACHE_DIR": folder}),
        mock.patch.object(blocks, "BLOCKS_FROM", 0),
        mock.patch.object(blocks, "SPLIT_AT", split_at),
    ):
        os.environ.pop("APIFORGE_NO_CACHE", None)
        path = Path(folder) / "spec.yaml"
        path.write_text(TEXTS[name], encoding="utf-8", newline="")
        load(path)
        path.write_text(text, encoding="utf-8", newline="")
        kept = outcome(lambda: load(path).data)
        assert kept == outcome(lambda: load(path, use_cache=False).data)
