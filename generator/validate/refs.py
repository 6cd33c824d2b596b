"""Check every ``$ref`` reachable from a spec: permitted, readable, pointing somewhere, acyclic.

Refs inside the document and to files in the spec's own folder are followed. A ref to a URL, to
an absolute path or to a file outside the spec's folder is refused before anything is fetched or
read, unless the caller allows it. :func:`check_refs` reports refused and unreadable targets,
dangling refs, and ``$ref`` cycles that never reach a definition (``A -> B -> A``); a schema that
recurses through ``properties`` or ``items`` is fine. Bundling reuses the same resolver.

In a 3.1 spec, every file read is read as 3.1 (:func:`generator.load.anchors.resolve_anchors`:
its ``$id``s and ``$anchor``s resolved, its refs under an ``$id`` written against its own place,
so the policy above applies to where an ``$id`` leads). A fragment that is a plain name
(``common.json#user-profile``) is the ``$anchor`` of that file's root resource; a ref by a URI
that a file read declares as its ``$id`` (``https://example.com/schemas/x``) is that schema,
never fetched, whichever file declares it. A 3.0 spec's fragments are JSON pointers only.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable
from dataclasses import field
from typing import Any, NoReturn

from generator.errors import EXIT_USAGE, ApiforgeError, Problem, fail
from generator.load import Document, Refused, load, max_spec_bytes, parse_text
from generator.load.anchors import (
    ANCHOR_NAME,
    reads_anchors,
    resolve_anchors,
    resolve_identifiers,
    version_of,
)
from generator.openapi import Parts, iter_refs, pointer_of, pointer_parts, walk
from generator.openapi.document import refs_among
from generator.records import record

__all__ = ["LOCAL_REFS_ONLY", "Resolver", "Source", "Target", "check_refs"]

# a fact about a loaded document: every ref in it checked, and every one is a local "#/..." ref
LOCAL_REFS_ONLY = "local-refs-only"

_SHOWN_HOPS = 12  # a longer cycle is shown with its middle left out
FETCH_TIMEOUT = 10.0  # seconds, for remote refs when they are allowed


def check_refs(
    doc: Document, *, allow_remote: bool = False, allow_external_files: bool = False
) -> list[Problem]:
    """Check every ``$ref`` reachable from the document; return the problems found."""
    resolver = Resolver(doc, allow_remote=allow_remote, allow_external_files=allow_external_files)
    resolver.check()
    if not resolver.problems and not resolver.external:
        doc.remember(LOCAL_REFS_ONLY)  # bundle() has nothing to do: no second walk
    return resolver.problems


@record
class Source:
    """A document refs can point into: the spec, a file beside it, or a fetched URL."""

    key: str  # absolute path or URL
    data: Any
    doc: Document | None = None  # None for a fetched URL
    # what its schemas are known by from elsewhere (:attr:`Document.identifiers`)
    identifiers: dict[str, str] = field(default_factory=dict, compare=False)


@record
class Target:
    source: str  # a Source key
    pointer: str  # JSON pointer inside it


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


class Resolver:
    """Classifies, permits, loads and follows refs; collects problems at the refs' locations."""

    def __init__(self, doc: Document, *, allow_remote: bool, allow_external_files: bool) -> None:
        self.allow_remote = allow_remote
        self.allow_external_files = allow_external_files
        key = os.path.abspath(doc.path)
        self.root = Source(key, doc.data, doc, doc.identifiers)
        self.version = version_of(doc.data)  # a file it refers to is read as this version
        self.anchored = reads_anchors(self.version)
        self.url = doc.name or None  # a spec fetched from a URL: its relative refs are URLs
        self.folder = os.path.dirname(key)
        self.sources: dict[str, Source] = {key: self.root}
        self.failures: dict[str, str] = {}  # why a file or URL could not be read
        self.problems: list[Problem] = []
        self.external = False  # whether some ref is not a plain "#/..." ref
        self.settled: set[Target] = set()  # refs whose hops lead out of every loop
        self.loops: dict[Target, tuple[list[Target], int]] = {}  # a loop's refs: it, where
        self.local: dict[str, Any] = {}  # each local ref of the spec itself: what it points to
        self.ids: dict[str, Target] = {}  # each absolute $id of a file read (and its anchors)
        self.learn(self.root)
        # refs by a URI no file read so far declares, checked again once more files are read
        self.waiting: list[tuple[Source, Parts, str]] = []
        self.deferring = True

    def check(self, objects: Iterable[tuple[Parts, dict[str, Any]]] | None = None) -> None:
        """Check every ref reachable from the document, following external targets.

        ``objects`` is the document's walk (:func:`generator.openapi.iter_objects`), or the
        objects of it holding a ``$ref``, when another check shares it; otherwise the document
        is walked here."""
        queue: list[tuple[Source, Parts, Any]] = [(self.root, (), self.root.data)]
        scanned: set[Target] = set()
        deferred = False
        while True:
            read = len(self.sources)
            while queue:
                source, base, subtree = queue.pop(0)
                if objects is not None and source is self.root and not base:
                    holders = refs_among(objects)
                else:
                    holders = iter_refs(subtree)
                for parts, holder in holders:
                    self.follow(source, (*base, *parts), holder["$ref"], queue, scanned)
            if not self.waiting:
                break
            # a file read meanwhile may declare what they name; else they are told now
            self.deferring = len(self.sources) > read
            deferred = True
            waiting, self.waiting = self.waiting, []
            for source, at, ref in waiting:
                self.follow(source, at, ref, queue, scanned)
        if deferred:  # the problems of refs checked late in their place: each file's in order
            files: dict[str, int] = {}
            for problem in self.problems:
                files.setdefault(problem.file, len(files))
            self.problems.sort(key=lambda p: (files[p.file], p.line or 0, p.column or 0))

    def follow(
        self,
        source: Source,
        at: Parts,
        ref: str,
        queue: list[tuple[Source, Parts, Any]],
        scanned: set[Target],
    ) -> None:
        """Check the ref ``ref`` found in ``source`` at ``at``; queue its target's part of
        another file, to be checked in turn."""
        target = self.target(source, ref, at)
        if target is None:
            return
        found, value, why = self.walk(target)
        if not found:
            self.report(source, at, f"$ref {ref!r} points to nothing: {why}")
            return
        if source is self.root and target.source == source.key:
            self.local[ref] = value
        if target.source != source.key and target not in scanned:
            scanned.add(target)
            queue.append((self.source(target), pointer_parts(target.pointer), value))
        self.check_cycle(source, at, target)

    def check_cycle(self, source: Source, at: Parts, target: Target) -> None:
        """Report the ref at ``at`` if following ref-only hops from it comes back to it.

        What a walk learns is kept: targets that lead out to a definition (or into a loop
        elsewhere) are not followed again, and the members of a loop found are known as such,
        so a chain of refs to refs is checked in time linear in its length.
        """
        start = Target(source.key, pointer_of(at))
        if start in self.loops:
            self.report_loop(source, at, *self.loops[start])
            return
        chain = [start]
        seen = {start}
        while target not in seen:
            if target in self.settled:
                break
            chain.append(target)
            seen.add(target)
            found, value, _ = self.walk(target)
            if not found or type(value) is not dict or not isinstance(value.get("$ref"), str):
                break  # reaches a definition (or a dangling ref, reported where it is)
            next_target = self.target(self.source(target), value["$ref"], None)
            if next_target is None:
                break
            target = next_target
        else:
            if target == start:
                for i, member in enumerate(chain):
                    self.loops[member] = (chain, i)
                self.report_loop(source, at, chain, 0)
                return
            chain = chain[: chain.index(target)]  # the loop ahead is reported at its own refs
        self.settled.update(chain)

    def report_loop(self, source: Source, at: Parts, loop: list[Target], first: int) -> None:
        """Report the ref at ``at``, hop ``first`` of ``loop``, as a cycle from it."""
        order = [*loop[first:], *loop[:first], loop[first]]
        if len(order) > _SHOWN_HOPS:  # the middle of a long loop left out
            hidden = len(order) - _SHOWN_HOPS + 1
            hops = [*map(self.describe, order[: _SHOWN_HOPS - 2]), f"... {hidden:,} more"]
            hops.append(self.describe(order[-1]))
        else:
            hops = [self.describe(t) for t in order]
        text = " -> ".join(hops)
        message = f"$ref cycle never reaches a definition: {text}; define one of them"
        self.report(source, at, message)

    def target(self, source: Source, ref: str, at: Parts | None) -> Target | None:
        """Where ``ref`` (found in ``source`` at ``at``) points, once it is permitted and loaded.

        Problems are reported at ``at``; with ``at=None`` they are left to that ref's own check.
        """
        address, _, fragment = ref.partition("#")
        fragment = urllib.parse.unquote(fragment)
        if not address:
            return Target(source.key, fragment)
        scheme = urllib.parse.urlsplit(address).scheme
        if source.doc is None:  # relative to a fetched URL
            url = urllib.parse.urljoin(source.key, address)
        elif source is self.root and self.url is not None:  # the spec itself was fetched
            url = urllib.parse.urljoin(self.url, address)
        elif len(scheme) > 1 and scheme != "file":
            url = address
        else:
            if scheme == "file":
                from urllib.request import url2pathname  # with http and email: off the usual way

                path = url2pathname(urllib.parse.urlsplit(address).path)
            else:
                path = urllib.parse.unquote(address)
            return self.file(source, path, fragment, at)
        known = self.identified(url, fragment)
        if known is not None:
            return known
        if self.deferring and at is not None:  # not fetched, nor refused, before then
            self.waiting.append((source, at, ref))
            return None
        return self.remote(source, url, fragment, at)

    def identified(self, url: str, fragment: str) -> Target | None:
        """The schema a file read declares ``url`` as its ``$id`` (``fragment`` inside it);
        None when none does."""
        resource = self.ids.get(url)
        if resource is None or not fragment:
            return resource
        if fragment.startswith("/"):
            return Target(resource.source, resource.pointer + fragment)
        return self.ids.get(f"{url}#{fragment}") or Target(resource.source, fragment)

    def learn(self, source: Source) -> None:
        """Know the absolute ``$id``s that ``source`` declares, and their anchors."""
        for uri, pointer in source.identifiers.items():
            if not uri.startswith("#"):
                self.ids.setdefault(uri, Target(source.key, pointer))

    def remote(self, source: Source, url: str, fragment: str, at: Parts | None) -> Target | None:
        if not self.allow_remote:
            message = (
                f"$ref to a URL ({url}) refused: remote refs are fetched only when allowed "
                "(--allow-remote-refs, or allow_remote_refs = true in [tool.apiforge])"
            )
            self.report(source, at, message)
            return None
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            self.report(source, at, f"$ref {url!r}: only http and https URLs can be fetched")
            return None
        return self.open(source, url, fragment, at)

    def file(self, source: Source, path: str, fragment: str, at: Parts | None) -> Target | None:
        absolute = os.path.isabs(path)
        full = os.path.normpath(os.path.join(os.path.dirname(source.key), path))
        inside, real = not absolute and _inside(full, self.folder), full
        if inside and full not in self.sources:  # a symlink may still lead out of the folder
            real = os.path.realpath(full)
            inside = _inside(real, os.path.realpath(self.folder))
        if not inside and not self.allow_external_files:
            where = "an absolute path" if absolute else f"outside the spec's folder ({real})"
            message = (
                f"$ref to {path!r} refused: it is {where}; such files are read only when "
                "external files are allowed (--allow-external-refs, or allow_external_refs = "
                "true in [tool.apiforge])"
            )
            self.report(source, at, message)
            return None
        return self.open(source, full, fragment, at)

    def open(self, source: Source, key: str, fragment: str, at: Parts | None) -> Target | None:
        """Load the file or URL ``key`` once, now that it is permitted."""
        if key not in self.sources and key not in self.failures:
            try:
                self.sources[key] = self.fetch(key)
            except Refused as exc:  # a FIFO, a device, a folder, too large: not a spec's defect
                self.refuse(source, at, key, exc)
            except ApiforgeError as exc:
                self.failures[key] = exc.problems[0].message if exc.problems else str(exc)
                self.problems.extend(p for p in exc.problems if p.line is not None)
            except (OSError, ValueError) as exc:
                self.failures[key] = str(exc)
        if key in self.failures:
            name = self.describe(Target(key, ""))[:-1]
            self.report(source, at, f"$ref target {name} cannot be read: {self.failures[key]}")
            return None
        self.external = True
        if fragment and not fragment.startswith("/"):  # a plain name: an anchor of the file
            pointer = self.sources[key].identifiers.get("#" + fragment)
            if pointer is not None:
                return Target(key, pointer)
        return Target(key, fragment)

    def fetch(self, key: str) -> Source:
        """The file or URL ``key``, read as the spec's version (known ones by their ids)."""
        if os.path.isabs(key):
            doc = load(key)
            if self.anchored:
                doc = resolve_anchors(doc, version=self.version)
            source = Source(key, doc.data, doc, doc.identifiers)
        else:
            from urllib.request import urlopen

            limit = max_spec_bytes()
            with urlopen(key, timeout=FETCH_TIMEOUT) as response:
                body = response.read(limit + 1)
            if len(body) > limit:
                raise ValueError(f"larger than {limit:,} bytes")
            data = parse_text(body.decode("utf-8"), key)
            resolved = resolve_identifiers(data, key, self.version) if self.anchored else None
            data, identifiers = resolved or (data, {})
            source = Source(key, data, identifiers=identifiers)
        self.learn(source)
        return source

    def refuse(self, source: Source, at: Parts | None, key: str, exc: Refused) -> NoReturn:
        """Stop at a ref whose target apiforge will not read: a usage error, at the ref."""
        reason = exc.problems[0].message if exc.problems else str(exc)
        name = self.describe(Target(key, ""))[:-1]
        message = f"$ref target {name} cannot be read: {reason}"
        if at is None or source.doc is None:
            raise fail(source.key if at is None else key, message, exit_code=EXIT_USAGE)
        pointer = pointer_of((*at, "$ref"))
        raise ApiforgeError([source.doc.problem(message, pointer)], EXIT_USAGE)

    def report(self, source: Source, at: Parts | None, message: str) -> None:
        """Report a problem at the ref found at ``at`` (``None``: left to that ref's own check)."""
        if at is not None:
            self.report_at(source, pointer_of((*at, "$ref")), message)

    def report_at(self, source: Source, pointer: str, message: str) -> None:
        """Report a problem at ``pointer`` of ``source``, located in its own file."""
        if source.doc is not None:
            self.problems.append(source.doc.problem(message, pointer))
        else:
            self.problems.append(Problem(source.key, message, pointer=pointer))

    def source(self, target: Target) -> Source:
        return self.sources[target.source]

    def walk(self, target: Target) -> tuple[bool, Any, str]:
        """Follow ``target``'s pointer in its (loaded) source: (found, value, why not)."""
        found, value, why = walk(self.source(target).data, target.pointer)
        if not found and ANCHOR_NAME.fullmatch(target.pointer):  # a plain name, not a pointer
            why = self.no_anchor(target)
        return found, value, why

    def no_anchor(self, target: Target) -> str:
        """Why ``target``, whose fragment is a plain name, points to nothing."""
        name = target.pointer
        if not self.anchored:
            return (
                f"{name!r} is not a JSON pointer (it must start with '/'); OpenAPI "
                f"{self.version} has no $anchor (a plain-name fragment names one in 3.1 only)"
            )
        where = "the spec" if target.source == self.root.key else self.describe(target)
        return f"no schema in {where.partition('#')[0]} declares $anchor {name!r}"

    def describe(self, target: Target) -> str:
        if target.source == self.root.key:
            return "#" + target.pointer
        where = target.source
        if os.path.isabs(where) and _inside(where, self.folder):
            where = os.path.relpath(where, self.folder)  # one outside it: as it is, absolute
        return f"{where}#{target.pointer}"
