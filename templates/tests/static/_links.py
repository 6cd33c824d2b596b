"""Links followed live: a call whose answer gives values to the next one.

Each link (``links.py`` beside this module, from the spec's ``links`` and those apiforge
infers) is a pair of calls to the server at ``APIFORGE_BASE_URL``: the source with a drawn
valid request, then, when its answer is the one the link belongs to, the target with the
values the answer gave set into a drawn valid request. Both answers are judged as every live
answer is (``_live.judge``); and a read (``GET``) of what a ``200``/``201`` answer just
created must find it: not ``404`` or ``410``.

A value is read the way the generator wrote it down: from the answer's JSON body at a
pointer, from one of its headers (a path segment of it, for a ``Location``; read as JSON
where the parameter takes a number or a boolean), from the source's own request, or a
constant.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from ._http import PLACES, Operation, Scheme
from ._live import documented, judge, send_live

__all__ = ["MISSING", "follow_live", "value_of"]

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


def follow_live(
    link: Mapping[str, Any],
    operations: Mapping[str, Operation],
    schemes: Mapping[str, Scheme],
    first: Mapping[str, Any],
    then: Mapping[str, Any],
) -> None:
    """Call the link's source with ``first``, then its target with ``then`` and the values
    the first answer gave; fail where an answer breaks the spec, or a read misses what a
    create just made; skip when the first answer is not the one the link belongs to."""
    source, target = operations[link["source"]], operations[link["target"]]
    answer, content = send_live(source, schemes, first)
    unjudged = judge(source, answer.status_code, answer.headers.get("content-type", ""), content)
    if unjudged is not None:
        pytest.skip(unjudged)
    response = documented(source, answer.status_code)
    keys = {key.upper() for key, value in source.responses.items() if value is response}
    if link["status"].upper() not in keys:
        pytest.skip(f"{source.method} {source.path} answered {answer.status_code}: not this link's")
    try:
        body = json.loads(content) if content else MISSING
    except ValueError:
        body = MISSING
    request = {where: dict(values) for where, values in then.items() if isinstance(values, dict)}
    request.update({k: v for k, v in then.items() if not isinstance(v, dict)})
    for given in link["values"]:
        value = value_of(given, first, answer.headers, body)
        if value is MISSING:
            pytest.skip(f"the answer of {source.method} {source.path} gave no {given}")
        if given["location"] == "body":
            request["body"] = value
        else:
            request.setdefault(PLACES[given["location"]], {})[given["name"]] = value
    read, read_content = send_live(target, schemes, request)
    where = f"{target.method} {target.path} after {source.method} {source.path}"
    created = answer.status_code in (200, 201) and source.method == "POST"
    if created and target.method == "GET" and link["reads_created"]:
        assert read.status_code not in (404, 410), (
            f"{where} answered {answer.status_code}: the read answered {read.status_code}, "
            "as if nothing had been created"
        )
    unjudged = judge(target, read.status_code, read.headers.get("content-type", ""), read_content)
    if unjudged is not None:
        pytest.skip(f"{where}: {unjudged}")
