"""Locating a few pointers from the event stream gives the replay's positions, or declines."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ApiforgeError
from generator.load import Document, load, locate
from generator.load.blocks import SPLIT_AT, plain_key
from generator.load.locate import Unsupported, Walks, track
from generator.load.yaml_parser import parse_yaml
from generator.openapi import escape_pointer_token
from tests.unit.load.specs import TEXTS, edits

YAML = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: "t", version: '1'}
    paths:
      /a/{id}:
        get:
          parameters:
            - name: id
              in: path
            - {name: q, in: query}
          responses:
            "200":
              description: ok
    components:
      schemas:
        "a~b/c":
          type: object
          properties:
            x: &shared {type: string, maxLength: 3}
            y: *shared
            ? long key
            : {type: integer}
        Base: &base
          type: object
          required: [id]
        Merged:
          <<: *base
          description: merged
    """
)


def _pointers(data: object, pointer: str = "") -> list[str]:
    out = [pointer]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _pointers(value, f"{pointer}/{escape_pointer_token(key)}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _pointers(value, f"{pointer}/{index}")
    return out


def _replayed(doc: Document, pointer: str) -> tuple[int, int] | None:
    return Document(doc.path, doc.data, doc.sha256).position(pointer)


@pytest.mark.parametrize("name", ["spec.yaml", "spec.json"])
def test_each_pointer_alone_is_where_the_replay_puts_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    text = YAML.replace("<<: *base", "allOf: []")  # JSON has no merge keys
    if name.endswith(".json"):
        text = json.dumps(load(_write(tmp_path / "y.yaml", text)).data, indent=2)
    doc = load(_write(path, text))
    for pointer in [*_pointers(doc.data), "/nope", "/paths/nope/x", "no-slash"]:
        try:
            found = track(path.read_text(encoding="utf-8"), [pointer])
        except Unsupported:
            assert "/y/" in pointer + "/"  # only through the alias
            continue
        assert found.get(pointer, None) == _replayed(doc, pointer), pointer


def test_many_pointers_at_once(tmp_path: Path) -> None:
    doc = load(_write(tmp_path / "s.yaml", YAML.replace("<<: *base", "allOf: []")))
    wanted = [
        p
        for p in _pointers(doc.data)
        if not p.startswith("/components/schemas/a~0b~1c/properties/y/")
    ]
    found = track(doc.path.read_text(encoding="utf-8"), wanted)
    assert {p: found[p] for p in wanted} == {p: _replayed(doc, p) for p in wanted}


def test_merge_or_alias_on_the_way_declines(tmp_path: Path) -> None:
    text = _write(tmp_path / "s.yaml", YAML).read_text(encoding="utf-8")
    with pytest.raises(Unsupported):
        track(text, ["/components/schemas/Merged/required"])
    with pytest.raises(Unsupported):
        track(text, ["/components/schemas/a~0b~1c/properties/y/type"])
    # the alias itself, and what sits beside a merge, are found
    found = track(text, ["/components/schemas/a~0b~1c/properties/y", "/components/schemas/Base"])
    assert found["/components/schemas/a~0b~1c/properties/y"] == (19, 9)


def test_stops_at_the_last_wanted_node(tmp_path: Path) -> None:
    # what follows it (here a merge key in a mapping on the way) cannot move a key found
    text = "base: &base {x: 1}\nm:\n  wanted: 2\n  <<: *base\nrest: [1, *nowhere]\n"
    found = track(text, ["/m/wanted"])
    assert found == {"": (1, 1), "/m": (2, 1), "/m/wanted": (3, 3)}
    doc = load(_write(tmp_path / "s.yaml", text.replace(", *nowhere", "")))
    assert _replayed(doc, "/m/wanted") == (3, 3)


def test_document_locate_then_problem_without_a_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = load(_write(tmp_path / "s.yaml", YAML))
    doc.locate(["/components/schemas/Base/required/0", "/paths/~1a~1{id}/get/nope"])
    monkeypatch.setattr("generator.load.record_positions", _no_replay)
    assert doc.problem("m", "/components/schemas/Base/required/0").line == 24
    assert doc.problem("m", "/paths/~1a~1{id}/get/nope").line == 5  # the nearest parent


def test_document_locate_declining_falls_back_to_the_replay(tmp_path: Path) -> None:
    doc = load(_write(tmp_path / "s.yaml", YAML))
    doc.locate(["/components/schemas/Merged/required/0"])
    assert doc.position("/components/schemas/Merged/required/0") == (24, 18)


def _no_replay(path: Path, digest: str) -> None:
    raise AssertionError("replayed")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ block by block, as a whole


def _outcome(text: str, pointers: list[str], split_at: int) -> object:
    try:
        return track(text, pointers, split_at)
    except Unsupported:
        return Unsupported


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("split_at", [0, 512])
def test_followed_by_blocks_as_through_the_whole_text(name: str, split_at: int) -> None:
    text = TEXTS[name]
    pointers = _pointers(parse_yaml(name, text))
    whole = _outcome(text, pointers, len(text))
    assert _outcome(text, pointers, split_at) == whole
    for pointer in pointers[:: max(1, len(pointers) // 40)]:  # alone, each block met first
        assert _outcome(text, [pointer], split_at) == _outcome(text, [pointer], len(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits(), st.sampled_from([0, 256]), st.randoms(use_true_random=False))
def test_an_edited_spec_is_followed_by_blocks_as_through_the_whole_text(
    edit: tuple[str, str], split_at: int, random: Random
) -> None:
    name, text = edit
    try:
        data = parse_yaml(name, text)
    except ApiforgeError:
        return  # no document: nothing is located in it
    pointers = _pointers(data)
    some = [*random.sample(pointers, min(len(pointers), 30)), "/nope", "/paths/nope/x"]
    assert _outcome(text, some, split_at) == _outcome(text, some, len(text))


def test_a_large_text_reads_only_the_blocks_on_the_way(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = "".join(f"  /p{i}:\n    get:\n      summary: '{'x' * 40}'\n" for i in range(400))
    text = f"openapi: 3.1.0\npaths:\n{entries}components: {{}}\n"
    read: list[int] = []
    walk = locate._walk
    monkeypatch.setattr(locate, "_walk", lambda part, *a: read.append(len(part)) or walk(part, *a))
    found = track(text, ["/paths/~1p300/get/summary"], 1024)
    assert max(read) < 200  # the entry's block, the headers on the way and the first key
    assert found["/paths/~1p300/get/summary"] == (2 + 300 * 3 + 3, 7)
    assert found == track(text, ["/paths/~1p300/get/summary"], len(text))


def test_each_key_of_a_level_is_looked_for_once_whatever_the_pointers_below_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Many pointers under the same entries (the skipped schemas of a large spec) do not
    read the key lines on their way once per pointer."""
    entries = "".join(f"  /p{i}:\n    get:\n      summary: '{'x' * 40}'\n" for i in range(50))
    text = f"openapi: 3.1.0\npaths:\n{entries}components: {{}}\n"
    pointers = [f"/paths/~1p{i}/get/summary" for i in range(50)]
    looked: list[tuple[int, str]] = []
    key = locate.entry_key
    monkeypatch.setattr(
        locate, "entry_key", lambda t, start, k: looked.append((start, k)) or key(t, start, k)
    )
    found = track(text, pointers, 256)
    assert len(looked) == len(set(looked))  # no key line read twice for the same key
    assert found == track(text, pointers, len(text))


def test_plain_keys_are_indexed_and_others_read_with_the_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = [f"/p{i}/{{id}}.json" for i in range(30)]
    quoted = ["'/q 1'", '"/q: 2"', "'-x'"]
    entries = "".join(f"  {k}:\n    get:\n      summary: '{'x' * 40}'\n" for k in [*plain, *quoted])
    text = f"openapi: 3.1.0\npaths:\n{entries}components: {{}}\n"
    keys = [*plain, "/q 1", "/q: 2", "-x"]
    pointers = [f"/paths/{escape_pointer_token(k)}/get/summary" for k in keys]
    looked: list[str] = []
    key = locate.entry_key
    monkeypatch.setattr(locate, "entry_key", lambda t, s, k: looked.append(k) or key(t, s, k))
    found = track(text, pointers, 256)
    assert set(looked) == {"/q 1", "/q: 2", "-x"}  # no plain key's line read by the parser
    assert found == track(text, pointers, len(text))
    assert all(found[p] is not None for p in pointers)


# what a key may hold: the characters that make a YAML key plain, quoted or odd
_KEY_TEXT = st.text(alphabet=" -?:,[]{}#&*!|>'\"%@`<./$_~aZ09é\\", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(_KEY_TEXT)
def test_a_plain_key_read_from_its_line_is_the_key_the_parser_reads(written: str) -> None:
    text = f"a:\n  {written}: 1\n"
    try:
        parse_yaml("k.yaml", text)
    except ApiforgeError:
        return  # not a key line YAML reads: never a block of a plan
    read = plain_key(text, 3)
    if read is not None:  # the key the parser's event gives, as entry_key reads it
        assert locate.entry_key(text, 3, read)


# ------------------------------------------------------------------ walks kept for the next run


def _entries_text(summaries: list[str]) -> str:
    entries = "".join(
        f"  /p{i}:\n    get:\n      summary: '{s}'\n" for i, s in enumerate(summaries)
    )
    return f"openapi: 3.1.0\npaths:\n{entries}components: {{}}\n"


def _counting_walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    walked: list[str] = []
    walk = locate._walk
    monkeypatch.setattr(locate, "_walk", lambda part, *a: walked.append(part) or walk(part, *a))
    return walked


def test_a_block_walked_before_is_not_walked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _entries_text(["x" * 40] * 20)
    pointers = [f"/paths/~1p{i}/get/summary" for i in (3, 7, 12)]
    first = Walks()
    found = track(text, pointers, 256, walks=first)
    assert first.changed() and found == track(text, pointers, len(text))
    walked = _counting_walks(monkeypatch)
    again = Walks(first.now)
    assert track(text, pointers, 256, walks=again) == found
    assert walked == [] and not again.changed()
    # one block edited (and lines added above the others): that block alone is walked again
    edited = text.replace("  /p7:\n    get:\n", "  /p7:\n    # a note\n    get:\n")
    edited = edited.replace("paths:\n", "paths:\n  # moved down\n")
    whole = track(edited, pointers, len(edited))
    walked.clear()
    later = Walks(again.now)
    assert track(edited, pointers, 256, walks=later) == whole
    assert [part.split("\n")[1] for part in walked] == ["  # moved down", "    # a note"]
    assert later.changed()
    # other pointers in an unchanged block: that block's walk is made for them
    walked.clear()
    assert track(edited, [pointers[0] + "/nope"], 256, walks=Walks(later.now))
    assert len(walked) == 1


@pytest.mark.parametrize(
    "kept", [None, [], [(1, 1, 1)] * 4, [("1", 1)] * 4, [[1, 1]] * 4, [None] * 9, "x", 3]
)
def test_a_kept_walk_that_is_not_one_is_walked_again(
    monkeypatch: pytest.MonkeyPatch, kept: object
) -> None:
    text = _entries_text(["x" * 40] * 20)
    pointer = "/paths/~1p3/get/summary"
    first = Walks()
    found = track(text, [pointer], 256, walks=first)
    walked = _counting_walks(monkeypatch)
    damaged = Walks(dict.fromkeys(first.now, kept))
    assert track(text, [pointer], 256, walks=damaged) == found
    assert len(walked) == len(first.now)
    assert damaged.now == first.now


def test_document_locate_keeps_its_walks_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    text = _entries_text(["x" * 40] * 3000)
    assert len(text) > SPLIT_AT  # followed block by block
    spec = _write(tmp_path / "s.yaml", text)
    pointers = [f"/paths/~1p{i}/get/summary" for i in (3, 2012)]
    first = load(spec)
    first.locate(pointers)
    assert len(list((tmp_path / "cache").glob("located-*"))) == 1
    walked = _counting_walks(monkeypatch)
    second = load(spec)
    second.locate(pointers)
    assert walked == []
    replayed = {pointer: _replayed(first, pointer) for pointer in pointers}
    monkeypatch.setattr("generator.load.record_positions", _no_replay)
    for pointer in pointers:
        assert second.position(pointer) == first.position(pointer) == replayed[pointer]
