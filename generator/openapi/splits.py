"""Which text of a path each expression of a path template takes.

A segment of a template may hold several expressions, next to each other or around literal
text: ``/{a}{b}``, ``/files/{name}.{ext}``, ``/reports/{year}-{month}``, ``/{id}.json``. A
client expands a template by writing each value's percent-encoded text in place of its
expression; a reader of a path as sent has to split it again, and a split may be ambiguous
(``/files/x.tar.gz`` is ``x.tar`` and ``gz``, or ``x`` and ``tar.gz``). Every split is one
the spec allows; the parameters' schemas tell which of them a server may read, so a reader
passes :func:`split` a predicate on each part and gets the first split it takes, the
earlier expressions' parts the longest first (as a regular expression's greedy groups).

Each part is a non-empty run of one segment (an empty value has no text to send, and a
value's ``/`` is sent encoded), given back decoded. The literal text of the template matches
itself or its percent-encoding (a space is sent as ``%20``).

Where several templates take one path, the most specific is meant (:func:`specificity`):
the fewest templated segments (``/items/new`` before ``/items/{id}``), then the most literal
text in them (``/files/{name}.{ext}`` before ``/files/{name}``), then the fewest expressions
(``/{id}`` before ``/{a}{b}``, which its parameters' schemas may leave the path to).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import unquote

from generator.openapi.paths import EXPRESSION, segments, wire_path
from generator.records import record

__all__ = ["Fits", "Template", "pieces", "shape", "shape_pattern", "specificity", "split"]

Fits = Callable[[int, str], bool]  # whether the part of the expression at an index may be a text


@record
class Template:
    """A path template read as pieces: ``literals[0]``, ``names[0]``, ``literals[1]``, ... and
    last ``literals[-1]`` (one literal more than names, each possibly empty)."""

    literals: tuple[str, ...]
    names: tuple[str, ...]


@lru_cache(maxsize=4096)  # a router reads its few templates for every request
def pieces(template: str) -> Template:
    """The pieces of ``template``'s path (its query and fragment left out: never split)."""
    parts = EXPRESSION.split(wire_path(template))
    return Template(tuple(parts[0::2]), tuple(parts[1::2]))


_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _encoded(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def _after_literal(literal: str, path: str, at: int) -> int | None:
    """Where ``literal`` ends when it is written in ``path`` from ``at`` on, each character
    as itself or percent-encoded (a separator ``/`` only as itself); None when it is not."""
    for char in literal:
        if path.startswith(char, at):
            at += len(char)
            continue
        encoded = _encoded(char)
        if char == "/" or path[at : at + len(encoded)].upper() != encoded:
            return None
        at += len(encoded)
    return at


@lru_cache(maxsize=4096)
def shape(template: str) -> re.Pattern[str]:
    """A regular expression every path :func:`split` splits matches in full (and a few more:
    a part may end inside an escape there): the quick refusal of a router's many templates."""
    return re.compile(shape_pattern(template))


@lru_cache(maxsize=4096)
def shape_pattern(template: str) -> str:
    """The text of :func:`shape`'s expression, for a reader that compiles it itself (a
    generated suite's router): compiling GitHub's 700 templates here took 0.15 s for nothing."""
    read = pieces(template)
    literals = ["".join(map(_literal_pattern, literal)) for literal in read.literals]
    return "[^/]+".join(literals)


def _literal_pattern(char: str) -> str:
    if char == "/":
        return "/"
    return f"(?:{re.escape(char)}|(?i:{re.escape(_encoded(char))}))"


def split(template: str, path: str, fits: Fits | None = None) -> tuple[str, ...] | None:
    """The decoded parts of ``path`` (as sent: percent-encoded, no query) that ``template``'s
    expressions take, in their order; the first split whose every part ``fits`` takes (any
    non-empty text without ``/`` where ``fits`` is None); None when there is none.

    A part that fails from one place of the path fails from there whatever came before, so
    each (expression, place) is tried once: ``fits`` is asked of each run of a segment once
    per expression at worst.
    """
    if shape(template).fullmatch(path) is None:  # the common answer, found at C speed
        return None
    read = pieces(template)
    start = _after_literal(read.literals[0], path, 0)
    if start is None:
        return None
    parts: list[str] = []
    failed: set[tuple[int, int]] = set()
    # a part ends between characters, never inside an escape (``%41``)
    inside = {i for found in _ESCAPE.finditer(path) for i in (found.start() + 1, found.start() + 2)}

    def place(index: int, at: int) -> bool:
        if index == len(read.names):
            return at == len(path)
        if (index, at) in failed:
            return False
        stop = path.find("/", at)
        for end in range(len(path) if stop < 0 else stop, at, -1):  # the longest first
            after = None if end in inside else _after_literal(read.literals[index + 1], path, end)
            if after is None:
                continue
            text = unquote(path[at:end])
            if fits is not None and not fits(index, text):
                continue
            parts.append(text)
            if place(index + 1, after):
                return True
            parts.pop()
        failed.add((index, at))
        return False

    return tuple(parts) if place(0, start) else None


@lru_cache(maxsize=4096)
def specificity(template: str) -> tuple[int, int, int, str]:
    """How a router orders ``template`` among others that take a path, the most specific
    (the smallest) first: its templated segments, the literal text in them (negated), its
    expressions, and last its path itself, so that the order is total."""
    path = wire_path(template)
    templated = [s for s in segments(path) if EXPRESSION.search(s)]
    literal = sum(len(EXPRESSION.sub("", s)) for s in templated)
    return len(templated), -literal, len(pieces(path).names), path
