"""A generation written as its batches are formatted: each staged as it comes, the output
untouched until the commit, and as it was when the run stops or finds something in the way."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config, spec_config
from generator.errors import ApiforgeError
from generator.write import MANIFEST, Staging, write_tree
from tests.functional.cli.test_write import _files, _tree
from tests.support import ROOT


def _staged(out: Path, staging: Staging) -> dict[str, bytes]:
    staging.wait()
    (stage,) = (p for p in out.iterdir() if p.name.startswith(".apiforge-"))
    return _tree(stage)


def _outside_the_stage(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in _tree(out).items() if not rel.startswith(".apiforge-")}


OLD = _files(a="A = 1\n", b="B = 1\n", gone="G = 1\n")
NEW = _files(a="A = 1\n", b="B = 2\n", sub__c="C = 1\n")
_OWN = {rel: text for rel, text in NEW.items() if not rel.endswith(MANIFEST)}


def test_each_batch_is_staged_as_it_comes_and_moved_in_at_the_commit(tmp_path: Path) -> None:
    write_tree(tmp_path, OLD, "pkg")
    before = _tree(tmp_path)
    with Staging(tmp_path) as staging:
        staging.add("pkg", {"pkg/a.py": _OWN["pkg/a.py"], "pkg/b.py": _OWN["pkg/b.py"]})
        assert _staged(tmp_path, staging) == {"pkg/b.py": b"B = 2\n"}  # a.py is as it is to be
        staging.add("pkg", {"pkg/sub/c.py": _OWN["pkg/sub/c.py"]})
        assert set(_staged(tmp_path, staging)) == {"pkg/b.py", "pkg/sub/c.py"}
        assert _outside_the_stage(tmp_path) == before
        assert staging.commit("pkg", NEW) == ["pkg/gone.py"]
    assert _tree(tmp_path) == {rel: text.encode() for rel, text in NEW.items()}


def test_a_run_stopped_after_some_batches_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    write_tree(tmp_path, OLD, "pkg")
    before = _tree(tmp_path)
    with pytest.raises(RuntimeError), Staging(tmp_path) as staging:
        staging.add("pkg", {"pkg/b.py": _OWN["pkg/b.py"]})
        raise RuntimeError("ruff failed on the next batch")
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_a_batch_that_fails_to_stage_fails_the_commit_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, OLD, "pkg")
    before = _tree(tmp_path)
    real = os.open

    def full(path: str, flags: int, *args: object, dir_fd: int | None = None) -> int:
        if flags & os.O_CREAT and str(path).endswith("b.py"):
            raise OSError(28, "No space left on device")
        return real(path, flags, *args, dir_fd=dir_fd)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(OSError, match="No space"), Staging(tmp_path) as staging:
        staging.add("pkg", {"pkg/b.py": _OWN["pkg/b.py"]})  # staged behind: no error yet
        staging.add("pkg", {"pkg/sub/c.py": _OWN["pkg/sub/c.py"]})
        staging.commit("pkg", NEW)
    monkeypatch.setattr(os, "open", real)
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_a_first_run_stopped_midway_leaves_no_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), Staging(out) as staging:
        staging.add("pkg", {"pkg/b.py": _OWN["pkg/b.py"]})
        raise RuntimeError("stopped")
    assert not out.exists()
    with Staging(out) as staging:  # nothing given: nothing made
        pass
    assert not out.exists()


def test_problems_in_every_batch_are_told_together_at_the_commit(tmp_path: Path) -> None:
    write_tree(tmp_path, OLD, "pkg")
    (tmp_path / "pkg" / "b.py").write_text("B = 'mine'\n")
    (tmp_path / "pkg" / "gone.py").write_text("G = 'mine'\n")
    (tmp_path / "pkg" / "sub").write_text("a file where a folder goes\n")
    before = _tree(tmp_path)
    with Staging(tmp_path) as staging:
        staging.add("pkg", {"pkg/sub/c.py": _OWN["pkg/sub/c.py"]})
        staging.add("pkg", {"pkg/a.py": _OWN["pkg/a.py"], "pkg/b.py": _OWN["pkg/b.py"]})
        with pytest.raises(ApiforgeError) as raised:
            staging.commit("pkg", NEW)
    told = [(problem.file, problem.message.split(";")[0]) for problem in raised.value.problems]
    # in the order of the paths, as one plan over the whole output tells them
    assert told == [
        (str(tmp_path / "pkg" / "b.py"), "edited since apiforge wrote it"),
        (str(tmp_path / "pkg" / "gone.py"), "edited since apiforge wrote it"),
        (str(tmp_path / "pkg" / "sub"), told[2][1]),
    ]
    assert "symbolic link or not a folder" in told[2][1]
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_a_file_is_given_once_and_a_staging_holds_one_package(tmp_path: Path) -> None:
    with Staging(tmp_path) as staging:
        staging.add("pkg", {"pkg/a.py": "A = 1\n"})
        with pytest.raises(ValueError, match="twice"):
            staging.add("pkg", {"pkg/a.py": "A = 1\n"})
        with pytest.raises(ValueError, match="one package"):
            staging.add("other", {"other/a.py": "A = 1\n"})


def test_another_run_waits_for_the_output_until_the_first_ends(tmp_path: Path) -> None:
    order: list[str] = []
    first_in = threading.Event()

    def second() -> None:
        first_in.wait(5)
        write_tree(tmp_path, NEW, "pkg")
        order.append("second wrote")

    other = threading.Thread(target=second)
    other.start()
    with Staging(tmp_path) as staging:
        staging.add("pkg", {"pkg/a.py": "A = 1\n"})
        first_in.set()
        other.join(0.3)
        order.append("first commits")
        staging.commit("pkg", OLD)
    other.join(5)
    assert order == ["first commits", "second wrote"]
    assert _tree(tmp_path) == {rel: text.encode() for rel, text in NEW.items()}


def test_generation_gives_each_formatted_batch_before_the_last_is_formatted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator import formatting

    given: list[tuple[str, list[str]]] = []
    finishing: list[str] = []
    real = formatting._Batch.finish

    def finish(self: formatting._Batch, *args: object) -> dict[str, str]:
        finishing.append(f"batch {sum(step.startswith('batch') for step in finishing)}")
        return real(self, *args)  # type: ignore[arg-type]

    def stage(package: str, files: dict[str, str]) -> None:
        given.append((package, sorted(files)))
        finishing.append(f"staged {len(given) - 1}")

    monkeypatch.setattr(formatting._Batch, "finish", finish)
    monkeypatch.setattr(formatting, "SMALL_BATCH", 1)  # each batch formatted on its own
    config = spec_config(load_config(ROOT), ROOT / "spec" / "kitchen-sink.yaml")
    gen = pipeline.generate(config, ROOT, stage=stage)
    assert len(given) > 1
    assert {package for package, _ in given} == {gen.api.package}
    staged = [rel for _, rels in given for rel in rels]
    assert sorted(staged) == sorted(rel for rel in gen.files if not rel.endswith(MANIFEST))
    # each batch is staged as soon as it is formatted, before the next one is finished
    assert finishing == [f"{step} {n}" for n in range(len(given)) for step in ("batch", "staged")]
