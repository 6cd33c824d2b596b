"""A folder of the output reached without following any symbolic link below the output.

Each :class:`Folder` holds an open directory handle where the platform offers ``dir_fd``
(every operation is then relative to it, and each step down opens the child with
``O_NOFOLLOW``), else its path with an ``lstat`` check before each step. Whatever sits below
the output (a folder swapped for a link, a link planted where a file was) is looked at, never
gone through. Every ``OSError`` leaves here carrying the full path it concerns.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from generator.records import record

Kind = Literal["file", "folder", "link", "other"]

_DIR_FD = all(
    f in os.supports_dir_fd for f in (os.open, os.stat, os.mkdir, os.unlink, os.rmdir, os.rename)
) and hasattr(os, "O_NOFOLLOW")  # os.replace is os.rename's sibling: the same dir_fd support
_OPEN_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_CREATE |= getattr(os, "O_BINARY", 0)
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}


class NotAFolder(Exception):
    """A step down that would go through a link, a file or something else."""

    def __init__(self, path: Path, kind: Kind | None) -> None:
        super().__init__(str(path))
        self.path = path
        self.kind = kind


def kind_of(mode: int) -> Kind:
    """What an ``lstat`` mode is."""
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return "other"


class located:  # a context manager, named like contextlib's
    """Re-raise an ``OSError`` naming ``folder / name`` in full (same subclass, same errno)."""

    __slots__ = ("folder", "name")

    def __init__(self, folder: Path, name: str | None = None) -> None:
        self.folder, self.name = folder, name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, OSError) and exc.errno is not None:
            path = self.folder if self.name is None else self.folder / self.name
            raise OSError(exc.errno, exc.strerror, str(path)) from None


@record(frozen=False)
class Folder:
    """An open folder of the output; use as a context manager or :meth:`close` it."""

    path: Path
    fd: int | None
    locks: bool = False  # whether this handle holds the folder's lock

    @classmethod
    def open_root(cls, path: Path) -> Folder:
        """The output folder itself: the user named it, so a link to it is followed."""
        with located(path):
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _DIR_FD else None
        return cls(path, fd)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the handle."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def _at(self, name: str) -> str:
        return name if self.fd is not None else str(self.path / name)

    def kind(self, name: str) -> Kind | None:
        """What ``name`` is here, without following it (None: nothing)."""
        try:
            with located(self.path, name):
                mode = os.stat(self._at(name), dir_fd=self.fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return None
        return kind_of(mode)

    def lstat(self, name: str) -> os.stat_result:
        """``name``'s own status (a link's, not its target's)."""
        with located(self.path, name):
            return os.stat(self._at(name), dir_fd=self.fd, follow_symlinks=False)

    def child(self, name: str, *, create: bool = False) -> Folder:
        """The sub-folder ``name``; :class:`NotAFolder` when it is a link or not a folder."""
        found = self.kind(name)
        if found is None and create:
            with located(self.path, name), contextlib.suppress(FileExistsError):
                os.mkdir(self._at(name), dir_fd=self.fd)
            found = self.kind(name)
        if found != "folder":
            raise NotAFolder(self.path / name, found)
        if self.fd is None:
            return Folder(self.path / name, None)
        try:
            with located(self.path, name):
                fd = os.open(name, _OPEN_DIR, dir_fd=self.fd)
        except OSError:  # swapped for a link since the look: still not followed
            raise NotAFolder(self.path / name, "link") from None
        return Folder(self.path / name, fd)

    def names(self) -> list[str]:
        """The entries of this folder."""
        with located(self.path):
            return sorted(os.listdir(self.fd if self.fd is not None else self.path))

    @contextlib.contextmanager
    def _regular(self, name: str) -> Iterator[io.BufferedReader | None]:
        """The regular file ``name`` open for reading (None: absent, or not a regular file)."""
        if self.kind(name) != "file":
            yield None
            return
        try:
            with located(self.path, name):
                fd = os.open(self._at(name), _READ, dir_fd=self.fd)
        except OSError:
            yield None  # swapped for a link since the look
            return
        with os.fdopen(fd, "rb") as handle, located(self.path, name):
            yield handle if stat.S_ISREG(os.fstat(handle.fileno()).st_mode) else None

    def read(self, name: str, limit: int) -> bytes | None:
        """The bytes of the regular file ``name`` (None: absent, not a regular file, too big)."""
        with self._regular(name) as handle:
            data = handle.read(limit + 1) if handle is not None else None
        return data if data is not None and len(data) <= limit else None

    def digest(self, name: str) -> str | None:
        """The sha256 of the regular file ``name`` (None: absent or not a regular file)."""
        with self._regular(name) as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() if handle else None

    def write(self, name: str, data: bytes) -> None:
        """Create the new file ``name`` (it must not exist) holding ``data``."""
        with located(self.path, name):
            fd = os.open(self._at(name), _CREATE, 0o666, dir_fd=self.fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)

    def move_here(self, source: Folder, name: str) -> None:
        """Replace ``name`` here by ``source``'s ``name`` in one step (a rename)."""
        with located(self.path, name):
            os.replace(source._at(name), self._at(name), src_dir_fd=source.fd, dst_dir_fd=self.fd)

    def rename(self, old: str, new: str) -> None:
        """Rename within this folder."""
        with located(self.path, new):
            os.replace(self._at(old), self._at(new), src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def unlink(self, name: str) -> None:
        """Remove the file (or link) ``name`` itself."""
        with located(self.path, name):
            os.unlink(self._at(name), dir_fd=self.fd)

    def rmdir(self, name: str) -> bool:
        """Remove the empty folder ``name``; False when it is not empty or not there."""
        try:
            with located(self.path, name):
                os.rmdir(self._at(name), dir_fd=self.fd)
        except OSError:
            return False
        return True

    def rmtree(self, name: str) -> None:
        """Remove the folder ``name`` and what it holds, links removed and never followed."""
        if self.kind(name) != "folder":
            return
        with located(self.path, name):
            if self.fd is not None:
                shutil.rmtree(name, dir_fd=self.fd)
            else:
                shutil.rmtree(self.path / name)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this folder's advisory lock: one writer of an output at a time."""
        try:
            import fcntl
        except ImportError:  # no flock here: writers are not serialised
            yield
            return
        if self.fd is None:
            yield
            return
        try:
            with located(self.path):
                fcntl.flock(self.fd, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                raise
            yield  # a file system without locks (some network ones): writers are not serialised
            return
        self.locks = True
        try:
            yield
        finally:
            self.locks = False
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def handles(self, *, create: bool = False) -> Handles:
        """Folders below this one, each opened once (see :class:`Handles`)."""
        return Handles(self, create)

    def walk(self, parts: tuple[str, ...], *, create: bool = False) -> Folder:
        """The folder ``parts`` below this one (each step :meth:`child`); close it after use."""
        folder = Folder(self.path, None if self.fd is None else os.dup(self.fd))
        try:
            for part in parts:
                nxt = folder.child(part, create=create)
                folder.close()
                folder = nxt
        except BaseException:
            folder.close()
            raise
        return folder


class Handles:
    """Folders below ``root``, each opened once on first use and all closed together."""

    def __init__(self, root: Folder, create: bool) -> None:
        self.root, self.create = root, create
        self.opened: dict[tuple[str, ...], Folder] = {}
        # what the folders not reached were (a step through something else, or none)
        self.missing: dict[tuple[str, ...], tuple[Path, Kind | None]] = {}

    def __enter__(self) -> Handles:
        return self

    def __exit__(self, *_: object) -> None:
        for folder in self.opened.values():
            folder.close()
        self.opened.clear()

    def get(self, parts: tuple[str, ...]) -> Folder:
        """The folder ``parts`` below the root; :class:`NotAFolder` as :meth:`Folder.child`."""
        if not parts:
            return self.root
        found = self.opened.get(parts)
        if found is None:
            if parts in self.missing:  # asked for again: each file of a folder not there
                raise NotAFolder(*self.missing[parts])
            try:
                found = self.get(parts[:-1]).child(parts[-1], create=self.create)
            except NotAFolder as exc:
                self.missing[parts] = (exc.path, exc.kind)
                raise
            self.opened[parts] = found
        return found
