"""Loading a spec: JSON-compatible data, bounds, exact located errors, lazy positions, the cache."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import generator.load as load_module
from generator.errors import EXIT_FINDING, EXIT_USAGE, ApiforgeError
from generator.load import Document, load
from generator.load.cache import cache_dir
from generator.load.yaml_parser import MAX_DEPTH, Builder

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(folder))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def failure(path: Path) -> ApiforgeError:
    with pytest.raises(ApiforgeError) as caught:
        load(path, use_cache=False)
    return caught.value


# ------------------------------------------------------------------------ JSON-compatible data


def test_yaml_values_come_out_as_json_data(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        """\
        responses:
          200: {description: ok}
          default: {description: other}
        true: yes-key
        1.5: float-key
        released: 2001-12-14
        stamp: 2001-12-14t21:59:43.10-05:00
        count: 0x10
        big: 1_000
        ratio: 0.5
        flag: yes
        nothing: ~
        text: |
          two
          lines
        """,
    )
    data = load(path).data
    assert data == {
        "responses": {"200": {"description": "ok"}, "default": {"description": "other"}},
        "true": "yes-key",
        "1.5": "float-key",
        "released": "2001-12-14",
        "stamp": "2001-12-14t21:59:43.10-05:00",
        "count": 16,
        "big": "1_000",  # YAML 1.2's core schema: no underscores in numbers
        "ratio": 0.5,
        "flag": "yes",  # YAML 1.2: only true and false are booleans
        "nothing": None,
        "text": "two\nlines\n",
    }
    assert json.loads(json.dumps(data)) == data


SCALARS_11_AND_12 = """\
on: on
off: Off
yes: YES
no: no
country: NO
mode: 0755
time: 1:30
exponent: 1e3
octal: 0o17
hex: 0x1F
padded: 012
big: 1_000
truth: True
"""


def test_plain_scalars_are_read_by_yaml_12s_core_schema(tmp_path: Path) -> None:
    # OpenAPI recommends YAML 1.2, and the field's editors and linters read it: `on`, `no`
    # (Norway's code) and `0755` are what they look like, not booleans and octal numbers
    data = load(write(tmp_path, "s.yaml", SCALARS_11_AND_12)).data
    assert data == {
        "on": "on",
        "off": "Off",
        "yes": "YES",
        "no": "no",
        "country": "NO",
        "mode": 755,
        "time": "1:30",
        "exponent": 1000.0,
        "octal": 15,
        "hex": 31,
        "padded": 12,
        "big": "1_000",
        "truth": True,
    }


def test_a_document_that_says_yaml_11_is_read_as_yaml_11(tmp_path: Path) -> None:
    data = load(write(tmp_path, "s.yaml", "%YAML 1.1\n---\n" + SCALARS_11_AND_12)).data
    assert data == {
        "on": True,
        "off": False,
        "yes": True,
        "no": False,
        "country": False,
        "mode": 493,
        "time": 90,
        "exponent": "1e3",
        "octal": "0o17",
        "hex": 31,
        "padded": 10,
        "big": 1000,
        "truth": True,
    }
    said_12 = load(write(tmp_path, "t.yaml", "%YAML 1.2\n---\n" + SCALARS_11_AND_12)).data
    assert said_12 == load(write(tmp_path, "u.yaml", SCALARS_11_AND_12)).data


def test_merge_keys_and_aliases(tmp_path: Path) -> None:
    path = write(
        tmp_path, "s.yaml", "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nlist: [*b, '<<']\n"
    )
    data = load(path).data
    assert data["m"] == {"x": 1, "y": 3}
    assert data["list"] == [{"x": 1, "y": 2}, "<<"]


def test_json_file_is_parsed_as_json_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        '\ufeff{"openapi": "3.1.0", "n": 1e5, "k": {"200": [true, null]}}', encoding="utf-8"
    )
    assert load(path).data == {"openapi": "3.1.0", "n": 100000.0, "k": {"200": [True, None]}}


def test_json_looking_yaml_without_a_suffix_falls_back_to_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "spec", "{openapi: 3.1.0, info: {title: t}}\n")
    doc = load(path)
    assert doc.data == {"openapi": "3.1.0", "info": {"title": "t"}}
    assert doc.position("/info/title") == (1, 25)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_yaml_is_none(tmp_path: Path, text: str) -> None:
    assert load(write(tmp_path, "s.yaml", text)).data is None


# -------------------------------------------------------------------------------- exact errors


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("dup.yaml", "x:\n  a: 1\n  a: 2\n", "dup.yaml:3:3: duplicate key 'a' (at /x/a)"),
        ("dup.json", '{"x": {"a": 1,\n  "a": 2}}', "dup.json:2:3: duplicate key 'a' (at /x/a)"),
        (
            "dup-top.yaml",
            "openapi: 3.1.0\ninfo: {}\nopenapi: 3.0.0\n",
            "dup-top.yaml:3:1: duplicate key 'openapi' (at /openapi)",
        ),
        (
            "syntax.yaml",
            "a: [1, 2\nb: c\n",
            "syntax.yaml:2:2: invalid YAML: did not find expected ',' or ']'"
            " (while parsing a flow sequence at line 1)",
        ),
        (
            "syntax2.yaml",
            "a: b: c\n",
            "syntax2.yaml:1:5: invalid YAML: mapping values are not allowed in this context",
        ),
        (
            "syntax.json",
            '{"a": 1,}',
            "syntax.json:1:9: invalid JSON: Expecting property name enclosed in double quotes",
        ),
        (
            "yaml.json",
            "openapi: 3.0.3\n",
            "yaml.json:1:1: invalid JSON: Expecting value (a .json file holds JSON, which starts"
            " with { or [: if this is YAML, name it .yaml)",
        ),
        (
            "nan.json",
            '{"a": [1,\n NaN]}',
            "nan.json:2:2: NaN is not a valid JSON number (NaN and infinity are not allowed)",
        ),
        (
            "inf.json",
            '{"a": 1e999}',
            "inf.json:1:7: 1e999 is not a valid JSON number (NaN and infinity are not allowed)",
        ),
        (
            "nan.yaml",
            "a:\n  b: .nan\n",
            "nan.yaml:2:6: .nan is not a valid JSON number (NaN and infinity are not allowed)"
            " (at /a/b)",
        ),
        (
            "inf.yaml",
            "a: [-.inf]\n",
            "inf.yaml:1:5: -.inf is not a valid JSON number (NaN and infinity are not allowed)"
            " (at /a/0)",
        ),
        (
            "binary.yaml",
            "a: !!binary aGVsbG8=\n",
            "binary.yaml:1:4: unsupported YAML tag 'tag:yaml.org,2002:binary': a spec must be"
            " JSON-compatible data (at /a)",
        ),
        (
            "python.yaml",
            "a: !!python/object/apply:os.system [ls]\n",
            "python.yaml:1:4: unsupported YAML tag"
            " 'tag:yaml.org,2002:python/object/apply:os.system':"
            " use a plain mapping or list (at /a)",
        ),
        (
            "bool.yaml",
            "a:\n  b: !!bool maybe\n",
            "bool.yaml:2:6: 'maybe' is not a YAML boolean (true or false, yes or no, on or off),"
            " as its tag !!bool says (at /a/b)",
        ),
        (
            "empty-int.yaml",
            "a: !!int ''\n",
            "empty-int.yaml:1:4: '' is not a YAML integer, as its tag !!int says (at /a)",
        ),
        (
            "empty-float.yaml",
            "a: [!!float ]\n",
            "empty-float.yaml:1:5: '' is not a YAML number, as its tag !!float says (at /a/0)",
        ),
        (
            "recursive.yaml",
            "a: &a [1, *a]\n",
            "recursive.yaml:1:11: recursive alias *a (a value cannot contain itself) (at /a/1)",
        ),
        (
            "undefined.yaml",
            "a: *nope\n",
            "undefined.yaml:1:4: alias *nope refers to no anchor &nope (at /a)",
        ),
        (
            "two.yaml",
            "a: 1\n---\nb: 2\n",
            "two.yaml:2:1: more than one YAML document in the file; a spec is one document",
        ),
        (
            "complex.yaml",
            "? [a]\n: 1\n",
            "complex.yaml:1:3: a mapping key must be a string, not a mapping or list (at /)",
        ),
        (
            "control.yaml",
            "a: 1\nb: \x07\n",
            "control.yaml:2:4: invalid YAML: control characters are not allowed",
        ),
    ],
    ids=lambda value: value if str(value).endswith((".yaml", ".json")) else "",
)
def test_exact_message_and_position(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    error = failure(path)
    assert error.exit_code == EXIT_FINDING
    assert [str(p) for p in error.problems] == [f"{tmp_path}/{expected}"]


def test_missing_file_and_directory_are_usage_errors(tmp_path: Path) -> None:
    missing = failure(tmp_path / "nope.yaml")
    assert missing.exit_code == EXIT_USAGE
    assert str(missing) == f"{tmp_path}/nope.yaml: no such file"
    folder = failure(tmp_path)
    assert folder.exit_code == EXIT_USAGE
    assert str(folder) == f"{tmp_path}: is a directory, not a spec file"


def test_non_utf8_bytes_are_a_usage_error_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"openapi: 3.1.0\ninfo:\n  title: caf\xe9\n")
    error = failure(path)
    assert error.exit_code == EXIT_USAGE
    expected = f"{path}:3:13: not UTF-8 text (byte 0xe9); save the spec as UTF-8"
    assert str(error) == expected


# ------------------------------------------------------------------------------------- bounds

_RUN_BOUNDED = """
import sys, time
from generator.errors import ApiforgeError
from generator.load import load
start = time.perf_counter()
try:
    load(sys.argv[1], use_cache=False)
except ApiforgeError as exc:
    print(round(time.perf_counter() - start, 3), exc.problems[0].message)
else:
    print("loaded")
"""


def run_bounded(path: Path) -> tuple[float, str]:
    """Load in a child process: a hang is killed by the timeout, a crash cannot take pytest."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN_BOUNDED, str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "RecursionError" not in done.stdout + done.stderr
    seconds, _, message = done.stdout.strip().partition(" ")
    return float(seconds), message


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    seconds, message = run_bounded(path)
    assert message == "aliases expand to more than 1,000,000 nodes (an alias bomb?)"
    assert seconds < 0.5


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lists.json", "[" * 100_000 + "]" * 100_000),
        ("maps.json", '{"a":' * 100_000 + "1" + "}" * 100_000),
        ("lists.yaml", "[" * 100_000 + "]" * 100_000),
        ("maps.yaml", "{a: " * 100_000 + "x" + "}" * 100_000),
        ("block.yaml", "- " * 100_000 + "x\n"),
    ],
    ids=["json-lists", "json-maps", "yaml-flow-lists", "yaml-flow-maps", "yaml-block-lists"],
)
def test_deep_nesting_is_a_clean_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    seconds, message = run_bounded(path)
    assert message == f"nesting deeper than {MAX_DEPTH} levels"
    assert seconds < 2


def test_depth_limit_is_the_same_for_json_and_yaml(tmp_path: Path) -> None:
    for depth, ok in ((MAX_DEPTH, True), (MAX_DEPTH + 1, False)):
        for name in ("d.json", "d.yaml"):
            path = tmp_path / name
            path.write_text("[" * depth + "]" * depth, encoding="utf-8")
            if ok:
                assert load(path, use_cache=False).data is not None
            else:
                error = failure(path)
                assert str(error) == f"{path}:1:{MAX_DEPTH + 1}: nesting deeper than 256 levels"


# ---------------------------------------------------------------------------------- positions

SPEC = """\
openapi: 3.1.0
info:
  title: Pets
  version: '1'
paths:
  /pets/{id}:
    get:
      responses:
        200:
          description: ok
      tags: [a, "b"]
"""


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("", (1, 1)),
        ("/openapi", (1, 1)),
        ("/info/version", (4, 3)),
        ("/paths/~1pets~1{id}", (6, 3)),
        ("/paths/~1pets~1{id}/get/responses/200/description", (10, 11)),
        ("/paths/~1pets~1{id}/get/tags/1", (11, 17)),
        ("/paths/~1pets~1{id}/get/tags/2", None),
        ("/nope", None),
        ("no-slash", None),
    ],
)
def test_position_of_a_pointer(
    tmp_path: Path, pointer: str, expected: tuple[int, int] | None
) -> None:
    assert load(write(tmp_path, "s.yaml", SPEC)).position(pointer) == expected


def test_json_positions_survive_escaped_surrogates(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{\n\t"a": "fun \\ud83c\\udf6b",\n\t"b": {"c": [1,\n  2]}}', encoding="utf-8")
    doc = load(path)
    assert doc.data["a"] == "fun \U0001f36b"
    assert doc.position("/b/c/1") == (4, 3)
    assert doc.position("/b") == (3, 2)


def test_positions_are_computed_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "s.yaml", SPEC)
    calls: list[bool] = []
    real = Builder.run

    def counting(self: Any) -> Any:
        calls.append(self.record)
        return real(self)

    monkeypatch.setattr(Builder, "run", counting)
    doc = load(path, use_cache=False)
    assert calls == [False]
    assert doc.position("/info") == (2, 1)
    assert doc.position("/info/title") == (3, 3)
    assert calls == [False, True]  # one recording pass, then lookups


def test_problem_is_located_at_the_nearest_existing_parent(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "s.yaml", SPEC))
    problem = doc.problem("missing thing", "/info/contact/name")
    assert str(problem) == f"{tmp_path}/s.yaml:2:1: missing thing (at /info/contact/name)"


def test_positions_of_a_changed_file_are_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", SPEC)
    doc = load(path)
    path.write_text("openapi: 3.0.0\n", encoding="utf-8")
    assert doc.position("/openapi") is None
    assert doc.problem("x", "/openapi").line is None


# -------------------------------------------------------------------------------------- cache


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("load-*.marshal"))


def test_second_load_skips_the_yaml_parser(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "s.yaml", SPEC)
    first = load(path)
    assert len(cache_files(_private_cache)) == 1

    def no_parse(*args: Any) -> Any:
        raise AssertionError("the YAML parser ran although the cache holds this spec")

    monkeypatch.setattr(load_module, "parse_yaml", no_parse)
    monkeypatch.setattr(load_module, "parse_kept", no_parse)
    second = load(path)
    assert second.data == first.data
    assert second.sha256 == first.sha256
    assert second.position("/info/title") == (3, 3)


def test_a_changed_spec_is_parsed_again(tmp_path: Path, _private_cache: Path) -> None:
    path = write(tmp_path, "s.yaml", SPEC)
    load(path)
    path.write_text(SPEC.replace("Pets", "Cats"), encoding="utf-8")
    assert load(path).data["info"]["title"] == "Cats"
    assert len(cache_files(_private_cache)) == 2


@pytest.mark.parametrize("damage", [b"", b"garbage", b"apiforge-load\x00" + b"\x00" * 32 + b"\xff"])
def test_a_corrupt_cache_entry_is_ignored(
    tmp_path: Path, _private_cache: Path, damage: bytes
) -> None:
    path = write(tmp_path, "s.yaml", SPEC)
    expected = load(path).data
    [entry] = cache_files(_private_cache)
    entry.write_bytes(damage)
    assert load(path).data == expected
    assert entry.read_bytes() != damage  # rewritten with good data


def test_a_truncated_cache_entry_is_ignored(tmp_path: Path, _private_cache: Path) -> None:
    path = write(tmp_path, "s.yaml", SPEC)
    expected = load(path).data
    [entry] = cache_files(_private_cache)
    entry.write_bytes(entry.read_bytes()[:-5])
    assert load(path).data == expected


def test_an_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(blocker / "cache"))
    path = write(tmp_path, "s.yaml", SPEC)
    assert load(path).data["openapi"] == "3.1.0"
    assert load(path).data["openapi"] == "3.1.0"


def test_no_cache_setting_writes_nothing(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    load(write(tmp_path, "s.yaml", SPEC))
    assert cache_dir() is None
    assert cache_files(_private_cache) == []


def test_cache_dir_falls_back_to_xdg_then_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("APIFORGE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "apiforge"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "apiforge"


def test_the_seed_spec_loads_to_the_same_data_as_pyyaml(tmp_path: Path) -> None:
    import yaml

    seed = ROOT / "spec" / "perplexity-async-chat-completions.yaml"
    doc = load(seed, use_cache=False)
    assert isinstance(doc, Document)
    assert doc.data == yaml.safe_load(seed.read_text(encoding="utf-8"))
    assert doc.position("/components/schemas/AsyncApiChatCompletionsRequest") == (37, 5)


def test_parsed_specs_kept_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every version of a spec parsed adds an entry: past the bound, the oldest written go."""
    import hashlib
    import os

    from generator.load import cache

    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    monkeypatch.setitem(cache._BOUNDS, "load-", (3, 1 << 30))
    spec = tmp_path / "spec.yaml"
    names = []
    for version in range(6):
        spec.write_text(f"openapi: 3.0.3\ninfo: {{title: t, version: '{version}'}}\npaths: {{}}\n")
        load(spec)
        entry = cache.cache_file(hashlib.sha256(spec.read_bytes()).hexdigest())
        assert entry is not None and entry.is_file()
        os.utime(entry, ns=(version * 10**9, version * 10**9))  # written in this order
        names.append(entry.name)
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith("load-"))
    assert kept == sorted(names[-3:])


def test_a_spec_of_many_files_does_not_scan_the_cache_folder_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file's parse is kept; the folder is scanned for the bounds when they may be passed,
    not once per file, and every file stays kept for the next run (none pushed out)."""
    from generator.load import cache

    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_TALLY", {})
    scans = []
    real_trim = cache.trim
    monkeypatch.setattr(cache, "trim", lambda *a: scans.append(a) or real_trim(*a))
    for number in range(120):
        part = tmp_path / f"part{number}.yaml"
        part.write_text(f"type: object\ndescription: part {number}\n", encoding="utf-8")
        load(part)
    assert len(scans) == 1  # the first put counts the folder; the tally does the rest
    kept = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("load-")]
    assert len(kept) == 120


def test_a_bound_still_holds_when_the_folder_is_scanned_only_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.load import cache

    monkeypatch.setattr(cache, "_TALLY", {})
    monkeypatch.setitem(cache._BOUNDS, "load-", (16, 1 << 30))
    scans = []
    real_trim = cache.trim
    monkeypatch.setattr(cache, "trim", lambda *a: scans.append(a) or real_trim(*a))
    for number in range(100):
        cache.cache_put(tmp_path / f"load-{number:064x}-v1-py311.marshal", {"n": number})
        kept = [p for p in tmp_path.iterdir() if p.name.startswith("load-")]
        assert len(kept) <= 16
    assert len(scans) < 100 // 2  # a scan leaves room for the next few puts


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("big.yaml", "openapi: 3.0.3\nmax: " + "9" * 5000 + "\n"),
        ("big.json", '{"openapi": "3.0.3",\n "max": ' + "9" * 5000 + "}"),
    ],
)
def test_an_integer_of_too_many_digits_is_refused_where_it_is(
    tmp_path: Path, name: str, text: str
) -> None:
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(ApiforgeError) as caught:
        load(spec, use_cache=False)
    problem = caught.value.problems[0]
    assert problem.message == "an integer of 5,000 digits: a number in a spec has at most 4,300"
    assert (problem.line, problem.pointer) == (2, "/max")
