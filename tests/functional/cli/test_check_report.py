"""`apiforge check` says which files are stale first, marks hand edits, and names --force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.support import SPECS, generate_into


def _project(tmp_path: Path) -> Path:
    spec = tmp_path / "s.yaml"
    shutil.copy(SPECS / "cases_interface_31.yaml", spec)
    generate_into(spec, tmp_path / "out", "notes")
    spec.write_text(spec.read_text().replace("maxLength: 20", "maxLength: 25"))
    return spec


def _check(spec: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", str(spec), "-o", str(spec.parent / "out"), "--package", "notes"])
    return code, capsys.readouterr().err.splitlines()


def test_stale_files_are_named_before_their_diffs_and_the_manifest_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = _check(_project(tmp_path), capsys)
    assert code == 1
    named = [line for line in lines if line.startswith("stale: ")]
    assert lines[: len(named)] == named  # the list comes first
    assert named[-1].endswith("notes/apiforge.json")  # its hashes restate the others
    assert any(line.endswith("notes_tests/strategies.py") for line in named)
    assert lines[len(named)].startswith("--- ")  # then the diffs
    assert lines[-1].endswith("stale files; run `apiforge generate`")


def test_a_file_edited_by_hand_is_marked_and_the_advice_names_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _project(tmp_path)
    models = tmp_path / "out" / "notes" / "models.py"
    models.write_text(models.read_text() + "# mine\n")
    code, lines = _check(spec, capsys)
    assert code == 1
    assert f"stale: {models}  (edited by hand since apiforge wrote it)" in lines
    assert "`apiforge generate --force`" in lines[-1] and "1 edited by hand" in lines[-1]
