"""``$ref`` checking, resolution and bundling.

Refs inside the document and to files in the spec's own folder are followed. A ref to a URL, to
an absolute path or to a file outside the spec's folder is refused before anything is fetched or
read, unless the caller allows it. :func:`check_refs` reports dangling refs and ``$ref`` cycles
that never reach a definition (``A -> B -> A``); a schema that recurses through ``properties`` or
``items`` is fine. :func:`bundle` brings every external target into ``components`` so later
stages only ever see local refs.
"""

from __future__ import annotations

import marshal
import os
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.errors import ApiforgeError, Problem, fail, pointer_of, unescape_pointer_token
from generator.load import Document, load, parse_text

__all__ = ["bundle", "check_refs", "deref", "iter_refs", "resolve"]

FETCH_TIMEOUT = 10.0  # seconds, for remote refs when they are allowed
MAX_FETCH_BYTES = 50 * 1024 * 1024

Parts = tuple[str | int, ...]

# Values under these keys are data, not spec structure: a "$ref" in an example is just text.
_LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})
# Members of these maps (and lists) are names chosen by the author, not keywords; a ref that is
# a member belongs in the components section given here.
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SECTIONS = ("parameters", "responses", "headers", "examples", "links", "callbacks")
_MEMBER_SECTION = {
    **dict.fromkeys((*_SCHEMA_MAPS, "allOf", "anyOf", "oneOf", "prefixItems"), "schemas"),
    **{name: name for name in (*_SECTIONS, "schemas", "requestBodies", "securitySchemes")},
    "pathItems": "pathItems",
}
_NAME_MAPS = frozenset({*_MEMBER_SECTION, "paths", "webhooks", "content", "encoding", "variables"})
# A ref that is the value of one of these keywords is a schema (or a request body).
_SCHEMA_KEYWORDS: tuple[str, ...] = (
    "schema",
    "items",
    "not",
    "additionalProperties",
    "additionalItems",
    "if",
)
_SCHEMA_KEYWORDS += ("then", "else", "contains", "propertyNames", "unevaluatedItems")
_VALUE_SECTION = {
    **dict.fromkeys((*_SCHEMA_KEYWORDS, "unevaluatedProperties"), "schemas"),
    "requestBody": "requestBodies",
}


def iter_refs(data: Any) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """Yield (path, object) for every object holding a string ``$ref``, in document order."""
    stack: list[tuple[Parts, Any]] = [((), data)]
    while stack:
        parts, value = stack.pop()
        if type(value) is dict:
            if isinstance(value.get("$ref"), str):
                yield parts, value
            children = [
                ((*parts, key), child)
                for key, child in value.items()
                if (type(child) is dict or type(child) is list)
                and not _is_literal(parts, key, child)
            ]
        elif type(value) is list:
            children = [((*parts, i), c) for i, c in enumerate(value) if type(c) in (dict, list)]
        else:
            continue
        stack.extend(reversed(children))


def _is_literal(parts: Parts, key: str, child: Any) -> bool:
    if parts and parts[-1] in _NAME_MAPS:
        return False  # a property called "example" is a name, not the keyword
    if key in _LITERAL_KEYS or key.startswith("x-"):
        return True
    if key == "examples" and type(child) is list:
        return True  # JSON Schema examples, not a map of Example Objects
    return key == "value" and len(parts) >= 2 and parts[-2] == "examples"


def resolve(data: Any, ref: str) -> Any:
    """Return the value a local ref (``#/...``) points at; raise ApiforgeError if there is none."""
    if not ref.startswith("#"):
        message = f"only local refs can be resolved here, not {ref!r}: bundle() the document first"
        raise fail("<document>", message)
    found, value, why = _walk(data, urllib.parse.unquote(ref[1:]))
    if not found:
        raise fail("<document>", f"$ref {ref!r} points to nothing: {why}")
    return value


def deref(data: Any, value: Any) -> Any:
    """Follow ``$ref`` hops from ``value`` until a definition; raise ApiforgeError on a cycle."""
    seen: set[str] = set()
    while type(value) is dict and isinstance(ref := value.get("$ref"), str):
        if ref in seen:
            raise fail("<document>", f"$ref cycle through {ref!r} never reaches a definition")
        seen.add(ref)
        value = resolve(data, ref)
    return value


def check_refs(
    doc: Document, *, allow_remote: bool = False, allow_external_files: bool = False
) -> list[Problem]:
    """Check every ``$ref`` reachable from the document; return the problems found."""
    resolver = _Resolver(doc, allow_remote=allow_remote, allow_external_files=allow_external_files)
    resolver.check()
    return resolver.problems


def bundle(
    doc: Document, *, allow_remote: bool = False, allow_external_files: bool = False
) -> Document:
    """Return a document whose refs are all local, copying external targets into components.

    Schemas, parameters, responses and other components go under ``components/<section>/<name>``
    (names made unique); a path item is copied in place. Raises ApiforgeError if a ref is broken.
    """
    resolver = _Resolver(doc, allow_remote=allow_remote, allow_external_files=allow_external_files)
    resolver.check()
    if resolver.problems:
        raise ApiforgeError(resolver.problems)
    if not resolver.external:
        return doc
    data = _copy(doc.data)
    if not isinstance(data.setdefault("components", {}), dict):
        raise ApiforgeError([doc.problem("components must be a mapping", "/components")])
    bundler = _Bundler(resolver, data)
    bundler.run()
    return replace(doc, data=data, origins=bundler.origins)


# ------------------------------------------------------------------------------ resolving


@dataclass(frozen=True)
class _Source:
    """A document refs can point into: the spec, a file beside it, or a fetched URL."""

    key: str  # absolute path or URL
    data: Any
    doc: Document | None = None  # None for a fetched URL


@dataclass(frozen=True)
class _Target:
    source: str  # a _Source key
    pointer: str  # JSON pointer inside it


def _walk(data: Any, pointer: str) -> tuple[bool, Any, str]:
    """Follow a JSON pointer strictly: (found, value, why not)."""
    if not pointer:
        return True, data, ""
    if not pointer.startswith("/"):
        return False, None, f"{pointer!r} is not a JSON pointer (it must start with '/')"
    value, walked = data, ""
    for raw in pointer[1:].split("/"):
        token = unescape_pointer_token(raw)
        if type(value) is dict and token in value:
            value = value[token]
        elif type(value) is list and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return False, None, f"no {token!r} in {walked or '/'}"
        walked += "/" + raw
    return True, value, ""


def _copy(value: Any) -> Any:
    return marshal.loads(marshal.dumps(value))


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


class _Resolver:
    """Classifies, permits, loads and follows refs; collects problems at the refs' locations."""

    def __init__(self, doc: Document, *, allow_remote: bool, allow_external_files: bool) -> None:
        self.allow_remote = allow_remote
        self.allow_external_files = allow_external_files
        key = os.path.abspath(doc.path)
        self.root = _Source(key, doc.data, doc)
        self.folder = os.path.dirname(key)
        self.sources: dict[str, _Source] = {key: self.root}
        self.failures: dict[str, str] = {}  # why a file or URL could not be read
        self.problems: list[Problem] = []
        self.external = False  # whether some ref is not a plain "#/..." ref

    def check(self) -> None:
        """Check every ref reachable from the document, following external targets."""
        queue: list[tuple[_Source, Parts, Any]] = [(self.root, (), self.root.data)]
        scanned: set[_Target] = set()
        while queue:
            source, base, subtree = queue.pop(0)
            for parts, holder in iter_refs(subtree):
                at = (*base, *parts)
                target = self.target(source, holder["$ref"], at)
                if target is None:
                    continue
                found, value, why = _walk(self.source(target).data, target.pointer)
                if not found:
                    self.report(source, at, f"$ref {holder['$ref']!r} points to nothing: {why}")
                    continue
                if target.source != source.key and target not in scanned:
                    scanned.add(target)
                    queue.append((self.source(target), _parts(target.pointer), value))
                self.check_cycle(source, at, target)

    def check_cycle(self, source: _Source, at: Parts, target: _Target) -> None:
        """Report the ref at ``at`` if following ref-only hops from it comes back to it."""
        start = _Target(source.key, pointer_of(at))
        chain = [start]
        while target not in chain:
            chain.append(target)
            found, value, _ = _walk(self.source(target).data, target.pointer)
            if not found or type(value) is not dict or not isinstance(value.get("$ref"), str):
                return  # reaches a definition (or a dangling ref, reported where it is)
            next_target = self.target(self.source(target), value["$ref"], None)
            if next_target is None:
                return
            target = next_target
        if target == start:
            hops = " -> ".join(self.describe(t) for t in [*chain, start])
            message = f"$ref cycle never reaches a definition: {hops}; define one of them"
            self.report(source, at, message)

    def target(self, source: _Source, ref: str, at: Parts | None) -> _Target | None:
        """Where ``ref`` (found in ``source`` at ``at``) points, once it is permitted and loaded.

        Problems are reported at ``at``; with ``at=None`` they are left to that ref's own check.
        """
        address, _, fragment = ref.partition("#")
        fragment = urllib.parse.unquote(fragment)
        if not address:
            return _Target(source.key, fragment)
        scheme = urllib.parse.urlsplit(address).scheme
        if source.doc is None:  # relative to a fetched URL
            return self.remote(source, urllib.parse.urljoin(source.key, address), fragment, at)
        if len(scheme) > 1 and scheme != "file":
            return self.remote(source, address, fragment, at)
        if scheme == "file":
            path = urllib.request.url2pathname(urllib.parse.urlsplit(address).path)
        else:
            path = urllib.parse.unquote(address)
        return self.file(source, path, fragment, at)

    def remote(self, source: _Source, url: str, fragment: str, at: Parts | None) -> _Target | None:
        if not self.allow_remote:
            message = f"$ref to a URL ({url}) refused: remote refs are fetched only when allowed"
            self.report(source, at, message + " (allow_remote)")
            return None
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            self.report(source, at, f"$ref {url!r}: only http and https URLs can be fetched")
            return None
        return self.open(source, url, fragment, at)

    def file(self, source: _Source, path: str, fragment: str, at: Parts | None) -> _Target | None:
        absolute = os.path.isabs(path)
        full = os.path.normpath(os.path.join(os.path.dirname(source.key), path))
        inside, real = not absolute and _inside(full, self.folder), full
        if inside and full not in self.sources:  # a symlink may still lead out of the folder
            real = os.path.realpath(full)
            inside = _inside(real, os.path.realpath(self.folder))
        if not inside and not self.allow_external_files:
            where = "an absolute path" if absolute else f"outside the spec's folder ({real})"
            message = f"$ref to {path!r} refused: it is {where}; such files are read only when "
            self.report(source, at, message + "external files are allowed")
            return None
        return self.open(source, full, fragment, at)

    def open(self, source: _Source, key: str, fragment: str, at: Parts | None) -> _Target | None:
        """Load the file or URL ``key`` once, now that it is permitted."""
        if key not in self.sources and key not in self.failures:
            try:
                self.sources[key] = self.fetch(key)
            except ApiforgeError as exc:
                self.failures[key] = exc.problems[0].message if exc.problems else str(exc)
                self.problems.extend(p for p in exc.problems if p.line is not None)
            except (OSError, ValueError) as exc:
                self.failures[key] = str(exc)
        if key in self.failures:
            name = self.describe(_Target(key, ""))[:-1]
            self.report(source, at, f"$ref target {name} cannot be read: {self.failures[key]}")
            return None
        self.external = True
        return _Target(key, fragment)

    def fetch(self, key: str) -> _Source:
        if os.path.isabs(key):
            doc = load(key)
            return _Source(key, doc.data, doc)
        with urllib.request.urlopen(key, timeout=FETCH_TIMEOUT) as response:
            body = response.read(MAX_FETCH_BYTES + 1)
        if len(body) > MAX_FETCH_BYTES:
            raise ValueError(f"larger than {MAX_FETCH_BYTES} bytes")
        return _Source(key, parse_text(body.decode("utf-8"), key))

    def report(self, source: _Source, at: Parts | None, message: str) -> None:
        """Report a problem at the ref found at ``at`` (``None``: left to that ref's own check)."""
        if at is None:
            return
        pointer = pointer_of((*at, "$ref"))
        if source.doc is not None:
            self.problems.append(source.doc.problem(message, pointer))
        else:
            self.problems.append(Problem(source.key, message, pointer=pointer))

    def source(self, target: _Target) -> _Source:
        return self.sources[target.source]

    def describe(self, target: _Target) -> str:
        if target.source == self.root.key:
            return "#" + target.pointer
        where = target.source
        if os.path.isabs(where):
            where = os.path.relpath(where, self.folder)
        return f"{where}#{target.pointer}"


def _parts(pointer: str) -> Parts:
    return tuple(unescape_pointer_token(token) for token in pointer.split("/")[1:])


# ------------------------------------------------------------------------------- bundling


def _section(parts: Parts) -> str | None:
    """The components section a ref at ``parts`` belongs in; None to copy it in place."""
    if not parts:
        return None
    is_name = False
    for previous in parts[:-1]:
        is_name = not is_name and previous in _NAME_MAPS
    if is_name:
        return _MEMBER_SECTION.get(str(parts[-2]))
    return _VALUE_SECTION.get(str(parts[-1]))


Work = list[tuple["_Source", Parts, list[tuple[Parts, dict[str, Any]]]]]


class _Bundler:
    """Copies external targets into the (already copied) document and rewrites refs to them."""

    def __init__(self, resolver: _Resolver, data: dict[str, Any]) -> None:
        self.resolver = resolver
        self.root = resolver.root
        self.components: dict[str, Any] = data["components"]
        self.data = data
        self.imported: dict[_Target, str] = {}
        self.origins: dict[str, tuple[str, Document | None, str]] = {}
        self.inlined = 0

    def run(self) -> None:
        found = list(iter_refs(self.data))  # before adopt() copies foreign content in
        queue: Work = []
        adopted = self.adopt(queue)
        queue.insert(0, (self.root, (), [(p, h) for p, h in found if id(h) not in adopted]))
        while queue:
            source, base, refs = queue.pop(0)
            for parts, holder in refs:
                self.rewrite(source, (*base, *parts), holder, queue)

    def adopt(self, queue: Work) -> set[int]:
        """A component that is only an external ref (``Pet: {$ref: pet.yaml}``) keeps its name."""
        adopted: set[int] = set()
        for section, members in self.components.items():
            for name, holder in members.items() if type(members) is dict else ():
                ref = holder.get("$ref") if type(holder) is dict else None
                if not isinstance(ref, str) or ref.startswith("#"):
                    continue
                target = self.resolver.target(self.root, ref, None)
                value = self.value(target) if target and target.source != self.root.key else None
                if target is None or target in self.imported or type(value) is not dict:
                    continue
                holder.clear()
                holder.update(value)
                adopted.add(id(holder))
                where = ("components", section, name)
                self.imported[target] = "#" + self.came_from(where, target)
                queue.append((self.resolver.source(target), where, list(iter_refs(holder))))
        return adopted

    def rewrite(self, source: _Source, where: Parts, holder: dict[str, Any], queue: Work) -> None:
        """Make the ref in ``holder`` local, bringing its target in if it is elsewhere."""
        target = self.resolver.target(source, holder["$ref"], None)
        assert target is not None  # check() found no problem
        section = _section(where)
        if target.source == self.root.key:
            if source is not self.root or not holder["$ref"].startswith("#"):
                holder["$ref"] = "#" + _quote(target.pointer)
        elif section is not None:
            holder["$ref"] = self.imported.get(target) or self.bring(target, section, queue)
        else:  # a path item or another object with no components section: copy it in place
            value = self.value(target)
            self.inlined += 1
            if type(value) is not dict or self.inlined > 10_000:
                raise fail(self.root.key, f"cannot copy the target of {holder['$ref']!r} in place")
            holder.clear()
            holder.update(value)
            self.came_from(where, target)
            queue.append((self.resolver.source(target), where, list(iter_refs(holder))))

    def value(self, target: _Target) -> Any:
        _, value, _ = _walk(self.resolver.source(target).data, target.pointer)
        return _copy(value)

    def bring(self, target: _Target, section: str, queue: Work) -> str:
        """Copy ``target`` under components/<section>/<unique name>; return the new local ref."""
        if not isinstance(self.components.setdefault(section, {}), dict):
            raise fail(self.root.key, f"components/{section} must be a mapping")
        names: dict[str, Any] = self.components[section]
        token = target.pointer.rpartition("/")[2]
        hint = unescape_pointer_token(token) if token else Path(target.source).stem
        base = re.sub(r"[^A-Za-z0-9._-]", "_", hint) or "Imported"
        name, n = base, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names[name] = self.value(target)
        where = ("components", section, name)
        self.imported[target] = local = "#" + self.came_from(where, target)
        queue.append((self.resolver.source(target), where, list(iter_refs(names[name]))))
        return local

    def came_from(self, where: Parts, target: _Target) -> str:
        """Record that the value now at ``where`` was copied from ``target``; its pointer."""
        source = self.resolver.source(target)
        self.origins[pointer := pointer_of(where)] = (source.key, source.doc, target.pointer)
        return pointer


def _quote(pointer: str) -> str:
    return urllib.parse.quote(pointer, safe="/~!$&'()*+,;=:@")
