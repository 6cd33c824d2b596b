"""The only package that touches the output: manifest, drift check, safe writes.

Files arrive formatted (:mod:`generator.formatting`). Writes are staged and journaled
(:mod:`generator.write.journal`): every file is written into a staging folder beside the output
first, and moved into place only when all of it succeeded; a run stopped midway is completed by
the next one. A file apiforge wrote earlier and someone edited since (its hash no longer matches
the manifest) is not overwritten without ``force``. Files apiforge did not write are never
touched; files it wrote earlier that the new output no longer has are removed. Nothing below
the output is followed (:mod:`generator.write.folder`): a link where a folder or a file was is
refused, and a manifest's entry is removed only when it names a regular file under the output,
in the package's own folders, that hashes as recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path, PurePosixPath
from typing import Any

from generator import __version__
from generator.errors import EXIT_FINDING, ApiforgeError, Problem, fail
from generator.parallel import Pending, Workers
from generator.records import record
from generator.write import journal
from generator.write.atomic import AtomicFile
from generator.write.folder import Folder, Handles, NotAFolder

__all__ = [
    "MANIFEST",
    "AtomicFile",
    "Manifest",
    "Staging",
    "Stale",
    "complete",
    "hashes_of",
    "intact",
    "manifest_data",
    "safe_relative",
    "sha256",
    "stale",
    "stale_files",
    "with_manifest",
    "write_tree",
]

MANIFEST = "apiforge.json"
# files at the top of the output that apiforge may own (``generate --project``); a file there
# that apiforge did not write, the user's own project file, is never replaced, even by --force
TOP_FILES = frozenset({"pyproject.toml"})


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


def _owned(package: str, where: Path) -> journal.Owned:
    """The check of a path a manifest or journal names: relative, in the package's folders."""
    folders = {package, f"{package}_tests"}

    def check(rel: str) -> PurePosixPath:
        path = safe_relative(rel)
        if rel in TOP_FILES:
            return path
        if path.parts[0] not in folders or len(path.parts) < 2:
            raise fail(
                str(where),
                f"names {rel!r}, outside {package}/ and {package}_tests/: not apiforge's to touch",
            )
        return path

    return check


def complete(out: Path) -> None:
    """Complete a regeneration of ``out`` that a stopped run left; remove stale staging folders."""
    if not out.is_dir():
        return
    with Folder.open_root(out) as root, root.locked():
        journal.recover(root, _owned)


def _read_manifest(root: Folder, package: str) -> bytes | None:
    try:
        with root.walk((package,)) as folder:
            return folder.read(MANIFEST, journal.LIMIT)
    except NotAFolder:
        return None


def manifest_data(out: Path, package: str) -> dict[str, Any]:
    """The JSON of ``out/<package>/apiforge.json`` ({} when absent, unreadable or not JSON)."""
    try:
        with Folder.open_root(out) as root:
            data = json.loads(_read_manifest(root, package) or b"")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@record
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
    def files_of(data: Mapping[str, Any]) -> dict[str, str]:
        """The file hashes a manifest's JSON records ({} when it records none)."""
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def hashes_of(files: Mapping[str, str]) -> dict[str, str]:
    """The hash of each file's text, as a manifest records it."""
    return {rel: sha256(text.encode("utf-8")) for rel, text in files.items()}


def with_manifest(
    files: Mapping[str, str],
    package: str,
    manifest: Manifest,
    hashes: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """``files`` plus the manifest that records their hashes (``hashes``: those known already,
    :func:`hashes_of` some of ``files``)."""
    known = hashes or {}
    hashes = {**known, **hashes_of({rel: t for rel, t in files.items() if rel not in known})}
    done = Manifest(manifest.spec, manifest.spec_sha256, manifest.config, hashes, manifest.versions)
    return {**files, f"{package}/{MANIFEST}": done.to_text()}


@record
class _OnDisk:
    """What a path of the output is: a kind (None: nothing), a file's hash, or a blocking step;
    a file holding what it is to hold is told so (``same``), not hashed."""

    kind: str | None
    digest: str | None = None
    through: Path | None = None
    same: bool = False


def _look(folders: Handles, rel: str, want: str | None) -> _OnDisk:
    """What is at ``rel``, which is to hold ``want`` (None: nothing, a stale path)."""
    *parents, name = PurePosixPath(rel).parts
    try:
        folder = folders.get(tuple(parents))
    except NotAFolder as exc:
        if exc.kind is None:
            return _OnDisk(None)
        return _OnDisk("through", through=exc.path)
    kind = folder.kind(name)
    if kind != "file":
        return _OnDisk(kind)
    # a regeneration finds most files as they are to be: compared, not hashed twice
    data = want.encode("utf-8") if want is not None else None
    if data is not None and folder.read(name, len(data)) == data:
        return _OnDisk(kind, same=True)
    return _OnDisk(kind, folder.digest(name))


_NOT_A_FILE = "is {} where apiforge writes a file; not replaced (remove it and generate again)"
_EDITED = "edited since apiforge wrote it; not overwritten (use --force to replace it)"
_FOREIGN = (
    "exists and apiforge did not write it for {package}; not replaced (generate the "
    "project into a folder of its own, or remove the file)"
)
_KINDS = {"link": "a symbolic link", "folder": "a folder", "other": "not a regular file"}


# folders staged side by side: creating a file costs the kernel far more than writing it on
# some disks (0.3 to 0.7 ms of CPU each, GitHub's output holds 2,787), and creations in
# different folders do not wait on one another
_STAGING_THREADS = 4


def _stage(folders: Handles, paths: Mapping[str, PurePosixPath], files: Mapping[str, str]) -> None:
    """Write each of ``files`` at its path below ``folders``' root, one folder per thread."""
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for rel, text in files.items():
        *parents, name = paths[rel].parts
        groups.setdefault(tuple(parents), []).append((name, text))
    targets = [(folders.get(parents), named) for parents, named in groups.items()]

    def write(folder: Folder, named: list[tuple[str, str]]) -> None:
        for name, text in named:
            folder.write(name, text.encode("utf-8"))

    if len(targets) == 1:
        write(*targets[0])
        return
    # the largest folders first, so that none is left alone at the end
    targets.sort(key=lambda target: -len(target[1]))
    with Workers(min(_STAGING_THREADS, len(targets)), "apiforge-write") as pool:
        for done in [pool.submit(write, *target) for target in targets]:
            done.result()


class Staging:
    """One generation's files, written under ``out`` as they come, in batches
    (:meth:`add`): each batch is compared with what the output holds and staged at once,
    while the next one is being formatted. :meth:`commit` moves the whole into place (through
    the journal) or, when something is in the way, raises every problem at once; leaving
    without a commit leaves the output as it was.

    The output's lock is held from the first batch on: another run writing the same output
    waits for this one to end. A batch is compared and staged by a thread of its own, one
    batch after the other, while the caller goes on (finishing the next batch: its files
    read back, its waiver settled); an error there is raised by the next :meth:`add` or by
    :meth:`commit`.
    """

    def __init__(self, out: Path, *, force: bool = False) -> None:
        self.out, self.force = out, force
        self.package = ""
        self._manifest = ""  # the package's manifest, as a path of the output
        self._exit = contextlib.ExitStack()
        self._root: Folder | None = None
        self._made = False  # whether the output folder was made here
        self._committed = False
        self._previous: dict[str, str] = {}  # what the output's manifest lists
        self._seen: Handles | None = None  # the output's folders, looked at
        self._stage: Handles | None = None  # the staging folder's
        self._stage_name = ""  # while it is this run's to remove
        self._given: set[str] = set()
        self._written: list[str] = []  # staged
        self._problems: list[tuple[str, str, Problem]] = []  # (path, where, problem)
        self._behind = Workers(1, "apiforge-stage")
        self._pending: list[Pending[None]] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        self._behind.close()  # what it was doing is done, or was never started
        self._exit.close()
        if self._made and not self._committed:  # a failed first run leaves no empty folder
            with contextlib.suppress(OSError):
                self.out.rmdir()

    def add(self, package: str, files: Mapping[str, str]) -> None:
        """Compare ``files`` (of ``package``, none given before) with the output, and stage
        the ones to write; a problem is kept for :meth:`commit`."""
        owned = _owned(package, self.out / package / MANIFEST)
        paths = {rel: owned(rel) for rel in files}
        if self._root is None:
            self._open(package, owned)
        elif package != self.package:
            raise ValueError(f"one package a staging: {package}, not {self.package}")
        if again := self._given.intersection(files):
            raise ValueError(f"given twice: {sorted(again)[:3]}")
        self._given.update(files)
        self._raise(done=True)
        self._pending.append(self._behind.submit(self._compare_and_stage, files, paths))

    def commit(self, package: str, files: Mapping[str, str]) -> list[str]:
        """Write ``files`` (every file of the generation, those given before among them) and
        remove what the manifest listed that they do not have; return the paths removed."""
        self.add(package, {rel: text for rel, text in files.items() if rel not in self._given})
        self.wait()
        remove = {}
        for rel in sorted(set(self._previous) - self._given):
            digest = self._stale(rel)
            if digest is not None:
                remove[rel] = digest
        if self._problems:
            ordered = sorted(self._problems, key=lambda found: found[0])
            told = {where: problem for _, where, problem in ordered}
            raise ApiforgeError(list(told.values()), EXIT_FINDING)
        self._committed = True
        if not self._written and not remove:
            return []
        assert self._root is not None
        order = sorted(self._written, key=lambda rel: (rel.endswith(f"/{MANIFEST}"), rel))
        listed = _listed(files.get(self._manifest))
        writes = [(rel, listed.get(rel) or sha256(files[rel].encode("utf-8"))) for rel in order]
        plan = journal.Journal(package, self._stage_name, writes, remove)
        self._stage_name = ""  # from the journal on, a stopped run is completed by the next one
        journal.save(self._root, plan)
        return journal.apply(self._root, plan, verify=False)

    def wait(self) -> None:
        """Return once every batch given is compared and staged; raise what that raised."""
        self._raise(done=False)

    def _raise(self, *, done: bool) -> None:
        """Raise what a batch's comparison or staging raised: of those ``done``, or of all of
        them, once they are."""
        running = []
        for pending in self._pending:
            if done and pending.thread.is_alive():
                running.append(pending)
            else:
                pending.result()
        self._pending = running

    def _compare_and_stage(
        self, files: Mapping[str, str], paths: Mapping[str, PurePosixPath]
    ) -> None:
        write = {rel: text for rel, text in files.items() if self._to_write(rel, text)}
        if write and not self._problems:
            _stage(self._staging(), {rel: paths[rel] for rel in write}, write)
            self._written += write

    def _open(self, package: str, owned: journal.Owned) -> None:
        """Lock the output, complete a stopped run's journal, read the manifest."""
        self.package = package
        self._manifest = f"{package}/{MANIFEST}"
        self._made = not self.out.is_dir()
        self.out.mkdir(parents=True, exist_ok=True)
        root = self._exit.enter_context(Folder.open_root(self.out))
        self._exit.enter_context(root.locked())
        journal.recover(root, _owned)
        data = _read_manifest(root, package)
        try:
            previous = Manifest.files_of(json.loads(data or b"{}"))
        except (ValueError, AttributeError):
            previous = {}
        for rel in previous:
            owned(rel)
        self._previous = previous
        self._seen = self._exit.enter_context(root.handles())
        self._root = root

    def _staging(self) -> Handles:
        """The staging folder's handles, the folder made on first use (and removed when
        the run ends without a journal)."""
        if self._stage is None:
            assert self._root is not None
            root = self._root
            self._stage_name = Path(tempfile.mkdtemp(prefix=".apiforge-", dir=self.out)).name
            self._exit.callback(self._unstage, root)
            stage = self._exit.enter_context(root.child(self._stage_name))
            self._stage = self._exit.enter_context(stage.handles(create=True))
        return self._stage

    def _unstage(self, root: Folder) -> None:
        """Remove the staging folder, unless a journal now holds it."""
        if self._stage_name:
            root.rmtree(self._stage_name)

    def _to_write(self, rel: str, text: str) -> bool:
        """Whether ``rel`` is to be written with ``text``: False when the output has it as it
        is to be, or when something is in the way (kept as a problem)."""
        assert self._seen is not None and self._root is not None
        seen = _look(self._seen, rel, text)
        target = str(self._root.path / rel)
        if seen.kind == "through":
            self._refuse(rel, str(seen.through), journal.THROUGH)
        elif seen.kind in _KINDS:
            self._refuse(rel, target, _NOT_A_FILE.format(_KINDS[seen.kind]))
        elif seen.same:
            return False
        elif seen.kind == "file" and seen.digest is not None:
            want = sha256(text.encode("utf-8"))
            ours = seen.digest in (self._previous.get(rel), want) or rel == self._manifest
            if rel in TOP_FILES and rel not in self._previous and seen.digest != want:
                self._refuse(rel, target, _FOREIGN.format(package=self.package))
            elif not ours and not self.force:
                self._refuse(rel, target, _EDITED)
            else:
                return True
        else:
            return True
        return False

    def _stale(self, rel: str) -> str | None:
        """The hash of ``rel``, listed by the manifest and no longer generated, when it is to
        be removed (None: it is gone already, or something else is there)."""
        assert self._seen is not None and self._root is not None
        seen = _look(self._seen, rel, None)
        if seen.kind != "file" or seen.digest is None:
            return None
        ours = seen.digest == self._previous[rel] or rel == self._manifest
        if not ours and not self.force:
            self._refuse(rel, str(self._root.path / rel), _EDITED)
            return None
        return seen.digest

    def _refuse(self, rel: str, where: str, message: str) -> None:
        self._problems.append((rel, where, Problem(where, message)))


def write_tree(
    out: Path, files: Mapping[str, str], package: str, *, force: bool = False
) -> list[str]:
    """Write ``files`` under ``out`` safely, all at once (:class:`Staging`); return the
    relative paths removed as stale.

    A file already on disk with the content it is to have is left as it is (a regeneration
    after a small change of the spec moves only what changed)."""
    with Staging(out, force=force) as staging:
        return staging.commit(package, files)


def _listed(text: str | None) -> dict[str, str]:
    """The hashes a manifest's ``text`` records for the other files (:func:`with_manifest`
    hashed them a moment ago; {} without one)."""
    try:
        return Manifest.files_of(json.loads(text)) if text is not None else {}
    except (ValueError, AttributeError):
        return {}


def intact(out: Path, package: str, manifest_sha256: str) -> bool:
    """Whether ``out`` holds exactly what the manifest with sha256 ``manifest_sha256`` records:
    that manifest in place, every file it lists a regular file that hashes as listed, reached
    without following links, and no generation stopped midway."""
    try:
        with Folder.open_root(out) as root:
            if root.kind(journal.JOURNAL) is not None:
                return False
            data = _read_manifest(root, package)
            if data is None or sha256(data) != manifest_sha256:
                return False
            files = Manifest.files_of(json.loads(data))
            owned = _owned(package, out / package / MANIFEST)
            for rel in files:
                owned(rel)
            with root.handles() as folders:
                return all(
                    _look(folders, rel, None).digest == digest for rel, digest in files.items()
                )
    except (OSError, ValueError, AttributeError, ApiforgeError, NotAFolder):
        return False


def _text(root: Folder | None, rel: str) -> str | None:
    """The text of the regular file ``rel`` under ``root``, reached without following links."""
    if root is None:
        return None
    *parents, name = PurePosixPath(rel).parts
    try:
        with root.walk(tuple(parents)) as folder:
            data = folder.read(name, journal.LIMIT)
    except NotAFolder:
        return None
    return None if data is None else data.decode("utf-8", errors="replace")


@record
class Stale:
    """A file on disk that is not what generation produces, with its short unified diff."""

    rel: str  # "" for what is not one file (a generation stopped midway, a refused entry)
    report: str
    edited: bool  # changed on disk since apiforge wrote it (`generate` needs --force)


def stale(
    out: Path, files: Mapping[str, str], package: str, *, context: int = 3, limit: int = 40
) -> list[Stale]:
    """Each file whose disk content differs from ``files``; the manifest last (its hashes
    only restate the other files' changes)."""
    found = []
    root = Folder.open_root(out) if out.is_dir() else None
    try:
        if root is not None and root.kind(journal.JOURNAL) is not None:
            text = (
                f"{out / journal.JOURNAL}: a generation stopped midway; "
                "`apiforge generate` completes it\n"
            )
            found.append(Stale("", text, edited=False))
        previous = Manifest.files_of(manifest_data(out, package))
        owned = _owned(package, out / package / MANIFEST)
        for rel in sorted(set(files) | set(previous), key=lambda r: (r.endswith(MANIFEST), r)):
            try:
                owned(rel)
            except ApiforgeError as exc:
                found.append(Stale("", f"{exc}\n", edited=False))
                continue
            want = files.get(rel)
            have = _text(root, rel)
            if want == have:
                continue
            recorded = previous.get(rel)
            edited = have is not None and recorded is not None and sha256(have.encode()) != recorded
            found.append(Stale(rel, _diff(rel, have, want, context, limit), edited))
    finally:
        if root is not None:
            root.close()
    return found


def stale_files(
    out: Path, files: Mapping[str, str], package: str, *, context: int = 3, limit: int = 40
) -> list[str]:
    """A short unified diff for each file whose disk content differs from ``files``."""
    return [s.report for s in stale(out, files, package, context=context, limit=limit)]


def _diff(rel: str, have: str | None, want: str | None, context: int, limit: int) -> str:
    import difflib  # only for a tree that is stale: not on the way of every write

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
    return shown
