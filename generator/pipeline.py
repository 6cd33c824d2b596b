"""spec -> document -> validated -> IR -> {path: text}, in memory; no printing, no writing."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import inputs, ir
from generator.collector import is_command, paused
from generator.config import SpecConfig
from generator.errors import EXIT_FINDING, ApiforgeError, Problem
from generator.formatting import Formatting
from generator.load import Document, load
from generator.load.anchors import resolve_anchors
from generator.load.cache import cache_dir
from generator.load.path_items import settle_path_items
from generator.parallel import Forked, Interrupted
from generator.parse import build_api, package_name
from generator.records import record
from generator.render import dcg, render_batches
from generator.validate import validate
from generator.validate.bundle import bundle
from generator.validate.refs import LOCAL_REFS_ONLY
from generator.write import MANIFEST, Manifest, hashes_of, with_manifest


@record
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


def read_spec(config: SpecConfig) -> Document:
    """The spec's document as every reader reads it: its 3.1 anchors as plain pointers, each
    Path Item that holds a ``$ref`` as the item it means."""
    return settle_path_items(resolve_anchors(load_spec(config)))


def load_valid(config: SpecConfig, *, full: bool = True) -> Document:
    """Load and validate a spec; every problem at once in one error."""
    return _valid(read_spec(config), config, full=full)


def _valid(doc: Document, config: SpecConfig, *, full: bool) -> Document:
    """``doc`` validated, bundled when it has refs to other files; every problem at once."""
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
    """Leave what exists now (the spec, the IR: alive to the end) out of cycle collections,
    and run none in the block.

    Rendering allocates millions of short-lived objects; every full collection would walk
    the spec and the IR again for nothing (about 0.4 s of building and rendering GitHub's spec).
    What the block makes either lives to its end (the IR, the files) or is freed as soon as it
    is dropped, so the young collections find next to nothing either: GitHub's generation ran
    572 of them, 0.12 to 0.2 s of its CPU time (0.15 s of its wall time in turns, its peak no
    higher). A cycle made in the block is left to a collection after it (in the command's
    process, the next block may freeze it with the rest until the process ends).
    What the block froze goes back to the collector at its end, but in the ``apiforge``
    command's process (:func:`generator.collector.is_command`), which keeps what it holds to
    its end: given back, its modules frozen when they loaded would be walked with the rest
    by the next full collection (25 ms of a small spec's generation).
    """
    gc.freeze()
    try:
        with paused():
            yield
    finally:
        if not is_command():
            gc.unfreeze()


def build(config: SpecConfig, root: Path, *, full: bool = False) -> tuple[Document, ir.Api]:
    """The IR of a configured spec.

    The structural checks (shape, version, every ``$ref``) always run; ``full`` adds the
    complete OpenAPI schema validation of ``apiforge validate`` (15 s cold on GitHub's spec).

    The structural checks of a local spec run in a child process while this one builds the IR
    from the spec as it is (:func:`_checked_beside`); the outcome is the one of checking first.
    """
    name = config.url or display_name(config.spec, root)
    doc = read_spec(config)
    if not full and config.url is None and not config.allow_remote_refs:
        built = _checked_beside(doc, config, name)
        if built is not None:
            return built
    doc = _valid(doc, config, full=full)
    with _long_lived():
        api = build_api(doc.data, config, name)
    return doc, api


# what the structural checks tell: the problems found (as Problem's fields), the exit code of
# the error they make (None: there is none), and whether every ref is local (nothing to bundle)
_Verdict = tuple[list[tuple[str, str, int | None, int | None, str | None]], int | None, bool]


def _checks(doc: Document, config: SpecConfig) -> Iterator[_Verdict]:
    """:func:`_valid`'s checks of ``doc`` (not ``full``), as one verdict."""
    try:
        problems = validate(
            doc, full=False, allow_remote=False, allow_external_files=config.allow_external_refs
        )
        code = EXIT_FINDING if problems else None
    except ApiforgeError as exc:
        problems, code = exc.problems, exc.exit_code
    fields = [(p.file, p.message, p.line, p.column, p.pointer) for p in problems]
    yield fields, code, doc.knows(LOCAL_REFS_ONLY)


def _needs_attention(verdict: _Verdict) -> bool:
    """Whether an IR built meanwhile is of no use: the spec has problems, or refs to bundle."""
    _, code, local = verdict
    return code is not None or not local


def _checked_beside(doc: Document, config: SpecConfig, name: str) -> tuple[Document, ir.Api] | None:
    """:func:`_valid` of ``doc`` and the IR, the checks run in a child beside the build; None
    when no child can run them (the caller checks first then).

    The build reads a spec not yet known to be valid, so nothing it does counts until the
    checks are in: a build that fails is done again after them, and one the checks make
    useless (problems found, external refs to bundle) is stopped as soon as they tell.
    """
    checks = Forked(_checks, doc, config, urgent=_needs_attention)
    if not checks.running:
        return None
    api: ir.Api | None = None
    try:
        with _long_lived(), checks.interrupting():
            api = build_api(doc.data, config, name)
    except (Interrupted, Exception):  # the checks decide; a valid spec is built again below
        api = None
    except BaseException:  # interrupted by the user: the checks are not waited for
        checks.close()
        raise
    (problems, code, local), *_ = checks.items()
    if code is not None:
        raise ApiforgeError([Problem(*fields) for fields in problems], code)
    if local:
        doc.remember(LOCAL_REFS_ONLY)
    bundled = bundle(doc, allow_remote=False, allow_external_files=config.allow_external_refs)
    if api is None or bundled is not doc:
        with _long_lived():
            api = build_api(bundled.data, config, name)
    return bundled, api


def generate(
    config: SpecConfig,
    root: Path,
    *,
    tests: bool = True,
    full: bool = False,
    locate_skipped: bool = False,
    stage: Callable[[str, dict[str, str]], None] | None = None,
) -> Generated:
    """Every file for one spec, formatted, with its manifest; nothing is written here.

    ``locate_skipped`` fills :attr:`Generated.skipped` (reading the spec's lines back).
    ``stage`` is given the package's name and each batch of files as soon as it is formatted
    (:meth:`generator.write.Staging.add` writes them while the next batch is formatted).
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
        with Formatting(cache_dir()) as formatting:
            batches = render_batches(
                api, config.templates, tests=tests, models_engine=engine, project=config.project
            )
            for batch in batches:
                formatting.submit(batch.files, as_is=batch.as_is)
            # located while ruff works on the last batch; any positions read back for them are
            # dropped before the formatted files are gathered
            skipped = None
            if locate_skipped:
                if api.skipped:
                    doc.locate(s.pointer for s in api.skipped)
                skipped = tuple(doc.problem(f"skipped: {s.reason}", s.pointer) for s in api.skipped)
                doc.forget_positions()
            files: dict[str, str] = {}
            hashes: dict[str, str] = {}  # for the manifest, taken while ruff formats the rest
            for formatted in formatting.finished():
                if stage is not None:
                    stage(api.package, formatted)
                files |= formatted
                hashes |= hashes_of(formatted)
        manifest = Manifest(
            spec=api.spec_file,
            spec_sha256=doc.sha256,
            config=inputs.manifest_config(config, root, tests),
            files={},
            versions=inputs.versions_of(config),
        )
        key = None
        # kept in the cache for check's fast answer, when no file but the spec was read
        if config.url is None and doc.knows(LOCAL_REFS_ONLY) and cache_dir() is not None:
            key = inputs.digest(config, root, manifest.config, doc.sha256, manifest.versions)
        made = with_manifest(files, api.package, manifest, hashes)
        return Generated(api, doc, made, skipped, key)


def remember(gen: Generated, summary: str | None = None) -> None:
    """Record that the output on disk is what ``gen`` was made from (after it was written,
    or found up to date), so that :func:`inputs.up_to_date` can answer without rendering;
    with ``summary``, what generating it told too (its located warnings and that line)."""
    if gen.inputs is not None:
        manifest = gen.files[f"{gen.api.package}/{MANIFEST}"]
        told = gen.skipped if summary is not None else None
        label = gen.document.label
        inputs.remember(
            gen.inputs, gen.api.package, manifest, told=told, summary=summary, label=label
        )
