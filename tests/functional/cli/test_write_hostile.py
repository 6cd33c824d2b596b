"""The writer trusts nothing it did not just write: links below the output, tampered manifests
and journals, runs killed midway and the staging folders they leave."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
from pathlib import Path

import pytest

from generator.errors import ApiforgeError
from generator.write import (
    MANIFEST,
    Manifest,
    complete,
    sha256,
    stale_files,
    with_manifest,
    write_tree,
)
from generator.write import folder as write_folder
from generator.write.journal import JOURNAL


def _files(package: str = "pkg", **texts: str) -> dict[str, str]:
    files = {f"{package}/{name.replace('__', '/')}.py": text for name, text in texts.items()}
    manifest = Manifest("spec.yaml", "0" * 64, {}, {}, {"apiforge": "t"})
    return with_manifest(files, package, manifest)


def _tree(root: Path) -> dict[str, bytes]:
    """Every file and link under ``root`` (links as their target, never followed)."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))]:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            found[rel] = (
                b"-> " + os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            )
    return found


def _expected(files: dict[str, str]) -> dict[str, bytes]:
    return {rel: text.encode() for rel, text in files.items()}


OLD = _files(a="A = 1\n", sub__b="B = 1\n", gone__c="C = 1\n")
NEW = _files(a="A = 2\n", sub__b="B = 2\n", d__e="E = 1\n")


@pytest.fixture(params=["dir_fd", "paths"])
def handles(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of reaching the output: directory handles, and paths checked step by step
    (where the platform has no ``dir_fd``)."""
    if request.param == "paths":
        monkeypatch.setattr(write_folder, "_DIR_FD", False)
    return str(request.param)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "b.py").write_text("B = 1\n")
    (folder / "victim.txt").write_text("precious\n")
    return folder


def test_a_subfolder_replaced_by_a_link_is_not_written_through(
    tmp_path: Path, outside: Path, handles: str
) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    (out / "pkg" / "sub" / "b.py").unlink()
    (out / "pkg" / "sub").rmdir()
    (out / "pkg" / "sub").symlink_to(outside)
    before = _tree(outside)
    for force in (False, True):
        with pytest.raises(ApiforgeError) as info:
            write_tree(out, NEW, "pkg", force=force)
        assert "symbolic link" in str(info.value) and str(out / "pkg" / "sub") in str(info.value)
        assert _tree(outside) == before
    assert (out / "pkg" / "a.py").read_text() == "A = 1\n"  # refused before any write


def test_the_package_folder_as_a_link_is_not_written_through(
    tmp_path: Path, outside: Path, handles: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "pkg").symlink_to(outside)
    with pytest.raises(ApiforgeError):
        write_tree(out, NEW, "pkg", force=True)
    assert sorted(p.name for p in outside.iterdir()) == ["b.py", "victim.txt"]


def test_a_link_where_a_file_was_is_neither_followed_nor_replaced(
    tmp_path: Path, outside: Path, handles: str
) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    (out / "pkg" / "a.py").unlink()
    (out / "pkg" / "a.py").symlink_to(outside / "victim.txt")
    with pytest.raises(ApiforgeError) as info:
        write_tree(out, NEW, "pkg", force=True)
    assert "a symbolic link" in str(info.value)
    assert (outside / "victim.txt").read_text() == "precious\n"
    assert (out / "pkg" / "a.py").is_symlink()


def _tamper(out: Path, **entries: str) -> None:
    path = out / "pkg" / MANIFEST
    data = json.loads(path.read_text())
    data["files"].update(entries)
    path.write_text(json.dumps(data))


def test_a_tampered_manifest_entry_through_a_linked_folder_deletes_nothing(
    tmp_path: Path, outside: Path, handles: str
) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    (out / "pkg" / "link").symlink_to(outside)
    right = sha256((outside / "victim.txt").read_bytes())
    _tamper(out, **{"pkg/link/victim.txt": right, "pkg/link/b.py": "0" * 64})
    for force in (False, True):
        removed = write_tree(out, NEW, "pkg", force=force)
        assert all(not rel.startswith("pkg/link/") for rel in removed)
        assert (outside / "victim.txt").read_text() == "precious\n"
        assert (outside / "b.py").exists()
        _tamper(out, **{"pkg/link/victim.txt": right, "pkg/link/b.py": "0" * 64})
    assert (out / "pkg" / "link").is_symlink()


def test_a_tampered_manifest_entry_naming_a_folder_or_a_link_deletes_nothing(
    tmp_path: Path, outside: Path, handles: str
) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    (out / "pkg" / "mine").mkdir()
    (out / "pkg" / "mine" / "keep.txt").write_text("mine\n")
    (out / "pkg" / "alias.txt").symlink_to(outside / "victim.txt")
    _tamper(out, **{"pkg/mine": "0" * 64, "pkg/alias.txt": "0" * 64})
    write_tree(out, NEW, "pkg", force=True)
    assert (out / "pkg" / "mine" / "keep.txt").read_text() == "mine\n"
    assert (out / "pkg" / "alias.txt").is_symlink()
    assert (outside / "victim.txt").read_text() == "precious\n"


@pytest.mark.parametrize("entry", ["other/x.py", "pkg_other/x.py", "pkg", "../outside/victim.txt"])
def test_a_manifest_entry_outside_the_package_folders_is_refused(
    tmp_path: Path, outside: Path, entry: str
) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    (out / "other").mkdir()
    (out / "other" / "x.py").write_text("X = 1\n")
    _tamper(out, **{entry: sha256(b"X = 1\n")})
    with pytest.raises(ApiforgeError):
        write_tree(out, NEW, "pkg", force=True)
    assert (out / "other" / "x.py").read_text() == "X = 1\n"
    assert (outside / "victim.txt").read_text() == "precious\n"


def test_check_reads_no_file_through_a_link(tmp_path: Path, outside: Path, handles: str) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    (outside / "a.py").write_text("A = 1\n")
    (out / "pkg" / "a.py").unlink()
    (out / "pkg" / "a.py").symlink_to(outside / "a.py")
    _tamper(out, **{"../outside/victim.txt": "0" * 64})
    reports = stale_files(out, OLD, "pkg")
    assert any("pkg/a.py" in r and "+A = 1" in r for r in reports)
    assert not any("precious" in r for r in reports)


def test_stale_staging_folders_are_removed_and_nothing_else(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    for name in (".apiforge-k2x_9abc", ".apiforge-00000000"):
        (out / name / "pkg").mkdir(parents=True)
        (out / name / "pkg" / "a.py").write_text("A = 0\n")
    (out / ".apiforge-notes").mkdir()  # not a name apiforge stages under
    (out / ".apiforge-zzzzzzzz").symlink_to(outside)  # a link is never a staging folder
    write_tree(out, NEW, "pkg")
    assert sorted(p.name for p in out.iterdir()) == [
        ".apiforge-notes",
        ".apiforge-zzzzzzzz",
        "pkg",
    ]
    assert sorted(p.name for p in outside.iterdir()) == ["b.py", "victim.txt"]


def test_a_tampered_journal_is_refused_not_obeyed(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    right = sha256((outside / "victim.txt").read_bytes())
    bad = {
        "apiforge-journal": 1,
        "package": "pkg",
        "stage": ".apiforge-aaaaaaaa",
        "write": [],
        "remove": {"../outside/victim.txt": right},
    }
    for journal in (bad, {**bad, "stage": "../outside"}, "not json"):
        (out / JOURNAL).write_text(json.dumps(journal) if isinstance(journal, dict) else journal)
        with pytest.raises(ApiforgeError):
            write_tree(out, NEW, "pkg")
        assert (outside / "victim.txt").read_text() == "precious\n"
    (out / JOURNAL).unlink()
    write_tree(out, NEW, "pkg")
    assert _tree(out) == _expected(NEW)


def test_a_failed_move_is_completed_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    real = os.replace
    calls = []

    def full(*args: object, **kwargs: object) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as info:
        write_tree(out, NEW, "pkg")
    assert info.value.filename and str(out) in info.value.filename  # the path, for the message
    monkeypatch.setattr(os, "replace", real)
    assert (out / JOURNAL).exists()
    assert any("stopped midway" in report for report in stale_files(out, NEW, "pkg"))
    other = _files("other", x="X = 1\n")
    write_tree(out, other, "other")  # another package's run completes it first
    assert _tree(out) == _expected(NEW) | _expected(other)
    assert stale_files(out, NEW, "pkg") == []


_MUTATIONS = ("open", "replace", "rename", "unlink", "rmdir", "mkdir")
_WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _killed_at(out: Path, step: int, files: dict[str, str]) -> bool:
    """Run ``write_tree(out, files)`` in a child killed before its ``step``-th system call
    that could change the disk; whether it was killed (False: it finished first)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            count = [0]

            def wrap(real):  # type: ignore[no-untyped-def]
                def call(*args, **kwargs):  # type: ignore[no-untyped-def]
                    if real is os_open and not args[1] & _WRITES:
                        return real(*args, **kwargs)  # a read changes nothing
                    count[0] += 1
                    if count[0] == step:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return real(*args, **kwargs)

                return call

            os_open = os.open
            for name in _MUTATIONS:
                setattr(os, name, wrap(getattr(os, name)))
            write_tree(out, files, "pkg")
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")
def test_a_run_killed_at_any_point_leaves_the_old_or_the_new_output(tmp_path: Path) -> None:
    old, new = _expected(OLD), _expected(NEW)
    first = tmp_path / "first"
    write_tree(first, OLD, "pkg")
    step = 0
    while True:
        step += 1
        out = tmp_path / f"out{step}"
        shutil.copytree(first, out)
        if not _killed_at(out, step, NEW):
            break
        complete(out)  # what the next run does first
        after = _tree(out)
        assert after in (old, new), f"killed at step {step}: a mixed tree {sorted(after)}"
        again = NEW if step % 2 else OLD  # the next run succeeds, whichever output it writes
        write_tree(out, again, "pkg")
        assert _tree(out) == _expected(again)
        assert step < 500
    assert step > 20  # the child was killed at every step of a real run
    assert _tree(out) == new


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")
def test_a_first_run_killed_at_any_point_leaves_nothing_or_the_new_output(tmp_path: Path) -> None:
    """Folders the output lacks move in whole (the package's, its tests'): a run killed
    between two of them is completed like one killed between two files."""
    new = _with_tests(NEW)
    step = 0
    while True:
        step += 1
        out = tmp_path / f"out{step}"
        out.mkdir()
        if not _killed_at(out, step, new):
            break
        complete(out)
        after = _tree(out)
        assert after in ({}, _expected(new)), f"killed at step {step}: {sorted(after)}"
        write_tree(out, new, "pkg")
        assert _tree(out) == _expected(new)
        assert step < 500
    assert step > 5
    assert _tree(out) == _expected(new)


def _with_tests(files: dict[str, str]) -> dict[str, str]:
    """``files`` (a package's, with its manifest) and a tests folder beside the package."""
    own = {rel: text for rel, text in files.items() if not rel.endswith(MANIFEST)}
    own |= {"pkg_tests/__init__.py": "", "pkg_tests/deep/test_a.py": "T = 1\n"}
    return with_manifest(own, "pkg", Manifest("spec.yaml", "0" * 64, {}, {}, {}))


def test_folders_the_output_lacks_move_in_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handles: str
) -> None:
    many = {f"{folder}__x{n}": f"X = {n}\n" for folder in "pqrs" for n in range(20)}
    first = _with_tests(_files(**many))
    out = tmp_path / "out"
    real = os.replace
    moved: list[str] = []

    def counted(source: str, target: str, **kwargs: object) -> None:
        if not str(target).endswith(JOURNAL):
            moved.append(os.path.basename(target))
        real(source, target, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", counted)
    write_tree(out, first, "pkg")
    assert _tree(out) == _expected(first)
    assert sorted(moved) == ["pkg", "pkg_tests"]  # 83 files
    # a regeneration: files into the folders there, a new folder whole
    moved.clear()
    second = _with_tests(_files(**{**many, "p__x0": "X = 'changed'\n", "t__new": "N = 1\n"}))
    assert write_tree(out, second, "pkg") == []
    assert _tree(out) == _expected(second)
    assert sorted(moved) == [MANIFEST, "t", "x0.py"]


def test_a_folder_that_fails_midway_leaves_the_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handles: str
) -> None:
    """Folders are staged side by side: a creation that fails after others' files were staged
    leaves the last output whole and no staging folder behind, and names the file."""
    out = tmp_path / "out"
    write_tree(out, OLD, "pkg")
    many = {f"x{n}": f"X = {n}\n" for n in range(40)}
    new = _files(**{f"{folder}__{name}": text for folder in "pqrs" for name, text in many.items()})
    real_open = os.open

    def full(path: str, flags: int, *args: object, dir_fd: int | None = None) -> int:
        if flags & os.O_CREAT and str(path).endswith("r/x30.py" if dir_fd is None else "x30.py"):
            raise OSError(28, "No space left on device")
        return real_open(path, flags, *args, dir_fd=dir_fd)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(OSError) as info:
        write_tree(out, new, "pkg")
    monkeypatch.setattr(os, "open", real_open)
    assert info.value.filename and info.value.filename.endswith("x30.py")
    assert _tree(out) == _expected(OLD)
    writers = set()

    def seen(path: str, flags: int, *args: object, dir_fd: int | None = None) -> int:
        if flags & os.O_CREAT:
            writers.add(threading.get_ident())
        return real_open(path, flags, *args, dir_fd=dir_fd)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", seen)
    write_tree(out, new, "pkg")
    monkeypatch.setattr(os, "open", real_open)
    assert _tree(out) == _expected(new)
    assert len(writers) > 1  # the folders were written side by side
