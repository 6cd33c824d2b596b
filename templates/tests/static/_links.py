"""Links followed live: a call whose answer gives values to the next one.

Each link (``links.py`` beside this module, from the spec's ``links`` and those apiforge
infers) is a pair of calls to the server at ``APIFORGE_BASE_URL``: the source with a drawn
valid request, then, when its answer is the one the link belongs to, the target with the
values the answer gave set into a drawn valid request. Both answers are judged as every live
answer is (``_live.judge``); and a read (``GET``) of what a ``200``/``201`` answer just
created must find it: not ``404`` or ``410``.

:func:`machine` goes further: sequences of calls (a Hypothesis state machine) that start at a
link's source and follow links from the answers they hold, each answer judged; a read of a
fresh create must find it, a read of what a ``DELETE`` removed must not.

A value is read the way the generator wrote it down: from the answer's JSON body at a
pointer, from one of its headers (a path segment of it, for a ``Location``; read as JSON
where the parameter takes a number or a boolean), from the source's own request, or a
constant. A request those values make that the client refuses to send (the spec allows
an id of ``""``, which no path can carry) does not follow the link: no fault of the server's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from ._http import PLACES, Operation, Scheme
from ._live import NotSent, Refused, documented, judge, send_live

__all__ = [
    "MISSING",
    "STEPS",
    "Held",
    "LinkSequences",
    "follow_live",
    "followed_once",
    "machine",
    "run_machine",
    "value_of",
]

MISSING = object()


def _pointer(body: Any, pointer: str) -> Any:
    for raw in pointer.split("/")[1:] if pointer else ():
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(body, Mapping) and token in body:
            body = body[token]
        elif isinstance(body, list) and token.isdigit() and int(token) < len(body):
            body = body[int(token)]
        else:
            return MISSING
    return body


def _segment(value: Any, index: int | None) -> Any:
    if index is None:
        return value
    if not isinstance(value, str):
        return MISSING
    segments = [s for s in urlsplit(value).path.split("/") if s]
    if not -len(segments) <= index < len(segments):
        return MISSING
    return unquote(segments[index])


def _as_json(text: Any) -> Any:
    """Text where a number or a boolean is due (a ``Location``'s id), read as JSON."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def value_of(
    given: Mapping[str, Any],
    request: Mapping[str, Any],
    headers: Mapping[str, str],
    body: Any,
) -> Any:
    """The value a link's entry gives for one exchange; :data:`MISSING` when it is not there."""
    source = given["from"]
    if source == "constant":
        return given["value"]
    if source == "body":
        return _pointer(body, given["pointer"])
    if source == "header":
        found = next(
            (v for k, v in headers.items() if k.lower() == given["header"].lower()), MISSING
        )
        found = MISSING if found is MISSING else _segment(found, given.get("segment"))
        return _as_json(found) if given.get("json") and found is not MISSING else found
    if source == "request":
        return request.get(PLACES[given["at"]], {}).get(given["key"], MISSING)
    return MISSING  # pragma: no cover: the generator writes no other kind


def _fill(
    link: Mapping[str, Any],
    first: Mapping[str, Any],
    answer: httpx.Response,
    content: bytes | None,
    then: Mapping[str, Any],
) -> dict[str, Any] | str:
    """``then`` with the values the link reads off the first exchange set in; the value it
    could not read, said, when one is missing."""
    try:
        body = json.loads(content) if content else MISSING
    except ValueError:
        body = MISSING
    request = {where: dict(values) for where, values in then.items() if isinstance(values, dict)}
    request.update({k: v for k, v in then.items() if not isinstance(v, dict)})
    for given in link["values"]:
        value = value_of(given, first, answer.headers, body)
        if value is MISSING:
            return f"no {given}"
        if given["location"] == "body":
            request["body"] = value
        else:
            request.setdefault(PLACES[given["location"]], {})[given["name"]] = value
    return request


def _offers(link: Mapping[str, Any], source: Operation, status: int) -> bool:
    """True when the answer of ``source`` (the link's) with ``status`` is the response
    ``link`` belongs to."""
    response = documented(source, status)
    keys = {key.upper() for key, value in source.responses.items() if value is response}
    return link["status"].upper() in keys


def _judged(op: Operation, answer: httpx.Response, content: bytes | None) -> str | None:
    media = answer.headers.get("content-type", "")
    return judge(op, answer.status_code, media, content, answer.headers)


def follow_live(
    link: Mapping[str, Any],
    operations: Mapping[str, Operation],
    schemes: Mapping[str, Scheme],
    first: Mapping[str, Any],
    then: Mapping[str, Any],
) -> str | None:
    """Call the link's source with ``first``, then its target with ``then`` and the values
    the first answer gave; fail where an answer breaks the spec, or a read misses what a
    create just made. None when the link was followed and its read judged; otherwise why
    not (the first answer is not the one the link belongs to, a value is missing or makes a
    request the client refuses, an answer is not judged): one pair's business, which
    :func:`followed_once` weighs over them all."""
    source, target = operations[link["source"]], operations[link["target"]]
    try:
        answer, content = send_live(source, schemes, first)
    except NotSent as elsewhere:
        return str(elsewhere)
    unjudged = _judged(source, answer, content)
    if unjudged is not None:
        return unjudged
    if not _offers(link, source, answer.status_code):
        return f"{source.method} {source.path} answered {answer.status_code}: not this link's"
    request = _fill(link, first, answer, content, then)
    if isinstance(request, str):
        return f"the answer of {source.method} {source.path} gave {request}"
    try:
        read, read_content = send_live(target, schemes, request)
    except NotSent as elsewhere:
        return str(elsewhere)
    except Refused as refused:  # the first answer's values make no request to send
        return f"{refused} (with the values {source.method} {source.path} answered)"
    where = f"{target.method} {target.path} after {source.method} {source.path}"
    created = answer.status_code in (200, 201) and source.method == "POST"
    if created and target.method == "GET" and link["reads_created"]:
        assert read.status_code not in (404, 410), (
            f"{where} answered {answer.status_code}: the read answered {read.status_code}, "
            "as if nothing had been created"
        )
    unjudged = _judged(target, read, read_content)
    return None if unjudged is None else f"{where}: {unjudged}"


def followed_once(why_not: Sequence[str | None]) -> None:
    """Skip when no pair of calls followed the link (each answer of its source was another
    one, a conflict with what the server holds, say); one followed pair is enough to pass.

    A pair that does not follow draws again instead of ending the test: a server that
    already holds the first drawn body (``409``) leaves the later draws to follow."""
    if why_not and all(why is not None for why in why_not):
        pytest.skip(f"{why_not[-1]} (each of {len(why_not)} pairs)")


# ---------------------------------------------------------------------- sequences of calls

STEPS = 6  # calls in one sequence at most: enough to create, update, delete and read again
STARTS = 2  # resources a sequence starts at most while one it holds leads on
_GONE = (404, 410)
_RANKS = {"DELETE": 1, "GET": 2, "HEAD": 2}  # the order links are tried in: writes first


@dataclass(frozen=True)
class Held:
    """An answer a link leads on from: the call that gave it, as the machine keeps it."""

    operation: str
    request: Mapping[str, Any]
    answer: httpx.Response
    content: bytes | None
    at: int  # the calls made before it, its own among them


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _below(path: str, top: str) -> bool:
    """True when ``path`` is ``top`` or a path under it."""
    mine, theirs = _segments(path), _segments(top)
    return mine[: len(theirs)] == theirs


class LinkSequences(RuleBasedStateMachine):
    """Sequences of calls along the links (:func:`machine` gives it its API): a sequence
    starts at a link's source (one no link leads to, where there is one) with a drawn valid
    request, and follows links from the answers it holds, each target's request drawn valid
    with the link's values set in.

    Every answer is judged as every live answer is (an undocumented 4xx leads nowhere); a
    read of what a ``POST`` answered ``200``/``201`` to must find it (not ``404``/``410``),
    unless a ``DELETE`` at or above it succeeded since; a read of what a ``DELETE`` answered
    ``200``/``204`` to (nothing made at or above it since) must find it gone, where the read
    documents ``404`` or ``410``.

    What a step draws never depends on what the server answered before: the step (a start or
    a link, from a list the spec fixes), its target's request, and which held answer it leads
    on from (by its place among those that offer the link). Hypothesis replays the same draws
    into the same steps, however a server's state has moved since; the answers decide only
    whether a step calls (a link no held answer offers is passed over).
    """

    links: Sequence[Mapping[str, Any]] = ()
    operations: Mapping[str, Operation] = {}
    schemes: Mapping[str, Scheme] = {}
    requests: Mapping[str, Callable[[], st.SearchStrategy[dict[str, Any]]]] = {}
    starts: Sequence[str] = ()  # the operations a sequence starts at
    most = 1  # resources a sequence starts while one it holds leads on
    # each step there is: ("start", operation) or ("link", its index), starts first, then the
    # links writes first (a sequence changes, removes, then reads)
    steps: Sequence[tuple[str, Any]] = ()

    def __init__(self) -> None:
        super().__init__()
        self.started = 0
        self.held: list[Held] = []  # answers a link leads on from
        # paths a DELETE answered 200 or 204 to, with the operations the spec links that
        # DELETE's answer to (a documented soft delete: those still read it)
        self.deleted: dict[str, set[str]] = {}
        # every path a DELETE answered 200 or 204 to, and the calls made by then: a later
        # write above it may make it again or not, so a read of what was created before that
        # DELETE is not asserted either way
        self.removed: list[tuple[int, str]] = []
        self.calls: list[str] = []  # what each call was and answered, for a failure
        self.followed: list[str] = []  # the names of the links followed

    def _send(
        self, op: Operation, request: Mapping[str, Any]
    ) -> tuple[httpx.Response, bytes | None] | None:
        try:
            answer, content = send_live(op, self.schemes, request)
        except (pytest.skip.Exception, NotSent):  # a credential missing, a path not its own
            return None
        self.calls.append(f"{op.method} {answer.request.url.path} answered {answer.status_code}")
        note(self.calls[-1])
        return answer, content

    def _hold(self, name: str, request: Mapping[str, Any], sent: Any) -> None:
        """Keep the answer when a link leads on from it."""
        op = self.operations[name]
        if sent is None:
            return
        answer, content = sent
        if _judged(op, answer, content) is not None:
            return
        path, status = answer.request.url.path, answer.status_code
        if op.method in ("POST", "PUT") and 200 <= status < 300:  # made anew: not gone
            self.deleted = {
                gone: kept for gone, kept in self.deleted.items() if not _below(gone, path)
            }
        if op.method == "DELETE" and status in (200, 204):
            self.removed.append((len(self.calls), path))
            self.deleted[path] = {
                link["target"]
                for link in self.links
                if link["source"] == name and link.get("declared")
            }
        if any(link["source"] == name and _offers(link, op, status) for link in self.links):
            self.held.append(Held(name, request, answer, content, len(self.calls)))

    @rule(data=st.data())
    def step(self, data: st.DataObject) -> None:
        kind, which = self.steps[data.draw(st.integers(0, len(self.steps) - 1), label="step")]
        if kind == "start":
            request = data.draw(self.requests[which](), label="request")
            if len(self.calls) < STEPS and (not self.held or self.started < self.most):
                self.started += 1
                self._hold(which, request, self._send(self.operations[which], request))
            return
        link = self.links[which]
        drawn = data.draw(self.requests[link["target"]](), label="request")
        place = data.draw(st.integers(0, STEPS - 1), label="held answer")
        offering = [
            held
            for held in self.held
            if held.operation == link["source"]
            and _offers(link, self.operations[held.operation], held.answer.status_code)
        ]
        if offering and len(self.calls) < STEPS:
            self._follow(link, offering[place % len(offering)], drawn)

    def _follow(self, link: Mapping[str, Any], earlier: Held, drawn: dict[str, Any]) -> None:
        target = self.operations[link["target"]]
        request = _fill(link, earlier.request, earlier.answer, earlier.content, drawn)
        if isinstance(request, str):
            return
        note(f"following {link['name']}")
        try:
            sent = self._send(target, request)
        except Refused as refused:  # the held answer's values make no request to send
            note(f"not followed: {refused}")
            return
        self.followed.append(link["name"])
        if sent is not None and link["reads"]:
            self._read(link["target"], sent[0], earlier, created=link["reads_created"])
        self._hold(link["target"], request, sent)

    def _read(self, name: str, read: httpx.Response, earlier: Held, *, created: bool) -> None:
        target = self.operations[name]
        path, status = read.request.url.path, read.status_code
        said = " -> ".join(self.calls)
        kept = self.deleted.get(path)
        if kept is not None and name in kept:
            return  # the spec links the delete to this read: it still reads the resource
        if kept is not None and any(documented(target, s) for s in _GONE):
            assert status in _GONE, (
                f"{target.method} {path} answered {status} after a DELETE of it answered "
                f"2xx: the resource is still there ({said})"
            )
            return
        created = created and self.operations[earlier.operation].method == "POST"
        if created and earlier.answer.status_code in (200, 201):
            since = (gone for when, gone in self.removed if when > earlier.at)
            if not any(_below(path, gone) for gone in since):
                assert status not in _GONE, (
                    f"{target.method} {path} answered {status} after a create answered "
                    f"{earlier.answer.status_code}: as if nothing had been created ({said})"
                )


def machine(
    links: Sequence[Mapping[str, Any]],
    operations: Mapping[str, Operation],
    schemes: Mapping[str, Scheme],
    requests: Mapping[str, Callable[[], st.SearchStrategy[dict[str, Any]]]],
) -> type[LinkSequences]:
    """:class:`LinkSequences` of these links and operations."""
    sources = {link["source"] for link in links}
    starts = sorted((sources - {link["target"] for link in links}) or sources)
    ranked = sorted(
        range(len(links)),
        key=lambda i: (_RANKS.get(operations[links[i]["target"]].method, 0), links[i]["name"]),
    )
    given = {
        "steps": [*(("start", name) for name in starts), *(("link", i) for i in ranked)],
        "links": links,
        "operations": operations,
        "schemes": schemes,
        "requests": requests,
        "starts": starts,
        "most": min(STARTS, len(starts)),
    }
    return type("Links", (LinkSequences,), given)


def run_machine(
    links: Sequence[Mapping[str, Any]],
    operations: Mapping[str, Operation],
    schemes: Mapping[str, Scheme],
    requests: Mapping[str, Callable[[], st.SearchStrategy[dict[str, Any]]]],
    examples: int,
) -> None:
    """Run :func:`machine`'s sequences: ``examples`` of them, of :data:`STEPS` calls at most
    (in twice as many steps: a step that finds no answer to follow calls nothing)."""
    options = settings(
        max_examples=examples,
        stateful_step_count=2 * STEPS,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    run_state_machine_as_test(machine(links, operations, schemes, requests), settings=options)
