"""Only regular files are read, within a size limit: FIFOs, devices and folders are refused
(also behind a symlink and as a ``$ref`` target), quickly and with an exit-2 message."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.load.files as files_module
from generator.errors import EXIT_FINDING, EXIT_USAGE, ApiforgeError
from generator.load import load
from generator.load.files import LIMIT_ENV, LIMIT_HINT, read_regular
from generator.validate import validate

ROOT = Path(__file__).resolve().parents[3]
SPEC = """\
openapi: 3.0.3
info: {title: refs, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "TARGET#/X"}
"""
TARGET = "X: {type: string}\n"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv(LIMIT_ENV, raising=False)


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def _fifo_link(folder: Path) -> Path:
    link = folder / "link.yaml"
    link.symlink_to(_fifo(folder))
    return link


def _folder(folder: Path) -> Path:
    path = folder / "folder.yaml"
    path.mkdir()
    return path


def _device(folder: Path) -> Path:
    link = folder / "zero.yaml"  # inside the folder, so a $ref to it is permitted
    link.symlink_to("/dev/zero")
    return link


def _sparse(folder: Path) -> Path:
    path = folder / "huge.yaml"
    with path.open("wb") as handle:  # a hole: no disk used, 101 MiB of zeros to read
        handle.truncate(101 * 1024 * 1024)
    return path


SPECIAL: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, "is a named pipe (FIFO), not a regular file; apiforge reads a spec only"),
    "symlink to a fifo": (_fifo_link, "is a named pipe (FIFO) (a symlink to "),
    "directory": (_folder, "is a directory, not a spec file"),
    "/dev/zero": (_device, "is a device (a symlink to /dev/zero), not a regular file"),
    "sparse huge file": (_sparse, "larger than the limit of 104,857,600 bytes for a spec file"),
}
needs_special_files = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX special files"
)


def _refused(call: Callable[[], object]) -> ApiforgeError:
    with pytest.raises(ApiforgeError) as caught:
        call()
    assert caught.value.exit_code == EXIT_USAGE
    assert len(caught.value.problems) == 1
    return caught.value


@needs_special_files
@pytest.mark.parametrize("kind", SPECIAL)
def test_a_special_or_huge_spec_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    make, expected = SPECIAL[kind]
    path = make(tmp_path)
    error = _refused(lambda: load(path, use_cache=False))
    assert str(error).startswith(f"{path}: ")
    assert expected in str(error)


@needs_special_files
@pytest.mark.parametrize("kind", SPECIAL)
def test_a_ref_to_a_special_or_huge_file_is_refused_at_the_ref(tmp_path: Path, kind: str) -> None:
    make, expected = SPECIAL[kind]
    target = make(tmp_path)
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("TARGET", target.name), encoding="utf-8")
    for full in (True, False):
        # external files allowed: the symlink to /dev/zero leads out of the folder
        checked = lambda: validate(load(spec), full=full, allow_external_files=True)  # noqa: B023, E731
        error = _refused(checked)
        text = str(error)
        assert text.startswith(f"{spec}:11:24: $ref target {target.name} cannot be read: ")
        assert expected in text
        assert text.endswith(
            "(at /paths/~1a/get/responses/200/content/application~1json/schema/$ref)"
        )


def test_a_missing_ref_target_stays_a_finding(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("TARGET", "gone.yaml"), encoding="utf-8")
    problems = validate(load(spec))
    assert [p.message for p in problems] == ["$ref target gone.yaml cannot be read: no such file"]
    (tmp_path / "gone.yaml").write_text(TARGET, encoding="utf-8")
    assert validate(load(spec)) == []


def test_the_limit_is_configurable_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("TARGET", "t.yaml"), encoding="utf-8")
    (tmp_path / "t.yaml").write_text(TARGET + "# padding\n" * 40, encoding="utf-8")
    assert validate(load(spec)) == []
    limit = spec.stat().st_size  # the spec fits, its target does not
    monkeypatch.setenv(LIMIT_ENV, str(limit))
    error = _refused(lambda: validate(load(spec)))
    assert f"t.yaml cannot be read: larger than the limit of {limit:,} bytes" in str(error)
    assert f"raise the limit with {LIMIT_HINT}" in str(error)
    monkeypatch.setenv(LIMIT_ENV, "lots")
    error = _refused(lambda: load(spec))
    assert str(error) == f"{LIMIT_ENV}: {LIMIT_ENV}='lots' must be a positive whole number of bytes"


def test_the_limit_holds_while_reading_whatever_the_size_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"a: 1\n" * 1000)
    real_fstat = os.fstat

    def stale_size(descriptor: int) -> os.stat_result:  # a file that grew after its fstat
        fields = list(real_fstat(descriptor))
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(files_module.os, "fstat", stale_size)
    assert len(read_regular(path, 5000)) == 5000
    error = _refused(lambda: read_regular(path, 4999))
    assert "larger than the limit of 4,999 bytes" in str(error)


_EVERY_COMMAND = """
import sys, time
from generator.cli import main
spec = sys.argv[1]
for argv in (
    ["validate", spec],
    ["generate", spec, "-o", sys.argv[2]],
    ["check", spec, "-o", sys.argv[2]],
    ["diff", spec, spec],
    ["mock", spec, "--port", "0"],
    ["conformance", spec, "--base-url", "http://127.0.0.1:9"],
):
    start = time.perf_counter()
    code = main(argv)
    print(argv[0], code, round(time.perf_counter() - start, 2), flush=True)
"""


@needs_special_files
@pytest.mark.parametrize("kind", ["fifo", "fifo as a $ref target"])
def test_every_command_refuses_a_fifo_with_exit_2(tmp_path: Path, kind: str) -> None:
    spec = _fifo(tmp_path)
    if kind != "fifo":
        spec = tmp_path / "spec.yaml"
        spec.write_text(SPEC.replace("TARGET", "pipe.yaml"), encoding="utf-8")
    script = textwrap.dedent(_EVERY_COMMAND)
    done = subprocess.run(
        [sys.executable, "-c", script, str(spec), str(tmp_path / "out")],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    results = [line.split() for line in done.stdout.splitlines()]
    commands = ["validate", "generate", "check", "diff", "mock", "conformance"]
    assert [r[0] for r in results] == commands, done.stderr
    assert [int(r[1]) for r in results] == [EXIT_USAGE] * 6
    assert all(float(r[2]) < 5 for r in results)
    errors = done.stderr.splitlines()
    assert len(errors) == 6  # one line each (diff stops at the old side)
    assert all("named pipe (FIFO)" in line and "Traceback" not in line for line in errors)
    assert EXIT_FINDING not in [int(r[1]) for r in results]
