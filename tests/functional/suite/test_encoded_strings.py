"""Strings under ``contentEncoding`` are drawn as text of that encoding, everywhere values are
drawn: the generated strategies and coverage cases (conformance's cases), and the mock's.

A server that decodes such a string (FastAPI's ``bytes`` read as base64) refuses any other
text, so a valid request must carry one it can decode; the keyword is an annotation, so no
near miss is made of it.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir
from generator.exchange import Values
from generator.openapi import ENCODINGS, byte_counts
from tests.support import SPECS, bare_api, generate_into, import_fresh

SPEC = SPECS / "strategies_content_encoding_31.yaml"
BLOB = "/components/schemas/Blob"
DECODERS: dict[str, Callable[[str], bytes]] = {
    "base64": lambda text: base64.b64decode(text, validate=True),
    "base64url": lambda text: base64.b64decode(text, altchars=b"-_", validate=True),
    "base32": base64.b32decode,
    "base32hex": base64.b32hexdecode,
    "base16": base64.b16decode,
}
# the fixture's encoded properties: their encoding, and what the bytes must be
FIELDS = {
    "data": ("base64", None),
    "sized": ("base64", None),
    "doc": ("base64", "json"),
    "note": ("base64", "text"),
    "url_safe": ("base64url", None),
    "five": ("base32", None),
    "hex_five": ("base32hex", None),
    "upper": ("base64", None),
}


def _decoded(encoding: str, text: str, media: str | None = None) -> bytes:
    try:
        data = DECODERS[encoding](text)
    except (binascii.Error, ValueError) as exc:
        raise AssertionError(f"{text!r} is no {encoding} text: {exc}") from None
    if media == "json":
        json.loads(data)
    elif media == "text":
        data.decode("ascii")
    return data


def _check_blob(value: dict[str, Any]) -> None:
    for name, (encoding, media) in FIELDS.items():
        if name in value:
            _decoded(encoding, value[name], media)


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, ModuleType]]:
    out = tmp_path_factory.mktemp("encoded")
    generate_into(SPEC, out, "encoded_api")
    import_fresh(out, "encoded_api_tests")
    import sys

    sys.path.insert(0, str(out))
    try:
        from encoded_api_tests import cases, strategies  # type: ignore[import-not-found]

        yield strategies, cases
    finally:
        sys.path.remove(str(out))


FEW = settings(
    max_examples=40, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)


def test_the_strategies_draw_text_of_each_encoding(suite: tuple[ModuleType, ModuleType]) -> None:
    strategies, _ = suite

    @FEW
    @given(st.data())
    def each(data: st.DataObject) -> None:
        blob = data.draw(strategies.SCHEMAS[BLOB]())
        _check_blob(blob)
        assert 9 <= len(blob["sized"]) <= 16 and blob.get("upper", "A")[:1].isupper()
        request = data.draw(strategies.REQUESTS["postBlob"]())
        assert len(request["query"]["tag"]) >= 8
        _decoded("base64url", request["query"]["tag"])
        if "X-Digest" in request["headers"]:
            _decoded("base16", request["headers"]["X-Digest"])
        _check_blob(request["body"])

    each()


def test_the_coverage_cases_are_text_of_each_encoding(suite: tuple[ModuleType, ModuleType]) -> None:
    _, cases = suite
    found = cases.coverage(BLOB)
    assert found
    for value in found:
        _check_blob(value)
    # contentEncoding is an annotation: no near miss is made of it
    assert not [m for m, _ in cases.mutations(BLOB, found[-1]) if "encod" in m or "base" in m]


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("media", [None, "application/json", "text/plain"])
def test_the_mock_draws_text_of_each_encoding(encoding: str, media: str | None) -> None:
    api = bare_api()
    values = Values(api, direction="response")
    kind = {"application/json": "json", "text/plain": "text"}.get(media or "")
    for seed in range(30):
        t = ir.StringT(min_length=seed % 7, encoding=encoding, media=media)
        text = values.value(t, random.Random(seed))
        _decoded(encoding, text, kind if text else None)
        assert len(text) >= seed % 7


def test_the_runtime_knows_the_encodings_the_generator_does(
    suite: tuple[ModuleType, ModuleType],
) -> None:
    support = import_fresh(Path(suite[0].__file__).parent.parent, "encoded_api_tests._support")
    assert {n: e[1:] for n, e in support._ENCODINGS.items()} == {
        n: (e.block, e.written) for n, e in ENCODINGS.items()
    }
    for name, encoding in ENCODINGS.items():
        for low in range(12):
            for high in (None, low, low + 3, low + 9):
                expected = byte_counts(encoding, low, high, support.TEXT_SPREAD)
                assert support._byte_counts(name, low, high) == expected
