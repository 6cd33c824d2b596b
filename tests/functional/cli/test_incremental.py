"""Regeneration reuses the cache and is byte-identical to a cold run; `check` answers from
the record of what the inputs make only while every output file is as recorded."""

from __future__ import annotations

import marshal
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator import formatting
from generator.cli import main
from generator.formatting import Formatted
from generator.write.store import Store
from tests.support import SPECS

PACKAGE = "notes"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _spec(tmp_path: Path) -> Path:
    spec = tmp_path / "s.yaml"
    shutil.copy(SPECS / "cases_interface_31.yaml", spec)
    return spec


def _change_one_schema(spec: Path) -> None:
    text = spec.read_text()
    assert "maxLength: 20" in text
    spec.write_text(text.replace("maxLength: 20", "maxLength: 25"))


def _run(command: str, spec: Path, out: Path) -> int:
    return main([command, str(spec), "-o", str(out), "--package", PACKAGE])


def _entries(cache: Path, kind: str) -> list[Path]:
    return sorted(cache.glob(f"{kind}-*")) if cache.is_dir() else []


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(folder))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def formatted_by_ruff(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files ruff's first passes are run over, in the order they are."""
    seen: list[str] = []
    real = formatting._format_passes

    def counting(ruff: str, root: Path, python: Mapping[str, str], twin: Path | None) -> None:
        seen.extend(python)
        real(ruff, root, python, twin)

    monkeypatch.setattr(formatting, "_format_passes", counting)
    return seen


def _packs(cache: Path) -> dict[str, dict[str, str]]:
    """Each kept pack's table (its name's key -> formatted files by key)."""
    store = Store(cache, "format")
    found = {}
    for entry in _entries(cache, "format"):
        key = entry.name.removeprefix("format-")
        found[key] = Formatted(cache).pack(key)
        assert found[key], f"{entry.name} is not a pack"
        assert store.get(key) is not None
    return found


def test_a_warm_regeneration_after_a_schema_change_is_byte_identical_to_a_cold_one(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, formatted_by_ruff: list[str]
) -> None:
    spec = _spec(tmp_path)
    assert _run("generate", spec, tmp_path / "warm") == 0
    formatted = len(formatted_by_ruff)
    assert formatted > 5
    packs = _packs(cache)
    assert 0 < len(packs) <= 4  # one per batch of the output, not one per file
    assert sum(len(pack) for pack in packs.values()) == formatted
    formatted_by_ruff.clear()
    _change_one_schema(spec)
    assert _run("generate", spec, tmp_path / "warm") == 0
    # only the files the change reached were formatted again
    assert 0 < len(formatted_by_ruff) < formatted / 2
    # each pack written again holds this run's files only
    assert sum(len(pack) for pack in _packs(cache).values()) == formatted
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path / "empty"))
    assert _run("generate", spec, tmp_path / "cold") == 0
    warm, cold = _tree(tmp_path / "warm"), _tree(tmp_path / "cold")
    assert warm.keys() == cold.keys()
    assert [rel for rel in warm if warm[rel] != cold[rel]] == []


def test_a_run_that_formats_nothing_writes_no_pack(
    tmp_path: Path, cache: Path, formatted_by_ruff: list[str]
) -> None:
    spec = _spec(tmp_path)
    assert _run("generate", spec, tmp_path / "first") == 0
    before = {e.name: (e.stat().st_mtime_ns, e.read_bytes()) for e in _entries(cache, "format")}
    formatted_by_ruff.clear()
    assert _run("generate", spec, tmp_path / "second") == 0
    assert formatted_by_ruff == []
    after = {e.name: (e.stat().st_mtime_ns, e.read_bytes()) for e in _entries(cache, "format")}
    assert after == before
    assert _tree(tmp_path / "second") == _tree(tmp_path / "first")


def test_a_damaged_cache_entry_is_ignored_and_replaced(
    tmp_path: Path, cache: Path, formatted_by_ruff: list[str]
) -> None:
    spec = _spec(tmp_path)
    assert _run("generate", spec, tmp_path / "first") == 0
    formatted = len(formatted_by_ruff)
    entries = _entries(cache, "format")
    for entry in entries:  # same length, same header: only the hash check can tell
        data = entry.read_bytes()
        entry.write_bytes(data[:-12] + b"BROKEN = 1\n\n")
    formatted_by_ruff.clear()
    assert _run("generate", spec, tmp_path / "second") == 0
    assert len(formatted_by_ruff) == formatted  # nothing was taken from a damaged pack
    assert _tree(tmp_path / "second") == _tree(tmp_path / "first")
    assert all(not e.read_bytes().endswith(b"BROKEN = 1\n\n") for e in _entries(cache, "format"))


@pytest.mark.parametrize("kept", [[1, 2], {"k": 1}, {1: "x"}, "text"])
def test_a_pack_that_is_no_table_of_texts_is_a_miss(
    tmp_path: Path, cache: Path, formatted_by_ruff: list[str], kept: object
) -> None:
    spec = _spec(tmp_path)
    assert _run("generate", spec, tmp_path / "first") == 0
    formatted = len(formatted_by_ruff)
    store = Store(cache, "format")
    for key in _packs(cache):  # whole, as the store writes it: only the table is wrong
        store.put(key, marshal.dumps(kept))
    formatted_by_ruff.clear()
    assert _run("generate", spec, tmp_path / "second") == 0
    assert len(formatted_by_ruff) == formatted
    assert _tree(tmp_path / "second") == _tree(tmp_path / "first")
    assert len(_packs(cache)) > 0  # written again, as tables


def test_check_answers_up_to_date_from_the_record_without_rendering(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = _spec(tmp_path)
    assert _run("generate", spec, tmp_path / "out") == 0
    assert len(_entries(cache, "inputs")) == 1

    def no_rendering(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered")

    monkeypatch.setattr("generator.pipeline.generate", no_rendering)
    assert _run("check", spec, tmp_path / "out") == 0


@pytest.mark.parametrize("change", ["edit", "remove", "spec", "record"])
def test_check_takes_the_long_way_when_anything_differs(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    spec = _spec(tmp_path)
    out = tmp_path / "out"
    assert _run("generate", spec, out) == 0
    models = out / PACKAGE / "models.py"
    if change == "edit":  # an output file changed after it was written
        models.write_text(models.read_text() + "# mine\n")
    elif change == "remove":
        models.unlink()
    elif change == "spec":
        _change_one_schema(spec)
    else:  # the record damaged: the check renders and compares, and is right
        (record,) = _entries(cache, "inputs")
        record.write_bytes(record.read_bytes()[:-3] + b"xx}")
    capsys.readouterr()
    code = _run("check", spec, out)
    err = capsys.readouterr().err
    if change == "record":
        assert code == 0
        assert len(_entries(cache, "inputs")) == 1  # recorded again, whole
    else:
        assert code == 1
        assert "stale: " in err


def test_a_change_of_apiforge_code_or_templates_is_a_change_of_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import inputs

    code = tmp_path / "generator"
    templates = tmp_path / "templates"
    code.mkdir()
    templates.mkdir()
    (code / "m.py").write_text("X = 1\n")
    (templates / "t.py.jinja").write_text("{{ x }}\n")
    monkeypatch.setattr(inputs, "_CODE", code)
    seen = []
    for step in ("before", "template", "code"):
        if step == "template":
            (templates / "t.py.jinja").write_text("{{ x }} \n")
        elif step == "code":
            (code / "m.py").write_text("X = 2\n")
        inputs.code_digest.cache_clear()
        seen.append(inputs.code_digest())
    inputs.code_digest.cache_clear()
    assert len(set(seen)) == 3


def test_no_cache_bypasses_it(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    spec = _spec(tmp_path)
    assert _run("generate", spec, tmp_path / "out") == 0
    assert _run("check", spec, tmp_path / "out") == 0
    assert not cache.exists()


def test_check_answers_without_reading_the_spec_when_the_package_is_named_by_its_title(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out = _spec(tmp_path), tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out)]) == 0
    (package,) = [p.name for p in out.iterdir() if not p.name.endswith("_tests")]

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("read the spec")

    with monkeypatch.context() as patched:
        patched.setattr("generator.pipeline.generate", no_reading)
        patched.setattr("generator.pipeline.package_of", no_reading)
        assert main(["check", str(spec), "-o", str(out)]) == 0
    (out / package / "models.py").write_text("# mine\n")
    assert main(["check", str(spec), "-o", str(out)]) == 1


def _warned(
    spec: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    """``generate``'s exit code, and what it told: the warnings, then the rest."""
    capsys.readouterr()
    code = main(["generate", str(spec), "-o", str(out), "--package", PACKAGE, *extra])
    told = capsys.readouterr()
    return code, told.err + told.out


def test_generate_of_unchanged_inputs_tells_the_same_and_writes_nothing(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec, out = tmp_path / "s.yaml", tmp_path / "out"
    shutil.copy(SPECS / "strategies_union_object_keywords_31.yaml", spec)
    code, first = _warned(spec, out, capsys)
    assert code == 0
    before = _tree(out)
    told = [line for line in first.splitlines() if not line.startswith("wrote ")]
    assert any("skipped: `unevaluatedProperties`" in line for line in told)

    def no_rendering(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered")

    with monkeypatch.context() as patched:
        patched.setattr("generator.pipeline.generate", no_rendering)
        code, again = _warned(spec, out, capsys)
    assert code == 0
    assert again.splitlines()[:-1] == told  # the same warnings, in the same places
    assert again.splitlines()[-1] == f"{out / PACKAGE}: up to date, nothing written"
    assert _tree(out) == before


def test_the_warnings_told_again_name_the_spec_by_the_path_it_is_given_by(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    spec, out = tmp_path / "s.yaml", tmp_path / "out"
    shutil.copy(SPECS / "strategies_union_object_keywords_31.yaml", spec)
    monkeypatch.chdir(tmp_path)
    code, first = _warned(spec, out, capsys)  # by its absolute path
    assert code == 0 and f"{spec}:36:7: skipped" in first
    code, again = _warned(Path("s.yaml"), out, capsys)  # the same file, the same project
    assert code == 0 and "up to date, nothing written" in again
    assert "warning: s.yaml:36:7: skipped" in again
    assert str(spec) not in again


@pytest.mark.parametrize("change", ["edit", "spec", "validate", "vendor"])
def test_generate_takes_the_long_way_when_the_record_does_not_vouch_for_the_output(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    spec, out = _spec(tmp_path), tmp_path / "out"
    assert _run("generate", spec, out) == 0
    extra: tuple[str, ...] = ()
    models = out / PACKAGE / "models.py"
    if change == "edit":
        models.write_text(models.read_text() + "# mine\n")
        extra = ("--force",)
    elif change == "spec":
        _change_one_schema(spec)
    elif change == "validate":
        extra = ("--validate",)
    else:
        extra = ("--vendor", str(tmp_path / "vendored"))
    code, err = _warned(spec, out, capsys, *extra)
    assert code == 0
    assert "up to date" not in err
    assert "wrote " in err
    if change == "edit":
        assert "# mine" not in models.read_text()


def test_a_record_made_by_check_sends_generate_the_long_way_once(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec, out = _spec(tmp_path), tmp_path / "out"
    assert _run("generate", spec, out) == 0
    (record,) = _entries(cache, "inputs")
    record.unlink()
    assert _run("check", spec, out) == 0  # renders, compares, records what it knows
    code, err = _warned(spec, out, capsys)
    assert (code, "wrote " in err) == (0, True)  # no warnings on record: told by making them
    code, err = _warned(spec, out, capsys)
    assert (code, "up to date, nothing written" in err) == (0, True)


def test_a_first_generation_or_one_without_a_cache_takes_no_digest_of_apiforge(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No record can vouch for an output that has no manifest yet, nor exist without a cache:
    neither asks for the digest of apiforge's own files (every one of them read)."""
    from generator import inputs

    spec = _spec(tmp_path)
    asked: list[str] = []
    real = inputs.code_digest

    def counted() -> str:
        asked.append("up to date?")
        return real()

    monkeypatch.setattr(inputs, "code_digest", counted)
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    assert _run("generate", spec, tmp_path / "out") == 0
    assert _run("generate", spec, tmp_path / "out") == 0  # a manifest now, still no cache
    assert asked == []
    monkeypatch.delenv("APIFORGE_NO_CACHE")
    assert _run("generate", spec, tmp_path / "other") == 0  # the cache's key, once
    assert asked == ["up to date?"]
    assert _run("generate", spec, tmp_path / "other") == 0  # now a record can answer
    assert len(asked) == 2


def test_batches_formatted_apart_keep_their_packs_apart(
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    formatted_by_ruff: list[str],
) -> None:
    """Each batch is formatted on its own (as a large output's are), the last ones adding no
    Python file (so every Python file is beside them as beside the one before): a run after
    one of the same inputs formats nothing, whatever the batches share."""
    monkeypatch.setattr(formatting, "SMALL_BATCH", 1)
    spec = _spec(tmp_path)
    assert _run("generate", spec, tmp_path / "out") == 0
    formatted = len(formatted_by_ruff)
    for again in range(3):  # into new folders: nothing answers from the record of the last
        formatted_by_ruff.clear()
        assert _run("generate", spec, tmp_path / f"again{again}") == 0
        assert formatted_by_ruff == []
    _change_one_schema(spec)
    formatted_by_ruff.clear()
    assert _run("generate", spec, tmp_path / "out") == 0
    assert 0 < len(formatted_by_ruff) < formatted / 2
    for again in range(2):
        formatted_by_ruff.clear()
        assert _run("generate", spec, tmp_path / f"changed{again}") == 0
        assert formatted_by_ruff == []
