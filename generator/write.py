"""The only module that touches the output: manifest, drift check, safe writes.

Files arrive formatted (:mod:`generator.formatting`). Writes are staged: every file is written
into a temporary folder beside the output first, and moved into place only when all of it
succeeded. A file apiforge wrote earlier and someone edited since (its hash no longer matches
the manifest) is not overwritten without ``force``. Files apiforge did not write are never
touched; files it wrote earlier that the new output no longer has are removed.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
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
