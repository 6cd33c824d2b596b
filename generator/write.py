"""The only module that touches the output: format, manifest, drift check, safe writes.

Writes are staged: every file is formatted and written into a temporary folder beside
the output first, and moved into place only when all of it succeeded. A file apiforge
wrote earlier and someone edited since (its hash no longer matches the manifest) is not
overwritten without ``force``. Files apiforge did not write are never touched; files it
wrote earlier that the new output no longer has are removed.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator import __version__
from generator.errors import EXIT_FINDING, ApiforgeError, Problem, fail

MANIFEST = "apiforge.json"


def sha256(data: bytes) -> str:
    """Hex digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that cannot leave the output folder."""
    rel = PurePosixPath(path)
    if (
        rel.is_absolute()
        or any(p in ("", ".", "..") for p in path.split("/"))
        or "\\" in path
        or "\0" in path
    ):
        raise fail(path, "refusing to write outside the output folder")
    return rel


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):  # pragma: no cover - ruff is a dependency
        found = shutil.which("ruff")
        if found is None:
            raise fail(
                "ruff", "ruff is not installed: pip install ruff==0.17.5", exit_code=2
            ) from None
        return found


def ruff_version() -> str:
    """The version of the formatter whose output becomes ours."""
    out = subprocess.run([ruff_binary(), "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip().removeprefix("ruff ")


# the header's waiver (templates/_macros/header.jinja); the last ruff pass keeps what is used
WAIVER = "# ruff: noqa: E501, RUF001, RUF002, RUF003"
LINE_LENGTH = 100
RUFF_ARGS = ("--isolated", "--line-length", str(LINE_LENGTH), "--target-version", "py311")
_PLAIN = re.compile(r"[^\x20-\x7e\n]")  # anything but printable ASCII and newlines


def _check(select: str) -> tuple[str, ...]:
    return ("check", "--fix", "--select", select, "--quiet", "--no-cache", "--exit-zero")


# imports sorted and unused ones dropped; then formatted; then (after formatting) the
# header's waiver trimmed to the codes a line needs
_IMPORTS = (*_check("F401,I,RUF022,RUF036"), *RUFF_ARGS)
_FORMAT = ("format", "--quiet", "--no-cache", *RUFF_ARGS)
WAIVER_PASS = (*_check("RUF100,E501,RUF001,RUF002,RUF003"), *RUFF_ARGS)


def trimmed_waiver(text: str) -> str | None:
    """What the waiver pass makes of formatted ``text``, when that is certain without ruff.

    Certain for printable ASCII (no confusable character, so RUF001-003 are unused) whose
    only ``noqa`` is the header's :data:`WAIVER`: E501 is kept when a line is over the limit
    beyond doubt (a code line of several words not ending in a URL, no comment on it) and
    the waiver goes when no line is over. Anything else (None) is left to ruff.
    """
    if _PLAIN.search(text) or text.count("noqa") != 1 or f"\n{WAIVER}\n" not in text:
        return None
    long = [line for line in text.split("\n") if len(line) > LINE_LENGTH]
    if not long:
        return text.replace(f"\n{WAIVER}\n", "\n", 1)
    if any(_overlong(line) for line in long):
        return text.replace(f"\n{WAIVER}\n", "\n# ruff: noqa: E501\n", 1)
    return None


def _overlong(line: str) -> bool:
    # E501 spares a line of one word, one ending in a URL, pragma and SPDX comments
    words = line.split()
    return len(words) >= 3 and "#" not in line and "://" not in words[-1] and "SPDX" not in line


def _run_ruff(ruff: str, args: tuple[str, ...], root: Path, paths: list[str]) -> None:
    for start in range(0, len(paths), 1000):  # a bounded command line
        done = subprocess.run(
            [ruff, *args, "--", *paths[start : start + 1000]],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            first = (done.stderr or done.stdout).strip().splitlines()[:3]
            raise fail("ruff", "generated code does not format: " + " / ".join(first))


def _scratch(size: int) -> str | None:
    """A memory-backed folder for ruff's working copy, when there is one with room to spare.

    ruff reads and writes files; on some disks writing GitHub's 1,300 files costs more than
    formatting them. An explicit ``TMPDIR`` is respected; None means the default folder.
    """
    shm = Path("/dev/shm")
    if os.environ.get("TMPDIR") or not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    try:
        return str(shm) if shutil.disk_usage(shm).free > 4 * size + (64 << 20) else None
    except OSError:
        return None


def format_files(files: Mapping[str, str]) -> dict[str, str]:
    """Run ruff (imports sorted, unused ones dropped, formatted) over every Python file.

    Other files (JSON data, ``py.typed``) are returned as they are: ruff would not read them.
    The last pass runs only on the files :func:`trimmed_waiver` cannot settle.
    """
    python = sorted(rel for rel in files if rel.endswith(".py"))
    size = sum(len(files[rel]) for rel in python) * 2  # bytes, roughly
    with tempfile.TemporaryDirectory(prefix="apiforge-fmt-", dir=_scratch(size)) as tmp:
        root = Path(tmp)
        folders: set[Path] = set()
        for rel in python:
            target = root / safe_relative(rel)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_text(files[rel], encoding="utf-8")
        ruff = ruff_binary()
        _run_ruff(ruff, _IMPORTS, root, ["."])
        _run_ruff(ruff, _FORMAT, root, ["."])
        formatted = {rel: (root / rel).read_text(encoding="utf-8") for rel in python}
        settled = {rel: trimmed_waiver(text) for rel, text in formatted.items()}
        rest = [rel for rel, text in settled.items() if text is None]
        _run_ruff(ruff, WAIVER_PASS, root, rest)
        formatted |= {rel: (root / rel).read_text(encoding="utf-8") for rel in rest}
        formatted |= {rel: text for rel, text in settled.items() if text is not None}
    return {rel: formatted.get(rel, text) for rel, text in files.items()}


@dataclass(frozen=True)
class Manifest:
    """What was generated from what: recorded in ``<package>/apiforge.json``."""

    spec: str
    spec_sha256: str
    config: Mapping[str, Any]
    files: Mapping[str, str]  # relative path -> sha256
    versions: Mapping[str, str] = field(default_factory=dict)

    def to_text(self) -> str:
        """Stable JSON (sorted keys, no timestamps)."""
        data = {
            "generator": "apiforge",
            "apiforge": __version__,
            "versions": dict(sorted(self.versions.items())),
            "spec": self.spec,
            "spec_sha256": self.spec_sha256,
            "config": self.config,
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @staticmethod
    def read(path: Path) -> dict[str, str]:
        """The file hashes of an existing manifest ({} when there is none or it is unreadable)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = data.get("files", {})
            return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
        except (OSError, ValueError, AttributeError):
            return {}


def with_manifest(files: Mapping[str, str], package: str, manifest: Manifest) -> dict[str, str]:
    """``files`` plus the manifest that records their hashes."""
    hashes = {rel: sha256(text.encode("utf-8")) for rel, text in files.items()}
    done = Manifest(manifest.spec, manifest.spec_sha256, manifest.config, hashes, manifest.versions)
    return {**files, f"{package}/{MANIFEST}": done.to_text()}


def _edited(
    out: Path, previous: Mapping[str, str], new: Mapping[str, str], package: str
) -> list[str]:
    edited = []
    own = f"{package}/{MANIFEST}"
    for rel, digest in sorted(previous.items()):
        target = out / rel
        if target.is_file() and sha256(target.read_bytes()) != digest:
            edited.append(rel)
    for rel in sorted(set(new) - set(previous) - {own}):
        target = out / rel
        if target.exists() and (
            not target.is_file() or target.read_text(encoding="utf-8", errors="replace") != new[rel]
        ):
            edited.append(rel)
    return edited


def write_tree(
    out: Path, files: Mapping[str, str], package: str, *, force: bool = False
) -> list[str]:
    """Write ``files`` under ``out`` safely; return the relative paths removed as stale."""
    rels = {rel: safe_relative(rel) for rel in files}
    previous = Manifest.read(out / package / MANIFEST)
    for rel in previous:
        safe_relative(rel)
    edited = [] if force else _edited(out, previous, files, package)
    if edited:
        problems = [
            Problem(
                str(out / rel),
                "edited since apiforge wrote it; not overwritten (use --force to replace it)",
            )
            for rel in edited
        ]
        raise ApiforgeError(problems, EXIT_FINDING)
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".apiforge-", dir=out))
    try:
        for rel, text in files.items():
            target = stage / rels[rel]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        for rel in sorted(files):
            final = out / rels[rel]
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rels[rel], final)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    stale = sorted(set(previous) - set(files))
    for rel in stale:
        target = out / safe_relative(rel)
        if target.is_file():
            target.unlink()
            _prune(target.parent, out)
    return stale


def _prune(folder: Path, out: Path) -> None:
    """Remove folders left empty by stale files (never ``out`` itself)."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def stale_files(
    out: Path, files: Mapping[str, str], package: str, *, context: int = 3, limit: int = 40
) -> list[str]:
    """A short unified diff for each file whose disk content differs from ``files``."""
    reports = []
    previous = Manifest.read(out / package / MANIFEST)
    for rel in sorted(set(files) | set(previous)):
        target = out / rel
        want = files.get(rel)
        have = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
        if want == have:
            continue
        diff = list(
            difflib.unified_diff(
                (have or "").splitlines(keepends=True),
                (want or "").splitlines(keepends=True),
                fromfile=f"{rel} (on disk)" if have is not None else "/dev/null",
                tofile=f"{rel} (generated)" if want is not None else "/dev/null",
                n=context,
            )
        )
        shown = "".join(diff[:limit])
        if len(diff) > limit:
            shown += f"... {len(diff) - limit} more diff lines\n"
        reports.append(shown)
    return reports


def versions() -> dict[str, str]:
    """Versions of everything whose output becomes part of ours."""
    return {"apiforge": __version__, "ruff": ruff_version()}
