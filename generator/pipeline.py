"""spec -> document -> validated -> IR -> {path: text}, in memory; no printing, no writing."""

from __future__ import annotations

import gc
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator import inputs, ir
from generator.config import SpecConfig
from generator.errors import EXIT_FINDING, ApiforgeError, Problem
from generator.formatting import Formatting
from generator.load import Document, load
from generator.load.anchors import resolve_anchors
from generator.load.cache import cache_dir
from generator.parse import build_api, package_name
from generator.render import client_files, dcg, package_batch, tests_batches
from generator.validate import validate
from generator.validate.bundle import bundle
from generator.validate.refs import LOCAL_REFS_ONLY
from generator.write import MANIFEST, Manifest, with_manifest


@dataclass(frozen=True)
class Generated:
    """The result of generating one spec."""

    api: ir.Api
    document: Document
    files: dict[str, str]  # relative to the output folder, formatted, manifest included
    skipped: tuple[Problem, ...] | None = None  # located early when generate() is asked to
    inputs: str | None = None  # the digest of what it was made from (:mod:`generator.inputs`)

    def skip_problems(self) -> list[Problem]:
        """What apiforge could not express, located in the spec."""
        if self.skipped is not None:
            return list(self.skipped)
        return [self.document.problem(f"skipped: {s.reason}", s.pointer) for s in self.api.skipped]


def display_name(spec: Path, root: Path) -> str:
    """How the spec is named in generated files: relative to the project, so output is stable."""
    try:
        return spec.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return spec.name


def load_spec(config: SpecConfig) -> Document:
    """The spec's document: read from its file, or from the copy of its URL (fetched, or
    revalidated with the server, unless ``offline``)."""
    if config.url is None:
        return load(config.spec)
    from generator.load.remote import fetch  # httpx: imported only for a spec at a URL

    return load(fetch(config.url, offline=config.offline), name=config.url)


def package_of(config: SpecConfig) -> str:
    """The package a spec generates: the configured name, else the one its title gives."""
    return config.package or package_name(load_spec(config).data, config)


def load_valid(config: SpecConfig, *, full: bool = True) -> Document:
    """Load and validate a spec; every problem at once in one error."""
    doc = resolve_anchors(load_spec(config))
    problems = validate(
        doc,
        full=full,
        allow_remote=config.allow_remote_refs,
        allow_external_files=config.allow_external_refs,
    )
    if problems:
        raise ApiforgeError(problems, EXIT_FINDING)
    return bundle(
        doc, allow_remote=config.allow_remote_refs, allow_external_files=config.allow_external_refs
    )


@contextmanager
def _long_lived() -> Iterator[None]:
    """Leave what exists now (the spec, the IR: alive to the end) out of cycle collections.

    Rendering allocates millions of short-lived objects; every full collection would walk
    the spec and the IR again for nothing (about 0.4 s of building and rendering GitHub's spec).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


Batches = Iterable[dict[str, str]]


@contextmanager
def beside(make: Callable[[], Batches], *, fork: bool | None = None) -> Iterator[Batches]:
    """``make()``'s batches, made by a copy of this process (forked) while this one goes on.

    Rendering is Python, one core's work: :func:`generate` renders the clients and the
    generated tests this way, beside the models and the formatting. The copy sends each batch
    as it is made; when it fails, the batches it did not send are made here, so a failure is
    raised here as it would have been. Without
    ``fork`` (by default: where :func:`os.fork` is missing, or another thread runs, which a
    fork could leave holding a lock) the batches are made here as they are read.
    """
    if fork is None:
        fork = hasattr(os, "fork") and threading.active_count() == 1
    if not fork:
        yield iter(make())
        return
    copy = _Copy(make)
    try:
        yield copy.batches()
    finally:
        copy.stop()


class _Copy:
    """A forked copy of this process making batches, and the thread that receives them."""

    def __init__(self, make: Callable[[], Batches]) -> None:
        self.make = make
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the copy, which only its exit status reports
            os.close(read)
            status = 1
            try:
                with os.fdopen(write, "wb") as out:
                    for batch in make():
                        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                        out.flush()
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.status: int | None = None
        # received as they come, so that the copy never waits on a full pipe
        self.queue: queue.SimpleQueue[dict[str, str] | None] = queue.SimpleQueue()
        self.reader = threading.Thread(
            target=self._receive, args=(os.fdopen(read, "rb"),), name="apiforge-beside"
        )
        self.reader.start()

    def _receive(self, source: BinaryIO) -> None:
        with source:
            while True:
                try:
                    self.queue.put(pickle.load(source))
                except Exception:  # the end; or cut short, the copy stopped while sending
                    break
        self.queue.put(None)

    def batches(self) -> Iterator[dict[str, str]]:
        count = 0
        while (batch := self.queue.get()) is not None:
            count += 1
            yield batch
        if self.wait() != 0:
            for index, batch in enumerate(self.make()):
                if index >= count:
                    yield batch

    def wait(self) -> int:
        """The copy's exit status, once it has ended."""
        if self.status is None:
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
        return self.status

    def stop(self) -> None:
        """End the copy, if it still runs, and the thread receiving from it."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:  # pragma: no cover - ended already
                pass
            self.wait()
        self.reader.join()


def build(config: SpecConfig, root: Path, *, full: bool = False) -> tuple[Document, ir.Api]:
    """The IR of a configured spec.

    The structural checks (shape, version, every ``$ref``) always run; ``full`` adds the
    complete OpenAPI schema validation of ``apiforge validate`` (15 s cold on GitHub's spec).
    """
    doc = load_valid(config, full=full)
    with _long_lived():
        api = build_api(doc.data, config, config.url or display_name(config.spec, root))
    return doc, api


def generate(
    config: SpecConfig,
    root: Path,
    *,
    tests: bool = True,
    full: bool = False,
    locate_skipped: bool = False,
) -> Generated:
    """Every file for one spec, formatted, with its manifest; nothing is written.

    ``locate_skipped`` fills :attr:`Generated.skipped` (reading the spec's lines back).
    """
    engine = config.models_engine
    if engine == dcg.ENGINE:
        dcg.require()  # before any work: a missing optional dependency is a usage error
    doc, api = build(config, root, full=full)
    with _long_lived():
        if config.strict and api.skipped:
            doc.locate(s.pointer for s in api.skipped)
            problems = [
                doc.problem(f"cannot be generated exactly: {s.reason} (--strict)", s.pointer)
                for s in api.skipped
            ]
            raise ApiforgeError(problems, EXIT_FINDING)

        def apart() -> Iterator[dict[str, str]]:
            # what renders apart from the models: the clients, then the generated tests
            yield client_files(api, config.templates)
            if tests:
                yield from tests_batches(api, config.templates)

        with beside(apart) as rendered, Formatting(cache_dir()) as formatting:
            later = iter(rendered)
            formatting.submit(
                package_batch(
                    api,
                    config.templates,
                    models_engine=engine,
                    project=config.project,
                    clients=lambda: next(later),
                )
            )
            for batch in later:
                formatting.submit(batch)
            # located while ruff works on the last batch; any positions read back for them are
            # dropped before the formatted files are gathered
            skipped = None
            if locate_skipped:
                if api.skipped:
                    doc.locate(s.pointer for s in api.skipped)
                skipped = tuple(doc.problem(f"skipped: {s.reason}", s.pointer) for s in api.skipped)
                doc.forget_positions()
            files = formatting.result()
        manifest = Manifest(
            spec=api.spec_file,
            spec_sha256=doc.sha256,
            config=inputs.manifest_config(config, root, tests),
            files={},
            versions=inputs.versions_of(config),
        )
        key = None
        if config.url is None and doc.knows(LOCAL_REFS_ONLY):  # no other file was read
            key = inputs.digest(config, root, manifest.config, doc.sha256, manifest.versions)
        made = with_manifest(files, api.package, manifest)
        return Generated(api, doc, made, skipped, key)


def remember(gen: Generated) -> None:
    """Record that the output on disk is what ``gen`` was made from (after it was written,
    or found up to date), so that :func:`up_to_date` can answer without rendering."""
    if gen.inputs is not None:
        manifest = gen.files[f"{gen.api.package}/{MANIFEST}"]
        inputs.remember(gen.inputs, gen.api.package, manifest)
