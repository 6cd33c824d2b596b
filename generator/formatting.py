"""ruff over generated files: imports sorted, unused ones dropped, formatted, waiver trimmed.

ruff works on a scratch copy, never on the output (:mod:`generator.write` owns that).
:class:`Formatting` runs batches in the background, so that the caller can render the next
batch (or locate what generation skipped) while ruff works on the last one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Collection, Container, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import TracebackType

from generator import __version__
from generator.errors import fail
from generator.parallel import Pending, Workers, scratch
from generator.write import safe_relative
from generator.write.store import Store

__all__ = [
    "LINE_LENGTH",
    "WAIVER",
    "WAIVER_PASS",
    "Formatted",
    "Formatting",
    "ask_ruff_version",
    "format_files",
    "ruff_binary",
    "ruff_version",
    "trimmed_waiver",
    "versions",
]


@cache
def ruff_binary() -> str:
    """The pinned ruff's executable (found once: finding it is not thread-safe).

    Where ruff's own search (``find_ruff_bin``) looks first, this interpreter's scripts folder,
    is looked at alone before it: a ruff there is the one that search returns, found in half
    the time (it works out its other places first: 2 ms of a small spec's generation).
    """
    import sysconfig

    exe = sysconfig.get_config_var("EXE") or ""
    first = os.path.join(sysconfig.get_path("scripts"), f"ruff{exe}")
    if os.path.isfile(first):
        return first
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


# ruff --version, started by ask_ruff_version and read by ruff_version
_ASKED: list[subprocess.Popen[str]] = []


def _asking() -> subprocess.Popen[str]:
    command = [ruff_binary(), "--version"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def ask_ruff_version() -> None:
    """Start asking ruff its version, unless it is known or asked already: the answer comes
    while this process works (rendering), and :func:`ruff_version` reads it."""
    if not _ASKED and not ruff_version.cache_info().currsize:
        _ASKED.append(_asking())


@cache
def ruff_version() -> str:
    """The version of the formatter whose output becomes ours."""
    try:
        asked = _ASKED.pop()
    except IndexError:  # not asked before (or taken by another thread)
        asked = _asking()
    said, _ = asked.communicate()
    return said.strip().removeprefix("ruff ")


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
# not --quiet: ruff format then says nothing of a file it cannot parse
_FORMAT = ("format", "--no-cache", *RUFF_ARGS)
WAIVER_PASS = (*_check("RUF100,E501,RUF001,RUF002,RUF003"), *RUFF_ARGS)


def trimmed_waiver(text: str) -> str | None:
    """What the waiver pass makes of formatted ``text``, when that is certain without ruff.

    Certain for printable ASCII (no confusable character, so RUF001-003 are unused) whose
    only ``noqa`` is the header's :data:`WAIVER`: E501 is kept when a line is over the limit
    beyond doubt (:func:`_overlong`), and the waiver goes when every line over the limit's
    length is one word (E501 never flags those). Anything else (None) is left to ruff.
    """
    if _PLAIN.search(text) or text.count("noqa") != 1 or f"\n{WAIVER}\n" not in text:
        return None
    flagged = _flagged(text)
    if flagged is None:
        return None
    return text.replace(f"\n{WAIVER}\n", "\n# ruff: noqa: E501\n" if flagged else "\n", 1)


def _flagged(text: str) -> bool | None:
    """Whether E501 flags a line of ``text`` (printable ASCII): True when one is over the limit
    beyond doubt (:func:`_overlong`), False when every line over the limit's length is one
    word (E501 never flags those), None when that is not certain."""
    long = [line for line in text.split("\n") if len(line) > LINE_LENGTH]
    if any(_overlong(line) for line in long):
        return True
    if all(len(line.split()) < 2 for line in long):
        return False
    return None


# what may start a pragma comment, which E501 strips before measuring: the words noqa and
# nosec anywhere, and a `#` before a word and a colon (type, isort, ruff, an SPDX tag...),
# read widely to be sure
_PRAGMA = re.compile(r"noqa|nosec|#[ ]*[\w-]+[ ]*:", re.IGNORECASE)


def _overlong(line: str) -> bool:
    """Whether E501 flags ``line``, a line of printable ASCII over the limit, beyond doubt.

    E501 spares a line of one word, one ending in a URL, one whose trailing pragma comment
    makes it long, and SPDX comments (so a table's `"key": Value,` of two words is over). Sure
    here: two words or more, no URL last, and nothing that may be a pragma anywhere in it
    (whether a ``#`` starts a comment or sits in a string, as in a JSON pointer, then does not
    matter).
    """
    words = line.split()
    return len(words) >= 2 and "://" not in words[-1] and _PRAGMA.search(line) is None


# a comment line E501 flags beyond doubt (:func:`_overlong`), and no other rule of the waiver
_FLAGGED = "# " + " ".join(["filler"] * 20)


class _Heads:
    """The waiver of a file whose characters past printable ASCII are all in its head: the
    header's line and the module's docstring below it (a spec file's name, an API's title),
    settled from ruff's waiver pass over the heads alone.

    The waiver pass's rules judge each line, string, docstring and comment alone, so what a
    head uses of the waiver is what it uses atop its file: ruff's waiver pass is asked about
    each head alone and beside a line E501 flags (small files, in one run), and the rest of the
    file, printable ASCII, is read as :func:`trimmed_waiver` reads it. A file with anything
    else past printable ASCII, or a head ruff answers otherwise, is left to the pass over it.
    """

    def __init__(self, ruff: str, folder: Path) -> None:
        self._ruff, self._folder = ruff, folder
        self._told: dict[str, tuple[str, str] | None] = {}  # by head: its two answers
        self._asked = 0

    def settle(self, texts: Mapping[str, str]) -> dict[str, str]:
        """Those of ``texts`` (formatted files by path) settled so, as the pass would make them."""
        split = {rel: parts for rel, text in texts.items() if (parts := _split_head(text))}
        self._ask({head for head, _, _ in split.values()} - self._told.keys())
        settled = {}
        for rel, (head, body, flagged) in split.items():
            told = self._told[head]
            if told is not None:
                settled[rel] = (told[1] if flagged else told[0]) + body
        return settled

    def _ask(self, heads: Collection[str]) -> None:
        """ruff's waiver pass over each of ``heads`` alone and beside a flagged line."""
        if not heads:
            return
        folder = self._folder / f"heads{self._asked}"
        self._asked += 1
        folder.mkdir(parents=True)
        asked = {head: (f"h{n}a.py", f"h{n}b.py") for n, head in enumerate(sorted(heads))}
        beside = f"{_FLAGGED}\n"
        for head, (alone, flagged) in asked.items():
            (folder / alone).write_text(head, encoding="utf-8")
            (folder / flagged).write_text(head + beside, encoding="utf-8")
        _run_ruff(
            self._ruff, WAIVER_PASS, folder, [name for pair in asked.values() for name in pair]
        )
        for head, names in asked.items():
            alone, flagged = ((folder / name).read_text(encoding="utf-8") for name in names)
            first, _, rest = head.partition("\n")
            block = rest.partition("\n")[2]  # the docstring, below the waiver
            flagged = flagged.removesuffix(beside) if flagged.endswith(beside) else ""
            # only the waiver's line may change: anything else and ruff decides each file
            kept = all(t.startswith(f"{first}\n") and t.endswith(block) for t in (alone, flagged))
            self._told[head] = (alone, flagged) if kept else None


def _split_head(text: str) -> tuple[str, str, bool] | None:
    """(head, rest, whether E501 flags a line of the rest) of a formatted file whose waiver
    :class:`_Heads` may settle; None for any other. The head is the header's line, the waiver
    and the module's docstring when one follows (ending a line); the rest is printable ASCII
    and holds no other ``noqa``, each of its long lines flagged or not beyond doubt."""
    first, _, rest = text.partition("\n")
    waiver = f"{WAIVER}\n"
    if not rest.startswith(waiver) or text.count("noqa") != 1:
        return None
    after = rest[len(waiver) :]
    block = ""
    if after.startswith('"""') and not after.startswith('""""'):
        end = after.find('"""', 3)
        if end < 0 or after[end - 1] == "\\" or after[end + 3 : end + 4] != "\n":
            return None  # not certainly where the docstring ends
        block = after[: end + 4]
    body = after[len(block) :]
    flagged = None if _PLAIN.search(body) else _flagged(body)
    if flagged is None:
        return None
    return f"{first}\n{waiver}{block}", body, flagged


# the most paths one ruff command is given: a bounded command line
_PATHS = 1000


def _run_ruff(
    ruff: str,
    args: tuple[str, ...],
    root: Path,
    paths: list[str],
    env: Mapping[str, str] | None = None,
) -> None:
    for start in range(0, len(paths), _PATHS):
        done = subprocess.run(
            [ruff, *args, "--", *paths[start : start + _PATHS]],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        if done.returncode != 0:
            said = f"{done.stderr}\n{done.stdout}".strip().splitlines()
            first = [line.strip() for line in said if line.strip()][:3]
            message = " / ".join(first) or f"ruff exited with {done.returncode}"
            raise fail("ruff", "generated code does not format: " + message)


def format_files(files: Mapping[str, str]) -> dict[str, str]:
    """Run ruff (imports sorted, unused ones dropped, formatted) over every Python file.

    Other files (JSON data, ``py.typed``) are returned as they are: ruff would not read them.
    """
    with Formatting() as formatting:
        formatting.submit(files)
        return formatting.result()


# a batch with less Python text than this is formatted with the next one (:class:`Formatting`)
SMALL_BATCH = 1 << 20

# part of every formatted file's cache key: bump it when what is done to a file changes
# beyond ruff's arguments (the waiver's trimming, the passes' order) or how they are kept
FORMAT_RULES = "2"
# the largest pack read back (its files are the output's, held in memory anyway)
_MAX_PACK = 1 << 30


class Formatted:
    """Formatted files kept in the cache folder, each under the digest of everything its
    formatting reads: its unformatted text, its path, the Python files beside it (ruff tells
    first-party imports and packages by them), ruff's version and arguments and
    :data:`FORMAT_RULES`.

    The files of one batch share all of that but their text and path: the digest of the shared
    part (the batch's layout) and of the batch's paths names one entry, a pack, holding each of
    the batch's formatted files under its key. A regeneration reads one entry per batch, not
    one per file (GitHub's output: 3 against 2,757). A batch that formatted any file, or took
    fewer files from its pack than the pack holds, writes its pack again with its own files
    only; one that took all of them writes nothing, and one without a Python file has none. A
    damaged pack is a miss (:class:`generator.write.store.Store`), and so is one that is not
    such a table.
    """

    def __init__(self, folder: Path | None) -> None:
        self.store = Store(folder, "format")

    @staticmethod
    def layout(present: list[str]) -> str:
        """The digest of what every file of a batch formatted among the ``present`` files
        shares: the tool, its arguments, and the files beside it."""
        tool = json.dumps([FORMAT_RULES, ruff_version(), _IMPORTS, _FORMAT, WAIVER_PASS, WAIVER])
        listed = "\n".join(sorted(present))
        return hashlib.sha256((tool + listed).encode()).hexdigest()

    @staticmethod
    def keys(files: Mapping[str, str], layout: str) -> dict[str, str]:
        """The key of each Python file in ``files``, formatted in a batch of ``layout``."""
        shared = hashlib.sha256(layout.encode())
        keys = {}
        for rel, text in files.items():
            if rel.endswith(".py"):
                item = shared.copy()
                item.update(rel.encode() + b"\0" + text.encode("utf-8"))
                keys[rel] = item.hexdigest()
        return keys

    @staticmethod
    def pack_name(layout: str, paths: Collection[str]) -> str:
        """The name of the pack of a batch of ``layout`` whose Python files are ``paths``: two
        batches of one output never share one (the last ones of a suite may add no Python
        file, so that every file is beside them as beside the one before)."""
        return hashlib.sha256("\n".join([layout, *sorted(paths)]).encode()).hexdigest()

    def pack(self, name: str) -> dict[str, str]:
        """The formatted files kept in the pack ``name``, by key ({} when none are)."""
        data = self.store.get(name, _MAX_PACK)
        if data is None:
            return {}
        try:
            pack = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return {}
        if type(pack) is not dict or not all(
            type(k) is str and type(v) is str for k, v in pack.items()
        ):
            return {}
        return pack

    def keep(self, name: str, pack: Mapping[str, str]) -> None:
        """Keep ``pack`` (formatted files by key) as the pack ``name``, in place of any before."""
        self.store.put(name, marshal.dumps(dict(pack)))


class Formatting:
    """:func:`format_files` in batches, each one formatted in the background from when it is
    submitted.

    The batches share one scratch folder: ruff tells first-party imports by the modules present
    there, and a file's package by the ``__init__.py`` files. So a batch may import from earlier
    ones (the tests from their package), not from later ones, and a package's ``__init__.py``
    comes with its first modules. With a ``cache`` folder, a file formatted before from the same
    inputs is taken from there (:class:`Formatted`) and ruff runs only over the others.

    A batch with less Python than :data:`SMALL_BATCH` is held and joined to the next one (or
    started by :meth:`result`): each ruff process costs its start, several times the work of
    a small batch (the seed's output formats in 3 processes instead of 7). Which batches are
    joined depends on their sizes alone, so the files' cache keys are the same in every run.

    Every file is read and written by the caller's thread (each batch's files are in place when
    :meth:`submit` returns, the formatted ones read back in :meth:`result`); the background only
    waits for ruff. A thread doing many small reads and writes beside one that renders waits
    for the interpreter's lock at each of them: GitHub's 1,500 package files took 1.5 s to write
    that way, against 0.05 s here.

    The first passes over two large batches (:data:`SMALL_BATCH` of Python or more) run one
    after the other, those of a small one beside any: ruff holds a large module's syntax tree
    whole (90 MB over GitHub's 5.6 MB ``strategies.py``), and two large batches at once, beside
    the two processes rendering, took GitHub's generation 40 MB past openapi-python-client's
    peak; one after the other, it measured no slower (the two cores are busy either way).
    """

    def __init__(self, cache: Path | None = None) -> None:
        self._ruff = ruff_binary()  # here, before any thread: sysconfig is not thread-safe
        ask_ruff_version()  # what the manifest records, answered while the caller renders
        self._cache = Formatted(cache) if cache is not None else None
        self._pool = Workers(2, "apiforge-ruff")
        self._large = threading.Lock()  # held by the first passes over a large batch
        self._batches: list[tuple[_Batch, Pending[None]]] = []
        self._seen: set[str] = set()
        self._held: dict[str, str] = {}  # submitted, not started: a small batch so far
        self._as_is: set[str] = set()  # submitted as ruff's first passes leave them
        self._root: tempfile.TemporaryDirectory[str] | None = None
        self._heads: _Heads | None = None  # made with the scratch folder

    def __enter__(self) -> Formatting:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._pool.close()
        if self._cache is not None and kind is None:
            self._cache.store.trim()
        if self._root is not None:
            self._root.cleanup()

    def submit(self, files: Mapping[str, str], as_is: Collection[str] = ()) -> None:
        """Take ``files`` (none of them submitted before): formatting starts now, or with the
        next batch when the held ones are still small. The files named in ``as_is`` are known
        to be as ruff's imports and format passes leave them: only their waiver is settled."""
        if again := self._seen.intersection(files):
            raise ValueError(f"submitted twice: {sorted(again)[:3]}")
        self._seen.update(files)
        self._held.update(files)
        self._as_is.update(as_is)
        python = sum(
            len(text)
            for rel, text in self._held.items()
            if rel.endswith(".py") and rel not in self._as_is
        )
        if python >= SMALL_BATCH:
            self._start()

    def _start(self) -> None:
        """Start formatting the held files, as one batch."""
        files, self._held = self._held, {}
        if self._root is None:
            # the first batch stands for the rest when sizing the scratch folder
            size = sum(len(text) for text in files.values()) * 4
            self._root = tempfile.TemporaryDirectory(prefix="apiforge-fmt-", dir=scratch(size))
            self._heads = _Heads(self._ruff, Path(self._root.name))
        present = [rel for rel in self._seen if rel.endswith(".py")]
        folder = Path(self._root.name)
        batch = _Batch(folder / "tree", files, self._cache, present, self._as_is)
        # a small batch's passes cost about their processes' starts: two at once, not one
        # after the other (see _format_passes)
        small = sum(len(files[rel]) for rel in batch.python) < SMALL_BATCH
        if small and 0 < len(batch.python) <= _PATHS:
            batch.twin = folder / f"twin{len(self._batches)}"
        batch.write()
        python = {rel: files[rel] for rel in batch.python}
        one = contextlib.nullcontext() if small else self._large
        passes = self._pool.submit(_one_at_a_time, one, self._ruff, batch.root, python, batch.twin)
        self._batches.append((batch, passes))

    def result(self) -> dict[str, str]:
        """Every submitted file, formatted, in submission order; ruff's failure is raised here."""
        out: dict[str, str] = {}
        for files in self.finished():
            out.update(files)
        return out

    def finished(self) -> Iterator[dict[str, str]]:
        """Each batch's files, formatted, as soon as the batch is, in submission order (every
        submitted file once); ruff's failure is raised here.

        The waiver passes run from here, one batch after the other, by the pool's two workers:
        started as soon as each batch's first passes were done, they ran beside the next
        batch's, and two ruff processes over GitHub's large test modules at once raised the
        run's peak memory by 70 MB; run by this thread, a third could run beside two.
        """
        if self._held:
            self._start()
        for batch, passes in self._batches:
            passes.result()
            yield batch.finish(self._ruff, self._cache, self._pool, self._heads)


class _Batch:
    """One submitted batch: its files, those the cache had (formatted before, under the keys of
    :class:`Formatted`), those known to be as ruff's first passes leave them, and the rest,
    which ruff formats."""

    def __init__(
        self,
        root: Path,
        files: dict[str, str],
        cache: Formatted | None,
        present: list[str],
        as_is: Container[str],
    ) -> None:
        self.root = root
        self.twin: Path | None = None  # where a copy of the files ruff formats is formatted
        self.files = files
        self.every = sorted(rel for rel in files if rel.endswith(".py"))
        self.as_is = [rel for rel in self.every if rel in as_is]
        others = {rel: text for rel, text in files.items() if rel not in as_is}
        self.pack = ""  # the name of the batch's pack (none: nothing to keep)
        self.keys: dict[str, str] = {}
        self.known: dict[str, str] = {}
        self.packed = 0  # the files its pack held
        if cache is not None:
            layout = cache.layout(present)
            self.keys = cache.keys(others, layout)
            if self.keys:
                self.pack = cache.pack_name(layout, self.keys)
                pack = cache.pack(self.pack)
                self.packed = len(pack)
                self.known = {rel: pack[key] for rel, key in self.keys.items() if key in pack}
        self.python = [rel for rel in self.every if rel not in self.known and rel not in as_is]

    def write(self) -> None:
        """Every Python file in the scratch folder (those from the cache too: ruff tells
        first-party modules by them)."""
        made: set[Path] = set()
        places = [(self.root, rel) for rel in self.every]
        if self.twin is not None:
            places += [(self.twin, rel) for rel in self.python]
        for folder, rel in places:
            target = folder / safe_relative(rel)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_text(self.files[rel], encoding="utf-8")

    def finish(
        self, ruff: str, cache: Formatted | None, pool: Workers, heads: _Heads | None
    ) -> dict[str, str]:
        """The batch formatted, once ruff's first passes are done: their output read back,
        then the waiver where it is not settled; the batch's pack is kept (:class:`Formatted`)."""
        formatted = {rel: (self.root / rel).read_text(encoding="utf-8") for rel in self.python}
        formatted |= {rel: self.files[rel] for rel in self.as_is}
        settled = {rel: trimmed_waiver(text) for rel, text in formatted.items()}
        if heads is not None:
            settled |= heads.settle(
                {r: formatted[r] for r, text in settled.items() if text is None}
            )
        rest = [rel for rel, text in settled.items() if text is None]
        if rest:  # not queued behind the workers' other batches for nothing
            pool.submit(_run_ruff, ruff, WAIVER_PASS, self.root, rest).result()
        formatted |= {rel: (self.root / rel).read_text(encoding="utf-8") for rel in rest}
        formatted |= {rel: text for rel, text in settled.items() if text is not None}
        formatted |= self.known
        if cache is not None and self.pack and (self.python or len(self.known) < self.packed):
            cache.keep(self.pack, {key: formatted[rel] for rel, key in self.keys.items()})
        return {rel: formatted.get(rel, text) for rel, text in self.files.items()}


def _one_at_a_time(
    held: contextlib.AbstractContextManager[object],
    ruff: str,
    root: Path,
    python: Mapping[str, str],
    twin: Path | None,
) -> None:
    """:func:`_format_passes`, while ``held`` is held."""
    with held:
        _format_passes(ruff, root, python, twin)


def _format_passes(ruff: str, root: Path, python: Mapping[str, str], twin: Path | None) -> None:
    """ruff's first two passes over the ``python`` files (by path, their text as written) in
    ``root``: imports, then format.

    With a ``twin`` (a folder holding a copy of those files), the format pass runs over the
    twin while the imports pass runs over ``root``: ruff formats each file alone, so the twin
    of a file the imports pass left as it was is that file formatted, and only the others are
    formatted after it. A twin that does not format is of no use: ``root`` is then formatted
    as without one.
    """
    paths = list(python)
    if twin is None:
        _run_ruff(ruff, _IMPORTS, root, paths)
        _run_ruff(ruff, _FORMAT, root, paths)
        return
    # a twin is made for a few files: ruff's threads would cost more to start than they save
    alone = {**os.environ, "RAYON_NUM_THREADS": "1"}
    ahead = subprocess.Popen(
        [ruff, *_FORMAT, "--", *paths],
        cwd=twin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=alone,
    )
    try:
        _run_ruff(ruff, _IMPORTS, root, paths, alone)
    finally:
        formatted = ahead.wait() == 0
    rest = []
    for rel, text in python.items():
        if formatted and (root / rel).read_bytes() == text.encode("utf-8"):
            shutil.copyfile(twin / rel, root / rel)
        else:
            rest.append(rel)
    if rest:
        _run_ruff(ruff, _FORMAT, root, rest, alone)


def versions() -> dict[str, str]:
    """Versions of everything whose output becomes part of ours."""
    return {"apiforge": __version__, "ruff": ruff_version()}
