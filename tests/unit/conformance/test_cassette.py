"""Cassettes written and read back: placeholders, bodies that are not text, missing answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.config import SpecConfig
from generator.conformance.cassette import (
    MAX_RECORDED_BODY,
    Cassette,
    Exchange,
    Recording,
    read_cassette,
)
from generator.conformance.checks import Answer, Outcome
from generator.conformance.wire import REDACTED, REDACTED_BASIC, HttpRequest, encode, token_forms
from generator.errors import ApiforgeError
from generator.pipeline import build
from tests.har import har_problems
from tests.support import ROOT, SPECS

TOKEN = "unit-secret-0042"
FAIL = Outcome("no_server_error", "fail", "the server answered 500")


def _exchange(request: HttpRequest, answer: Answer | str, *outcomes: Outcome) -> Exchange:
    return Exchange("op", "coverage", "a case", request, TOKEN, answer, list(outcomes))


def _round_trip(tmp_path: Path, cassette: Cassette) -> dict[str, object]:
    path = tmp_path / "c.har"
    path.write_text(cassette.to_har(), encoding="utf-8")
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    assert har_problems(data) == []
    return data


def test_every_place_of_the_token_is_redacted_and_restored(tmp_path: Path) -> None:
    spec = SPECS / "secrets_31.yaml"
    _, api = build(SpecConfig(spec=spec, output=tmp_path, package="sec"), ROOT)
    places = 0
    for op in api.operations:
        sent = encode(
            api, op, {"path": {}, "query": {}, "headers": {}, "cookies": {}}, "http://h", "token"
        )
        shown = sent.redacted()
        text = repr(shown)
        assert not any(form in text for form in token_forms(TOKEN))
        assert "\x00" not in text  # no internal marker left either
        places += text.count(REDACTED)  # REDACTED_BASIC does not contain it
        assert shown.unredacted().with_token(TOKEN) == sent.with_token(TOKEN)
    assert places >= 4  # header, query, cookie, bearer
    assert any(
        REDACTED_BASIC in repr(encode(api, op, {}, "http://h", "token").redacted())
        for op in api.operations
    )


def test_a_token_echoed_in_an_answer_is_replaced(tmp_path: Path) -> None:
    cassette = Cassette({"target": "server"})
    request = HttpRequest("GET", "http://h/x", (("Authorization", "Bearer \x00TOKEN\x00"),), None)
    echo = f"you sent {TOKEN} and {token_forms(TOKEN)[0]}".encode()
    answer = Answer(401, {"content-type": "text/plain", "x-echo": TOKEN}, echo)
    cassette.record(_exchange(request, answer), 0.0, 0.01)
    text = cassette.to_har()
    assert not any(form in text for form in token_forms(TOKEN))
    assert text.count(REDACTED) == 4  # the request's header, the answer's header, twice in its body


def test_bodies_that_are_not_text_are_base64_both_ways(tmp_path: Path) -> None:
    cassette = Cassette({})
    body = b"\xff\x00binary"
    request = HttpRequest(
        "POST", "http://h/x", (("Content-Type", "application/octet-stream"),), body
    )
    answer = Answer(500, {"content-type": "image/png"}, b"\x89PNG\xff")
    cassette.record(_exchange(request, answer, FAIL), 1_700_000_000.5, 0.25)
    data = _round_trip(tmp_path, cassette)
    entry = data["log"]["entries"][0]  # type: ignore[index]
    assert entry["request"]["postData"]["_encoding"] == "base64"
    assert entry["response"]["content"]["encoding"] == "base64"
    assert entry["time"] == 250.0 and entry["startedDateTime"].startswith("2023-11-14T22:13:20.500")
    (recorded,) = read_cassette(tmp_path / "c.har", (tmp_path / "c.har").read_bytes()).exchanges
    assert recorded.request.body == body
    assert recorded.failed == (FAIL,)


def test_a_request_without_an_answer_is_recorded_with_its_error(tmp_path: Path) -> None:
    cassette = Cassette({})
    request = HttpRequest("GET", "http://h/x?q=1", (), None)
    message = "no answer within the 1s deadline"
    cassette.record(
        _exchange(request, message, Outcome("server_answered", "fail", message)), 0.0, 1.0
    )
    data = _round_trip(tmp_path, cassette)
    entry = data["log"]["entries"][0]  # type: ignore[index]
    assert entry["response"]["status"] == 0
    assert entry["response"]["_error"] == message
    assert entry["request"]["queryString"] == [{"name": "q", "value": "1"}]
    assert entry["_apiforge"]["failed"] is True


def test_entries_are_written_in_the_order_sent(tmp_path: Path) -> None:
    cassette = Cassette({})
    for began, path in ((3.0, "/c"), (1.0, "/a"), (2.0, "/b")):
        cassette.record(_exchange(HttpRequest("GET", f"http://h{path}", (), None), "x"), began, 0.0)
    urls = [e.request.url for e in (_read(tmp_path, cassette)).exchanges]
    assert urls == ["http://h/a", "http://h/b", "http://h/c"]


def _read(tmp_path: Path, cassette: Cassette) -> Recording:
    path = tmp_path / "c.har"
    path.write_text(cassette.to_har(), encoding="utf-8")
    return read_cassette(path, path.read_bytes())


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        (lambda e: e["request"].update(url="ftp://h/x"), "/log/entries/0/request/url"),
        (lambda e: e["_apiforge"].update(kind="fuzz"), "/log/entries/0/_apiforge/kind"),
        (
            lambda e: e["_apiforge"]["checks"][0].update(verdict="ok"),
            "/log/entries/0/_apiforge/checks/0/verdict",
        ),
        (
            lambda e: e["request"]["headers"].append({"name": 1}),
            "/log/entries/0/request/headers/0/name",
        ),
        (
            lambda e: e["request"]["postData"].update(_encoding="base64", text="%%"),
            "/log/entries/0/request/postData/text",
        ),
    ],
)
def test_what_is_amiss_in_an_entry_is_located(tmp_path: Path, change: object, pointer: str) -> None:
    cassette = Cassette({})
    request = HttpRequest("POST", "http://h/x", (), b"{}")
    cassette.record(_exchange(request, Answer(500, {}, b""), FAIL), 0.0, 0.0)
    data = json.loads(cassette.to_har())
    change(data["log"]["entries"][0])  # type: ignore[operator]
    path = tmp_path / "c.har"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ApiforgeError) as caught:
        read_cassette(path, path.read_bytes())
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"{path}: ") and str(caught.value).endswith(
        f"(at {pointer})"
    )
    assert "\n" not in str(caught.value)


def test_a_long_answer_keeps_its_first_bytes_whole_characters_only(tmp_path: Path) -> None:
    cassette = Cassette({})
    body = b"a" * (MAX_RECORDED_BODY - 1) + "é".encode() * 10  # a 2-byte character at the cut
    request = HttpRequest("GET", "http://h/x", (), None)
    cassette.record(_exchange(request, Answer(200, {"content-type": "text/plain"}, body)), 0, 0)
    content = _round_trip(tmp_path, cassette)["log"]["entries"][0]["response"]["content"]  # type: ignore[index]
    assert content["size"] == len(body)
    assert content["_recorded"] == MAX_RECORDED_BODY - 1
    assert content["text"] == "a" * (MAX_RECORDED_BODY - 1) and "encoding" not in content


def test_text_that_utf_8_cannot_hold_is_escaped(tmp_path: Path) -> None:
    cassette = Cassette({})
    request = HttpRequest("GET", "http://h/x", (), None)
    odd = Exchange("op", "mutation", "a lone \ud800 surrogate", request, None, "x", [])
    cassette.record(odd, 0.0, 0.0)
    (recorded,) = _read(tmp_path, cassette).exchanges
    assert recorded.description == "a lone \ud800 surrogate"


def test_what_a_cassette_says_cannot_drive_the_terminal() -> None:
    from generator.conformance.cassette import Recorded
    from generator.conformance.replay import Replayed

    request = HttpRequest("GET", "http://h/x", (), None)
    sly = "x\x1b[2J\nnow passes: all"
    recorded = Recorded(0, "op", "coverage", sly, request, (Outcome("c", "fail", sly),))
    text = Replayed(recorded, "still fails", (Outcome("c", "fail", sly),), 500).to_text()
    assert "\x1b" not in text and "\\x1b[2J\\nnow passes" in text
    assert len(text.splitlines()) == 3
