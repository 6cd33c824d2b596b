"""A random draw HTTP cannot carry (a required form field with no value: ``user=`` reads as
none) is drawn again: the random search sends as many requests as it has examples."""

from __future__ import annotations

from typing import Any

import pytest

from generator.conformance import run_conformance
from generator.conformance.sending import Sending
from generator.mock import running
from tests.functional.conformance.test_conformance_limits import build
from tests.support import SPECS


def test_the_random_search_sends_its_examples_however_many_draws_it_cannot_send(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = build(SPECS / "form_login.yaml")
    sent: list[bool] = []
    case = Sending._case

    def counted(self: Any, op: Any, kind: str, *args: Any, **kwargs: Any) -> Any:
        before = self.unsendable
        outcomes = case(self, op, kind, *args, **kwargs)
        if kind == "random":
            sent.append(self.unsendable == before)
        return outcomes

    monkeypatch.setattr(Sending, "_case", counted)
    examples = 10
    with running(api, seed=0) as url:
        run_conformance(api, base_url=url, token=None, seed=0, max_examples=examples)
    assert not all(sent), "no draw was left unsent: the test shows nothing"
    assert sent.count(True) >= examples


def test_a_header_value_only_ascii_can_carry_is_sent_and_no_other(tmp_path: Any) -> None:
    # a pattern of letters of any script: httpx encodes a header's text as ASCII, so a drawn
    # 'ª' is a case HTTP cannot carry (counted as such), never an internal error
    from tests.support import run_cli

    spec = tmp_path / "trace.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: Trace, version: '1'}\n"
        "paths:\n"
        "  /x:\n"
        "    get:\n"
        "      operationId: getX\n"
        "      parameters:\n"
        "        - {name: X-Trace, in: header, required: true,"
        " schema: {type: string, pattern: '^[\\p{L}]{1,20}$'}}\n"
        "      responses:\n"
        "        '200': {description: ok, content: {application/json: {schema: {type: integer}}}}\n"
        "        '400': {description: refused}\n",
        encoding="utf-8",
    )
    done = run_cli("conformance", str(spec), "--seed", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr
    assert "checks passed, 0 failed" in done.stdout


def test_header_and_cookie_values_a_server_would_read_otherwise_are_not_sent() -> None:
    # a space around a header's text is trimmed by the server, a cookie's quotes and
    # separators are read as the header's own: the built-in mock refused or dropped them
    api = build(SPECS / "strategies_carried_30.yaml")
    with running(api, seed=0) as url:
        report = run_conformance(api, base_url=url, token=None, seed=0, max_examples=10)
    assert not report.failed(), [f.message for f in report.failed()]
    assert any("could not be sent" in note for note in report.notes), report.notes


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(
    "schema", ["{type: string, format: binary}", "{type: string, contentMediaType: image/png}"]
)
def test_a_binary_body_is_sent_as_the_bytes_it_is(version: str, schema: str, tmp_path: Any) -> None:
    # the body's bytes are drawn as they are: no JSON schema reads bytes, so a 3.1 validator
    # refused every drawn body as "not a string" and nothing was sent
    from tests.support import run_cli

    spec = tmp_path / "upload.yaml"
    spec.write_text(
        f"openapi: {version}\n"
        "info: {title: Upload, version: '1'}\n"
        "paths:\n"
        "  /up:\n"
        "    post:\n"
        "      operationId: upload\n"
        "      requestBody:\n"
        "        required: true\n"
        f"        content: {{application/octet-stream: {{schema: {schema}}}}}\n"
        "      responses:\n"
        "        '200': {description: ok}\n"
        "        '422': {description: refused}\n",
        encoding="utf-8",
    )
    done = run_cli("conformance", str(spec), "--seed", "0", "--max-examples", "5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "were not sent" not in done.stdout + done.stderr, done.stdout
    assert "checks passed, 0 failed" in done.stdout
