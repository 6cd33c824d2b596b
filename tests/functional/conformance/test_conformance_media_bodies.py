"""Bodies go on the wire as their media type writes them, so a correct server reading bytes,
YAML or XML as real ones do raises no false alarm (``tests/specs/media_bodies_31.yaml``,
served by ``tests/servers/media_bodies.py``).

Found running conformance against FastAPI apps: random raw bodies were sent as Python's
``repr`` of their bytes (``b'k\\xf7g'`` as six characters), a YAML body of an object was
drawn as bytes, and an XML body of an object was JSON text labelled ``application/xml``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.conformance import Report, run_conformance
from generator.conformance.cassette import Cassette, read_cassette
from generator.conformance.wire import curl, encode, python_snippet
from generator.mock import serving
from tests.functional.conformance.test_conformance_limits import build
from tests.servers.media_bodies import media_app
from tests.support import SPECS


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SPECS / "media_bodies_31.yaml")


@pytest.fixture(scope="module")
def cassette() -> Cassette:
    return Cassette({})


@pytest.fixture(scope="module")
def run(api: ir.Api, cassette: Cassette) -> Iterator[tuple[Report, list[tuple[str, str, bytes]]]]:
    app = media_app()
    with serving(app) as url:
        report = run_conformance(
            api,
            base_url=url,
            token=None,
            seed=0,
            max_examples=10,
            allow_status=set(),
            recorder=cassette.record,
        )
    yield report, app.state.bodies


def _sent(bodies: list[tuple[str, str, bytes]], operation: str) -> list[bytes]:
    return [body for op, _, body in bodies if op == operation]


def test_a_correct_server_of_bytes_yaml_and_xml_gives_no_failure(
    run: tuple[Report, list[Any]],
) -> None:
    report, _ = run
    assert not report.failed(), report.to_text()


def test_raw_bytes_go_as_they_are_never_as_their_python_repr(
    run: tuple[Report, list[Any]],
) -> None:
    _, bodies = run
    for operation in ("octet", "octetAny"):
        sent = _sent(bodies, operation)
        assert sent, operation
        reprs = [b for b in sent if b[:2] in (b"b'", b'b"')]
        assert not reprs, (operation, reprs)
        # the random phase's bytes, not only the coverage phase's text
        assert any(not _utf8(b) for b in sent), (operation, sent)


def _utf8(body: bytes) -> bool:
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


def test_yaml_and_xml_bodies_are_documents_of_an_item(run: tuple[Report, list[Any]]) -> None:
    _, bodies = run
    yamls = _sent(bodies, "yamlItem")
    assert len(yamls) > 10  # the coverage and the random phases both
    assert all(isinstance(yaml.safe_load(b), dict) for b in yamls)
    xmls = _sent(bodies, "xmlItem")
    assert len(xmls) > 10
    assert all(ET.fromstring(b).tag == "item" for b in xmls)


def test_bodies_apiforge_cannot_write_are_not_sent_and_the_report_says_so(
    run: tuple[Report, list[Any]],
) -> None:
    report, bodies = run
    # no root element name (an inline schema with no xml.name), no writer for msgpack
    assert not _sent(bodies, "xmlUnnamed")
    assert not _sent(bodies, "msgpackItem")
    (note,) = [n for n in report.notes if "cannot write faithfully" in n]
    assert "xmlUnnamed (application/xml: " in note
    assert "msgpackItem (application/msgpack: " in note


def _request(body: Any) -> dict[str, Any]:
    return {"path": {}, "query": {}, "headers": {}, "cookies": {}, "body": body}


def _op(api: ir.Api, operation: str) -> ir.Operation:
    return next(op for op in api.operations if op.operation_id == operation)


def test_reproductions_and_cassettes_carry_the_bytes_sent(
    api: ir.Api, run: tuple[Report, list[Any]], cassette: Cassette, tmp_path: Path
) -> None:
    octet = _op(api, "octet")
    http = encode(api, octet, _request(b"k\xf7g"), "http://x", "token")
    assert http.body == b"k\xf7g"
    command = curl(http)
    assert command.startswith("printf '%b' 'k\\0367g' | curl ")  # the byte 0xf7 in octal
    assert "body=b'k\\xf7g'," in python_snippet(api, octet, _request(b"k\xf7g"), "http://x")
    # the cassette holds what the server was sent, byte for byte
    _, bodies = run
    recording = read_cassette(tmp_path / "run.har", cassette.to_har().encode())
    recorded = [
        e.request.body
        for e in recording.exchanges
        if e.operation == "octet" and e.kind != "unknown_method"
    ]
    assert recorded == _sent(bodies, "octet")


def test_the_client_call_passes_an_xml_or_yaml_body_as_the_client_takes_it(api: ir.Api) -> None:
    # the generated client takes a text body as a str and a binary one as bytes
    item = {"name": "n", "tags": ["a"], "id": 3}
    xml = python_snippet(api, _op(api, "xmlItem"), _request(item), "http://x")
    assert 'body=\'<?xml version="1.0" encoding="UTF-8"?>\\n<item id="3">' in xml
    assert "name=" not in xml
    yaml_call = python_snippet(api, _op(api, "yamlItem"), _request(item), "http://x")
    assert 'body=b\'"name": "n"\\n' in yaml_call
