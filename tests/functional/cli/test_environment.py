"""Failures of the machine are one exit-2 line naming the path and the cause, for every command;
bugs stay exit 3. Package names that cannot work are usage errors before anything is written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator import cli, commands
from generator.config import SpecConfig, load_config, package_problem
from generator.parse import package_name
from tests.support import SPECS

SPEC = SPECS / "keepalive.yaml"
COMMANDS = ("validate", "generate", "check", "diff", "mock", "conformance")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = cli.main(list(args))
    return code, capsys.readouterr().err.splitlines()


def _args(command: str) -> list[str]:
    return [command, str(SPEC), str(SPEC)] if command == "diff" else [command, str(SPEC)]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("failure", "shown"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "apiforge: No space left on device"),
        (
            PermissionError(errno.EACCES, "Permission denied", "/srv/out/pkg/client.py"),
            "/srv/out/pkg/client.py: Permission denied",
        ),
        (
            OSError(errno.ENAMETOOLONG, "File name too long", "/x/" + "n" * 400),
            "File name too long",
        ),
        (OSError(errno.EROFS, "Read-only file system", "/ro\n/x"), "/ro\\n/x: Read-only"),
        (MemoryError(), "apiforge: out of memory"),
    ],
)
def test_environment_failures_are_one_exit_2_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    failure: BaseException,
    shown: str,
) -> None:
    def fails(*_: object) -> int:
        raise failure

    monkeypatch.setattr(commands, f"run_{command}", fails)
    code, err = _run(capsys, *_args(command))
    assert code == 2
    assert len(err) == 1 and shown in err[0] and len(err[0]) < 300, err
    assert "internal error" not in err[0]


@pytest.mark.parametrize(
    "bug", [TypeError("unsupported operand"), KeyError("x"), OSError("made up, no errno")]
)
def test_bugs_stay_internal_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, bug: Exception
) -> None:
    def fails(*_: object) -> int:
        raise bug

    monkeypatch.setattr(commands, "run_generate", fails)
    code, err = _run(capsys, *_args("generate"))
    assert code == 3
    assert len(err) == 1 and "internal error" in err[0] and "please report it" in err[0]


def test_a_full_disk_while_writing_is_exit_2_and_leaves_the_output_as_it_was(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert _run(capsys, "generate", str(SPEC), "-o", str(out), "--package", "ka")[0] == 0
    edited = out / "ka" / "__init__.py"  # so that --force has a file to write again
    edited.write_text(edited.read_text() + "# mine\n")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    real_open = os.open

    def full(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full)
    code, err = _run(capsys, "generate", str(SPEC), "-o", str(out), "--package", "ka", "--force")
    monkeypatch.setattr(os, "open", real_open)
    assert code == 2
    assert len(err) == 1 and err[0].startswith(str(out)) and "No space left" in err[0], err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert edited.read_text().endswith("# mine\n")


def test_a_name_too_long_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / ("n" * 300) / "out"
    code, err = _run(capsys, "generate", str(SPEC), "-o", str(out), "--package", "ka")
    assert code == 2
    assert len(err) == 1 and "File name too long" in err[0] and "internal error" not in err[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        code, err = _run(capsys, "generate", str(SPEC), "-o", str(out), "--package", "ka")
    finally:
        out.chmod(0o700)
    assert code == 2
    assert len(err) == 1 and str(out) in err[0] and "Permission denied" in err[0]


def test_permission_denied_while_moving_into_place_is_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    real_replace, calls = os.replace, []

    def refused(*args: object, **kwargs: object) -> None:
        calls.append(args)
        if len(calls) > 1:  # the journal is in place; the second file's move is refused
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        real_replace(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refused)
    code, err = _run(capsys, "generate", str(SPEC), "-o", str(out), "--package", "ka")
    monkeypatch.undo()
    assert code == 2
    assert len(err) == 1 and str(out / "ka") in err[0] and "Permission denied" in err[0], err
    assert _run(capsys, "generate", str(SPEC), "-o", str(out), "--package", "ka")[0] == 0
    assert _run(capsys, "check", str(SPEC), "-o", str(out), "--package", "ka")[0] == 0


BAD_PACKAGES = [
    "pydantic",
    "typing",
    "httpx",
    "typing_extensions",
    "hypothesis",
    "json",
    "con",
    "NUL",
    "lpt1",
    "class",
    "__main__",
    "x" * 300,
    "1abc",
    "a-b",
    "",
]


@pytest.mark.parametrize("command", ["generate", "check"])
@pytest.mark.parametrize("name", BAD_PACKAGES)
def test_package_names_that_cannot_work_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, name: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as info:
        cli.main([command, str(SPEC), "-o", str(out), "--package", name])
    err = capsys.readouterr().err.strip().splitlines()
    assert info.value.code == 2
    assert len(err) == 1 and "package name" in err[0] and len(err[0]) < 300, err
    assert not out.exists()


@pytest.mark.parametrize("name", ["typing", "con", "class", "x" * 100])
def test_the_config_package_follows_the_same_rule(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.apiforge]\n[[tool.apiforge.specs]]\nspec = "s.yaml"\npackage = "{name}"\n'
    )
    (tmp_path / "s.yaml").write_text(SPEC.read_text())
    monkeypatch.chdir(tmp_path)
    code, err = _run(capsys, "generate")
    assert code == 2
    assert err == [f"{tmp_path / 'pyproject.toml'}: {package_problem(name)}"]
    assert not (tmp_path / "generated").exists()
    with pytest.raises(Exception, match="package name"):
        load_config(tmp_path)


def test_the_tests_package_name_is_checked_too() -> None:
    assert package_problem("x" * 58) is None
    assert "58" in str(package_problem("x" * 59))  # x*59 + "_tests" is too long


@pytest.mark.parametrize(
    ("title", "package"),
    [("JSON", "json_api"), ("Pydantic", "pydantic_api"), ("Con", "con_api"), ("t" * 90, None)],
)
def test_a_title_that_cannot_name_a_package_gets_a_suffix(title: str, package: str | None) -> None:
    name = package_name({"info": {"title": title}}, SpecConfig(spec=SPEC, output=Path(".")))
    assert package_problem(name) is None
    if package is not None:
        assert name == package
