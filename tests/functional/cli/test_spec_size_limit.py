"""The spec size limit: ``--max-spec-bytes`` over ``APIFORGE_MAX_SPEC_BYTES`` over
``max_spec_bytes`` in ``[tool.apiforge]`` over the default; a broken value is a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.load.files import LIMIT_ENV, LIMIT_HINT, MAX_SPEC_BYTES, max_spec_bytes, size_limit

SPEC = """\
openapi: 3.0.3
info: {title: Sized, version: "1"}
paths:
  /a:
    get:
      responses:
        "200": {description: ok}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding ``spec.yaml``, the working directory, with no limit in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(LIMIT_ENV, raising=False)
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    return tmp_path


def _configure(folder: Path, limit: object) -> None:
    value = f'"{limit}"' if isinstance(limit, str) else str(limit).lower()
    (folder / "pyproject.toml").write_text(
        f"[tool.apiforge]\nmax_spec_bytes = {value}\n", encoding="utf-8"
    )


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


SIZE = len(SPEC.encode())
SMALL, ENOUGH = SIZE - 1, SIZE  # the spec is one byte too large for SMALL, fits in ENOUGH


def test_the_default_limit_reads_the_spec(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert max_spec_bytes() == MAX_SPEC_BYTES
    assert _run(capsys, "validate", "spec.yaml") == (0, "")


def test_the_configured_limit_applies(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _configure(project, SMALL)
    code, err = _run(capsys, "validate", "spec.yaml")
    assert code == 2
    assert err == (
        f"spec.yaml: larger than the limit of {SMALL:,} bytes for a spec file; if it really is "
        f"one, raise the limit with {LIMIT_HINT}\n"
    )
    _configure(project, ENOUGH)
    assert _run(capsys, "validate", "spec.yaml") == (0, "")


def test_the_environment_wins_over_the_configuration(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(project, SMALL)
    monkeypatch.setenv(LIMIT_ENV, str(ENOUGH))
    assert _run(capsys, "validate", "spec.yaml") == (0, "")
    _configure(project, ENOUGH)
    monkeypatch.setenv(LIMIT_ENV, str(SMALL))
    assert _run(capsys, "validate", "spec.yaml")[0] == 2


def test_the_flag_wins_over_the_environment_and_the_configuration(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(project, SMALL)
    monkeypatch.setenv(LIMIT_ENV, str(SMALL))
    flag = ("--max-spec-bytes", str(ENOUGH))
    assert _run(capsys, "validate", "spec.yaml", *flag) == (0, "")
    monkeypatch.setenv(LIMIT_ENV, str(ENOUGH))
    _configure(project, ENOUGH)
    code, err = _run(capsys, "validate", "spec.yaml", "--max-spec-bytes", str(SMALL))
    assert code == 2 and f"larger than the limit of {SMALL:,} bytes" in err
    assert max_spec_bytes() == ENOUGH  # the flag held for its command only


def test_a_ref_target_is_held_to_the_flag_too(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "spec.yaml").write_text(
        SPEC.replace('"200": {description: ok}', '"200": {$ref: "more.yaml#/Ok"}'),
        encoding="utf-8",
    )
    (project / "more.yaml").write_text("Ok: {description: ok}\n" + "#\n" * 200, encoding="utf-8")
    assert _run(capsys, "validate", "spec.yaml") == (0, "")
    code, err = _run(capsys, "validate", "spec.yaml", "--max-spec-bytes", "300")
    assert code == 2 and "more.yaml cannot be read: larger than the limit of 300 bytes" in err


@pytest.mark.parametrize("value", ["lots", 0, -5, True, 1.5])
def test_a_broken_configured_limit_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    _configure(project, value)
    code, err = _run(capsys, "validate", "spec.yaml")
    assert code == 2
    assert err.count("\n") == 1 and "pyproject.toml" in err
    assert "must be a positive whole number of bytes" in err


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_a_broken_flag_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["validate", "spec.yaml", f"--max-spec-bytes={value}"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a positive whole number of bytes" in err


def test_diff_takes_the_flag_and_not_the_configuration(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configure(project, "lots")  # diff reads no project configuration, broken or not
    assert _run(capsys, "diff", "spec.yaml", "spec.yaml")[0] == 0
    capsys.readouterr()
    code, err = _run(capsys, "diff", "spec.yaml", "spec.yaml", "--max-spec-bytes", str(SMALL))
    assert code == 2 and f"larger than the limit of {SMALL:,} bytes" in err


def test_the_configured_limit_is_read_only_when_it_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(LIMIT_ENV, raising=False)
    asked: list[bool] = []

    def configured() -> int:
        asked.append(True)
        return 123

    with size_limit(flag=7, configured=configured):
        assert max_spec_bytes() == 7
    monkeypatch.setenv(LIMIT_ENV, "8")
    with size_limit(configured=configured):
        assert max_spec_bytes() == 8
    assert asked == []
    monkeypatch.delenv(LIMIT_ENV)
    with size_limit(configured=configured):
        assert max_spec_bytes() == 123
    assert asked == [True]
