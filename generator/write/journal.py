"""The journal of one regeneration: what moves into place and what goes, written before any move.

New files are staged in a folder ``.apiforge-XXXXXXXX`` beside the output's packages. Once all
of them are written, the journal (``.apiforge-journal.json``) records every file to move in and
every stale file to remove, with their hashes; then the moves and removals run and the journal
goes. A run stopped in between (killed, out of disk) leaves the journal: the next run completes
it before anything else, so the tree is the new output, never a mix. A run stopped before the
journal leaves only its staging folder, which the next run removes. Files are not flushed to
the disk one by one: a stopped process is covered, a machine losing power midway is not.

Nothing in a journal is trusted: its paths are checked like a manifest's, its staging folder
must look like one, each staged file must still hash as recorded, and a file is removed only
when it hashes as recorded.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from generator.errors import ApiforgeError, Problem
from generator.records import record
from generator.write.folder import Folder, Handles, NotAFolder

Owned = Callable[[str], PurePosixPath]  # checks a path is the package's own; raises if not
JOURNAL = ".apiforge-journal.json"
_JOURNAL_NEW = ".apiforge-journal.new"
# tempfile.mkdtemp(prefix=".apiforge-"): eight of its letters; nothing else is taken for one
STAGE = re.compile(r"\.apiforge-[a-z0-9_]{8}")
LIMIT = 64 * 1024 * 1024  # the largest journal or manifest read
_UNLOCKED_AGE = 3600.0  # without a lock, a staging folder this old is no live run's


@record
class Journal:
    """One regeneration of ``package``: files to move from ``stage`` (in order), files to remove."""

    package: str
    stage: str
    write: Sequence[tuple[str, str]]  # (relative path, sha256 of the staged file)
    remove: Mapping[str, str]  # relative path -> sha256 of the file to remove

    def to_bytes(self) -> bytes:
        """The journal's JSON."""
        data = {
            "apiforge-journal": 1,
            "package": self.package,
            "stage": self.stage,
            "write": [list(item) for item in self.write],
            "remove": dict(sorted(self.remove.items())),
        }
        return (json.dumps(data, indent=1) + "\n").encode("utf-8")

    @staticmethod
    def parse(data: bytes | None, where: Path, owned: Callable[[str, Path], Owned]) -> Journal:
        """Read a journal, checking each path with ``owned(package, where)(rel)`` (which raises)."""
        try:
            raw = json.loads(data or b"")
            package = raw["package"]
            stage = raw["stage"]
            write = [(str(rel), str(digest)) for rel, digest in raw["write"]]
            remove = {str(k): str(v) for k, v in raw["remove"].items()}
            if raw.get("apiforge-journal") != 1 or not STAGE.fullmatch(stage):
                raise ValueError(stage)
            if not isinstance(package, str) or not package.isidentifier():
                raise ValueError(package)
        except (ValueError, TypeError, KeyError, AttributeError):
            raise _stuck(where, "is not a journal apiforge wrote") from None
        allowed = owned(package, where)
        for rel in [*(rel for rel, _ in write), *remove]:
            allowed(rel)
        return Journal(package, stage, write, remove)


def _stuck(where: Path, why: str) -> ApiforgeError:
    return ApiforgeError(
        [
            Problem(
                str(where),
                f"{why}; an interrupted generation cannot be completed: remove this file and "
                "generate again (with --force if files are reported as edited)",
            )
        ]
    )


def save(root: Folder, journal: Journal) -> None:
    """Write the journal whole or not at all (a new file renamed over the name)."""
    if root.kind(_JOURNAL_NEW) is not None:
        root.unlink(_JOURNAL_NEW)
    root.write(_JOURNAL_NEW, journal.to_bytes())
    root.rename(_JOURNAL_NEW, JOURNAL)


def apply(root: Folder, journal: Journal, *, verify: bool) -> list[str]:
    """Move the staged files in, remove the stale ones, drop the journal and the staging folder.

    ``verify`` (completing an earlier run) hashes each staged file before it moves and each
    file already moved. Returns the paths removed.

    A staged folder the output does not have yet moves in whole, with every file staged in it
    (a first generation: a few renames, not one per file). Not when completing an earlier run:
    each of its files is checked on its own then.
    """
    where = root.path / JOURNAL
    try:
        stage = root.child(journal.stage)
    except NotAFolder:
        if journal.write:
            raise _stuck(where, f"its staging folder {journal.stage} is gone") from None
        stage = None
    try:
        with root.handles(create=True) as targets, (stage or root).handles() as sources:
            whole = None if verify else _Whole(sources, targets)
            for rel, digest in journal.write:
                assert stage is not None
                if whole is None or not whole.moved(PurePosixPath(rel).parts[:-1]):
                    _move(sources, targets, rel, digest, verify=verify, where=where)
    finally:
        if stage is not None:
            stage.close()
    removed = [rel for rel, digest in journal.remove.items() if _remove(root, rel, digest)]
    root.unlink(JOURNAL)
    root.rmtree(journal.stage)
    return sorted(removed)


class _Whole:
    """Staged folders moved in whole: the first folder on a staged file's way that the output
    lacks moves in at once (:func:`apply`)."""

    def __init__(self, sources: Handles, targets: Handles) -> None:
        self.sources, self.targets = sources, targets
        self.moved_in: set[tuple[str, ...]] = set()
        self.present: set[tuple[str, ...]] = set()  # folders the output has

    def moved(self, parents: tuple[str, ...]) -> bool:
        """Whether the folder ``parents`` is in place with all its staged files."""
        for depth in range(1, len(parents) + 1):
            folder = parents[:depth]
            if folder in self.moved_in:
                return True
            if folder in self.present:
                continue
            target = _target(self.targets, folder[:-1])
            if target.kind(folder[-1]) is not None:
                self.present.add(folder)
                continue
            target.move_here(self.sources.get(folder[:-1]), folder[-1])
            self.moved_in.add(folder)
            return True
        return False


def _target(targets: Handles, parents: tuple[str, ...]) -> Folder:
    """The output's folder ``parents``, made where missing; refused through a link."""
    try:
        return targets.get(parents)
    except NotAFolder as exc:
        raise ApiforgeError([Problem(str(exc.path), THROUGH)]) from None


def _move(
    sources: Handles, targets: Handles, rel: str, digest: str, *, verify: bool, where: Path
) -> None:
    *parents, name = PurePosixPath(rel).parts
    try:
        source: Folder | None = sources.get(tuple(parents))
    except NotAFolder:
        source = None
    staged = source is not None and source.kind(name) == "file"
    if staged and verify and source is not None and source.digest(name) != digest:
        raise _stuck(where, f"the staged {rel} is not what was staged")
    target = _target(targets, tuple(parents))
    if staged and source is not None:
        target.move_here(source, name)
    elif target.digest(name) != digest:
        raise _stuck(where, f"{rel} is neither staged nor in place")


THROUGH = (
    "is a symbolic link or not a folder; apiforge does not write through it "
    "(replace it by a folder, or remove it, and generate again)"
)


def _remove(root: Folder, rel: str, digest: str) -> bool:
    """Remove ``rel`` if it is a regular file under ``root`` that hashes to ``digest``."""
    *parents, name = PurePosixPath(rel).parts
    try:
        folder = root.walk(tuple(parents))
    except NotAFolder:
        return False
    with folder:
        if folder.digest(name) != digest:
            return False
        folder.unlink(name)
    for depth in range(len(parents), 0, -1):  # folders left empty go too (never the output)
        try:
            with root.walk(tuple(parents[: depth - 1])) as above:
                if not above.rmdir(parents[depth - 1]):
                    break
        except NotAFolder:
            break
    return True


def recover(root: Folder, owned: Callable[[str, Path], Owned]) -> None:
    """Complete a regeneration a stopped run left; remove staging folders no run will use."""
    found = root.kind(JOURNAL)
    if found is not None:
        where = root.path / JOURNAL
        if found != "file":
            raise _stuck(where, "is not a regular file")
        journal = Journal.parse(root.read(JOURNAL, LIMIT), where, owned)
        apply(root, journal, verify=True)
    if root.kind(_JOURNAL_NEW) == "file":
        root.unlink(_JOURNAL_NEW)
    uid = os.getuid() if hasattr(os, "getuid") else None
    for name in root.names():
        if STAGE.fullmatch(name) and root.kind(name) == "folder" and _abandoned(root, name, uid):
            root.rmtree(name)


def _abandoned(root: Folder, name: str, uid: int | None) -> bool:
    """A staging folder this user made and no live run holds (the caller holds the lock)."""
    status = root.lstat(name)
    if uid is not None and status.st_uid != uid:
        return False
    return root.locks or time.time() - status.st_mtime > _UNLOCKED_AGE


def pending(root: Path) -> bool:
    """Whether a stopped regeneration's journal waits under ``root``."""
    return os.path.lexists(root / JOURNAL)
