"""Safe writes: staged, hand-edit guarded, stale files removed, never outside the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ApiforgeError
from generator.write import (
    MANIFEST,
    Manifest,
    safe_relative,
    stale_files,
    with_manifest,
    write_tree,
)


def _files(**texts: str) -> dict[str, str]:
    files = {f"pkg/{name.replace('__', '/')}.py": text for name, text in texts.items()}
    return with_manifest(files, "pkg", Manifest("spec.yaml", "0" * 64, {}, {}, {"apiforge": "t"}))


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_writes_files_and_manifest(tmp_path: Path) -> None:
    write_tree(tmp_path, _files(a="A = 1\n"), "pkg")
    assert (tmp_path / "pkg" / "a.py").read_text() == "A = 1\n"
    assert '"pkg/a.py"' in (tmp_path / "pkg" / MANIFEST).read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".apiforge-")]


def test_hand_edited_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    write_tree(tmp_path, _files(a="A = 1\n"), "pkg")
    (tmp_path / "pkg" / "a.py").write_text("A = 2  # mine\n")
    before = _tree(tmp_path)
    with pytest.raises(ApiforgeError) as info:
        write_tree(tmp_path, _files(a="A = 3\n"), "pkg")
    assert "pkg/a.py" in str(info.value) and "--force" in str(info.value)
    assert _tree(tmp_path) == before
    write_tree(tmp_path, _files(a="A = 3\n"), "pkg", force=True)
    assert (tmp_path / "pkg" / "a.py").read_text() == "A = 3\n"


def test_stale_files_removed_and_foreign_files_kept(tmp_path: Path) -> None:
    write_tree(tmp_path, _files(a="A = 1\n", sub__b="B = 1\n"), "pkg")
    (tmp_path / "pkg" / "mine.py").write_text("MINE = True\n")
    removed = write_tree(tmp_path, _files(a="A = 1\n"), "pkg")
    assert removed == ["pkg/sub/b.py"]
    assert not (tmp_path / "pkg" / "sub").exists()
    assert (tmp_path / "pkg" / "mine.py").read_text() == "MINE = True\n"


def test_existing_file_not_written_by_apiforge_is_not_clobbered(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("# my own module\n")
    with pytest.raises(ApiforgeError):
        write_tree(tmp_path, _files(a="A = 1\n"), "pkg")
    assert (tmp_path / "pkg" / "a.py").read_text() == "# my own module\n"


@pytest.mark.parametrize(
    "path", ["../evil.py", "/etc/passwd", "pkg/../../x", "pkg/./a", "a\\..\\b", ""]
)
def test_paths_outside_the_output_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(ApiforgeError):
        safe_relative(path)
    with pytest.raises(ApiforgeError):
        write_tree(tmp_path / "out", {path: "x"}, "pkg")
    assert not (tmp_path / "evil.py").exists()


def test_stale_report_is_a_unified_diff(tmp_path: Path) -> None:
    write_tree(tmp_path, _files(a="A = 1\n"), "pkg")
    assert stale_files(tmp_path, _files(a="A = 1\n"), "pkg") == []
    reports = stale_files(tmp_path, _files(a="A = 2\n"), "pkg")
    assert any("-A = 1" in r and "+A = 2" in r for r in reports)
