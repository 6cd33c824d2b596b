"""The mock server, started for real on a loopback port: validation, security, bodies, faults."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import ir
from generator.conformance import run_conformance
from generator.exchange import SchemaValidator, Values
from generator.mock import running
from generator.mock.faults import FaultSyntaxError, parse
from tests.support import ROOT, SEED, run_cli

PATH = "/async/chat/completions"
GOOD = {"request": {"model": "sonar", "messages": [{"role": "user", "content": "hi"}]}}
AUTH = {"Authorization": "Bearer anything"}
RESPONSE_200 = (
    "/paths/~1async~1chat~1completions/post/responses/200/content/application~1json/schema"
)
RESPONSE_422 = (
    "/paths/~1async~1chat~1completions/post/responses/422/content/application~1json/schema"
)


def build(spec: Path) -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build as build_spec

    config = load_config(ROOT)
    return build_spec(spec_config(config, spec), config.root)[1]


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SEED)


@pytest.fixture(scope="module")
def server(api: ir.Api) -> Iterator[tuple[str, list[str]]]:
    lines: list[str] = []
    with running(api, seed=7, log=lines.append) as url:
        assert url.startswith("http://127.0.0.1:")
        yield url, lines


@pytest.fixture
def client(server: tuple[str, list[str]]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0], headers=AUTH, timeout=5) as c:
        yield c


def test_a_valid_request_gets_a_200_that_validates(client: httpx.Client, api: ir.Api) -> None:
    response = client.post(PATH, json=GOOD)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert SchemaValidator(api).issues(RESPONSE_200, response.json()) == []


def test_many_valid_bodies_all_validate(api: ir.Api, client: httpx.Client) -> None:
    validator = SchemaValidator(api)
    for index in range(30):
        body = {**GOOD, "idempotency_key": f"key-{index}"}
        response = client.post(PATH, json=body)
        assert response.status_code == 200
        assert validator.is_valid(RESPONSE_200, response.json())
        assert len(response.content) < 64 * 1024  # bounded in size


def test_same_seed_and_request_give_the_same_body(api: ir.Api, client: httpx.Client) -> None:
    first = client.post(PATH, json=GOOD).content
    assert client.post(PATH, json=GOOD).content == first
    with running(api, seed=7) as url:
        assert httpx.post(url + PATH, json=GOOD, headers=AUTH).content == first
    with running(api, seed=8) as url:
        assert httpx.post(url + PATH, json=GOOD, headers=AUTH).content != first
    other = {"request": {**GOOD["request"], "model": "other"}}
    assert client.post(PATH, json=other).content != first


def test_a_bad_body_gets_422_pointing_at_the_field(api: ir.Api, client: httpx.Client) -> None:
    missing = client.post(PATH, json={"request": {"model": "sonar"}})
    assert missing.status_code == 422
    detail = missing.json()["detail"]
    assert detail == [
        {"loc": ["body", "request", "messages"], "msg": "Field required", "type": "missing"}
    ]
    assert SchemaValidator(api).is_valid(RESPONSE_422, missing.json())
    wrong = client.post(PATH, json={"request": {"model": 5, "messages": [], "n": 11}})
    locs = [d["loc"] for d in wrong.json()["detail"]]
    assert ["body", "request", "model"] in locs and ["body", "request", "n"] in locs
    enum = client.post(
        PATH, json={"request": {"model": "m", "messages": [{"role": "robot", "content": None}]}}
    )
    assert enum.json()["detail"][0]["loc"] == ["body", "request", "messages", 0, "role"]


def test_credentials_are_required(server: tuple[str, list[str]]) -> None:
    url = server[0]
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        response = httpx.post(url + PATH, json=GOOD, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_configured_token_is_the_only_one_accepted(api: ir.Api) -> None:
    with running(api, token="s3cret") as url:
        assert (
            httpx.post(url + PATH, json=GOOD, headers={"Authorization": "Bearer nope"}).status_code
            == 401
        )
        assert (
            httpx.post(
                url + PATH, json=GOOD, headers={"Authorization": "Bearer s3cret"}
            ).status_code
            == 200
        )


def test_bad_input_gets_4xx_and_the_server_keeps_serving(client: httpx.Client) -> None:
    malformed = client.post(
        PATH, content=b'{"request": ', headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["type"] == "json_invalid"
    wrong_type = client.post(PATH, content=b"hello", headers={"content-type": "text/plain"})
    assert wrong_type.status_code == 422  # the spec documents 422 (no 415): its own refusal
    huge = client.post(
        PATH, content=b"[" + b"1," * 600_000 + b"1]", headers={"content-type": "application/json"}
    )
    assert huge.status_code == 413
    assert (
        client.post(PATH, content=b"", headers={"content-type": "application/json"}).status_code
        == 422
    )
    assert client.get(PATH).status_code == 405
    assert client.get("/nowhere").status_code == 404
    assert client.post(PATH, json=GOOD).status_code == 200


def test_a_huge_body_without_content_length_is_refused(server: tuple[str, list[str]]) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b" " * 65536

    with httpx.Client(base_url=server[0], headers=AUTH) as c:
        response = c.post(PATH, content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert httpx.post(server[0] + PATH, json=GOOD, headers=AUTH).status_code == 200


def test_one_log_line_per_request(server: tuple[str, list[str]], client: httpx.Client) -> None:
    before = len(server[1])
    client.post(PATH, json=GOOD)
    client.get("/nowhere")
    method, path, status, duration = server[1][before].split()
    assert (method, path, status) == ("POST", PATH, "200") and duration.endswith("ms")
    assert server[1][before + 1].startswith("GET /nowhere 404 ")
    assert len(server[1]) == before + 2


def test_fault_429_with_retry_after(client: httpx.Client) -> None:
    response = client.post(PATH, json=GOOD, headers={"X-Mock-Fault": "429"})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    custom = client.post(PATH, json=GOOD, headers={"X-Mock-Fault": "503;retry-after=3"})
    assert (custom.status_code, custom.headers["retry-after"]) == (503, "3")


def test_fault_500_and_query_form(client: httpx.Client, api: ir.Api) -> None:
    assert client.post(PATH, json=GOOD, headers={"X-Mock-Fault": "500"}).status_code == 500
    # a link can set a query string: faults from there only when the mock is started for it
    refused = client.post(PATH + "?x-mock-fault=500", json=GOOD)
    assert refused.status_code == 400 and "--request-faults query" in refused.json()["detail"]
    with running(api, request_faults="query") as url:
        assert (
            httpx.post(url + PATH + "?x-mock-fault=500", json=GOOD, headers=AUTH).status_code == 500
        )


def test_fault_times_then_success(client: httpx.Client) -> None:
    headers = {"X-Mock-Fault": "503;times=2;id=test-times"}
    statuses = [client.post(PATH, json=GOOD, headers=headers).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


def test_fault_slow_trips_a_client_timeout(client: httpx.Client) -> None:
    started = time.monotonic()
    assert client.post(PATH, json=GOOD, headers={"X-Mock-Fault": "slow=0.3"}).status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        client.post(PATH, json=GOOD, headers={"X-Mock-Fault": "slow=1"}, timeout=0.2)


def test_fault_drop_closes_the_connection_without_an_answer(server: tuple[str, list[str]]) -> None:
    host, port = server[0].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(
            b"POST "
            + PATH.encode()
            + b" HTTP/1.1\r\nHost: x\r\nX-Mock-Fault: drop\r\nContent-Length: 0\r\n\r\n"
        )
        assert sock.recv(1024) == b""  # not one byte of a response
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(server[0] + PATH, json=GOOD, headers={**AUTH, "X-Mock-Fault": "drop"})
    assert httpx.post(server[0] + PATH, json=GOOD, headers=AUTH).status_code == 200


def test_a_bad_fault_directive_is_a_400(client: httpx.Client) -> None:
    response = client.post(PATH, json=GOOD, headers={"X-Mock-Fault": "explode"})
    assert response.status_code == 400
    assert "unknown fault" in response.json()["detail"]


def test_server_wide_faults_at_a_rate(api: ir.Api) -> None:
    with (
        running(api, faults=parse("503;rate=0.5")) as url,
        httpx.Client(base_url=url, headers=AUTH) as c,
    ):
        statuses = [c.post(PATH, json=GOOD).status_code for _ in range(40)]
    assert 5 < statuses.count(503) < 35 and statuses.count(200) == 40 - statuses.count(503)


@pytest.mark.parametrize("text", ["", "slow=x", "429;later=1", "200", "drop;rate=2"])
def test_fault_grammar(text: str) -> None:
    if text == "":
        assert parse(text) == ()
        return
    with pytest.raises(FaultSyntaxError):
        parse(text)


SPEC_30 = """
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets/{pet_id}:
    get:
      operationId: get_pet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: integer, minimum: 1}}
        - {name: limit, in: query, schema: {type: integer, maximum: 10}}
        - {name: tags, in: query, schema: {type: array, items: {type: string, pattern: "^[a-z]+$"}}}
        - {name: X-Trace, in: header, required: true, schema: {type: string, format: uuid}}
      security: [{key: []}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
        "400":
          description: bad
          content:
            application/json:
              schema:
                type: object
                required: [message]
                properties: {message: {type: string}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Pet:
      type: object
      required: [id, name, code]
      properties:
        id: {type: integer, minimum: 1}
        name: {type: string, nullable: true, minLength: 2}
        code: {type: string, pattern: "^[A-Z]{3}-[0-9]{2}$"}
        tags: {type: array, items: {type: string}, maxItems: 2}
"""


def test_an_openapi_30_spec_with_parameters(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(SPEC_30)
    api = build(spec)
    headers = {"X-Api-Key": "k", "X-Trace": "8f0e6c1e-8b1e-4c9e-9c1e-000000000000"}
    with running(api) as url, httpx.Client(base_url=url, headers=headers) as c:
        ok = c.get("/pets/3", params={"limit": "2", "tags": ["a", "b"]})
        assert ok.status_code == 200, ok.text
        pointer = "/paths/~1pets~1{pet_id}/get/responses/200/content/application~1json/schema"
        assert SchemaValidator(api).issues(pointer, ok.json()) == []
        bad = c.get("/pets/0", params={"limit": "11", "tags": "A"})
        assert bad.status_code == 400  # the spec documents 400, not 422: its shape is used
        assert isinstance(bad.json()["message"], str)
        assert c.get("/pets/3", headers={"X-Api-Key": ""}).status_code == 401
        assert c.get("/pets/x").status_code == 400
        missing = c.get("/pets/3", headers={"X-Trace": ""})
        assert missing.status_code == 200  # an empty header is present; format is an annotation


def test_values_are_reproducible_and_bounded(api: ir.Api) -> None:
    import random

    values = Values(api)
    target: Any = ir.ModelRef("AsyncApiChatCompletionsResponse")
    first = [values.value(target, random.Random(i)) for i in range(20)]
    assert first == [values.value(target, random.Random(i)) for i in range(20)]
    assert max(len(repr(v)) for v in first) < 20_000


def test_the_faults_option_is_a_usage_error_when_wrong() -> None:
    from generator.errors import EXIT_USAGE, ApiforgeError
    from generator.mock import faults_option

    assert faults_option("429;rate=0.1, slow=0.5") == parse("429;rate=0.1, slow=0.5")
    with pytest.raises(ApiforgeError) as error:
        faults_option("teapot")
    assert error.value.exit_code == EXIT_USAGE and "--faults" in str(error.value)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[A-Z]{3}-[0-9]{2}$",
        r"^(foo|bar)+\d?$",
        r"^\w+@\w+\.com$",
        r"[^a-z]{4}",
        r"^(ab)\1$",
        r"^x(?=y)y$",
        r"^.{2,5}$",
    ],
)
def test_pattern_strings_match(pattern: str) -> None:
    import random
    import re

    from generator.exchange import regex

    for seed in range(20):
        text = regex.generate(pattern, random.Random(seed))
        assert re.search(pattern, text), (pattern, text)


def test_values_honour_constraints() -> None:
    import random

    api = ir.Api("x", "x", "x", "1", "3.1.0", None, (), None, "X")
    values = Values(api)
    cases: list[tuple[ir.TypeRef, Any]] = [
        (ir.IntT(ir.Bounds(gt=5, lt=9)), lambda v: isinstance(v, int) and 5 < v < 9),
        (ir.IntT(ir.Bounds(ge=10, multiple_of=7)), lambda v: v >= 10 and v % 7 == 0),
        (ir.NumberT(ir.Bounds(gt=0, lt=1)), lambda v: 0 < v < 1),
        (ir.StringT(min_length=3, max_length=4), lambda v: 3 <= len(v) <= 4),
        (ir.StringT(format="uuid"), lambda v: len(v) == 36 and v.count("-") == 4),
        (
            ir.ArrayT(ir.LiteralT((1, 2, 3)), min_items=2, unique_items=True),
            lambda v: len(set(v)) == len(v) >= 2,
        ),
        (ir.MapT(ir.BoolT(), min_properties=1, max_properties=1), lambda v: len(v) == 1),
        (ir.UnionT((ir.NullT(), ir.LiteralT(("a",)))), lambda v: v in (None, "a")),
    ]
    for t, ok in cases:
        for seed in range(30):
            value = values.value(t, random.Random(seed))
            assert ok(value), (t, value)


SLASHES = """
openapi: 3.0.3
info: {title: slashes, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: a list
          content: {application/json: {schema: {type: array, items: {type: integer}}}}
  /items/:
    post:
      operationId: addItem
      responses:
        '201':
          description: an object
          content:
            application/json:
              schema: {type: object, required: [dir], properties: {dir: {type: boolean}}}
"""


@pytest.mark.parametrize("order", ["as written", "swapped"])
def test_a_path_with_a_trailing_slash_is_its_own_path_where_the_spec_has_both(
    tmp_path: Path, order: str
) -> None:
    # `/items` and `/items/` are two paths: each is answered as its own operation, and a
    # trailing slash more is tolerated only where the spec has no such path
    head, body = SLASHES.split("paths:\n")
    items, slashed = body.split("  /items/:\n")
    text = SLASHES if order == "as written" else f"{head}paths:\n  /items/:\n{slashed}{items}"
    spec = tmp_path / "slashes.yaml"
    spec.write_text(text)
    api = build(spec)
    with running(api) as url, httpx.Client(base_url=url) as c:
        assert isinstance(c.get("/items").json(), list)
        assert isinstance(c.post("/items/").json(), dict)
        refused = c.post("/items")  # /items has no POST: it is not /items/'s
        assert refused.status_code == 405
        assert refused.headers["allow"] == "GET"
        assert c.get("/items/").status_code == 405  # /items/ has no GET: /items's is not it
    with running(api, seed=0) as url:
        report = run_conformance(api, base_url=url, token=None, seed=0, max_examples=5)
    assert not report.failed(), [f.message for f in report.failed()]


def test_path_parameters_are_routed_and_validated(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(SPEC_30)
    api = build(spec)
    headers = {"X-Api-Key": "k", "X-Trace": "t"}
    with running(api) as url, httpx.Client(base_url=url, headers=headers) as c:
        assert c.get("/pets/7/").status_code == 200  # a trailing slash is tolerated
        assert c.get("/pets/a%2Fb").status_code == 400  # an encoded slash stays in its segment
        assert c.get("/pets/").status_code == 404


ONLY_405 = """
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /pet:
    get:
      responses:
        '200': {description: ok}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object}
      responses:
        '405': {description: Invalid input}
"""


def test_every_405_carries_allow_with_the_paths_methods(tmp_path: Path) -> None:
    # RFC 9110 15.5.6: a 405 lists the methods, whether the spec, a preference, a fault or
    # the routing chose it (the spec's only answer to a valid POST is its 405)
    spec = tmp_path / "only405.yaml"
    spec.write_text(ONLY_405)
    api = build(spec)
    with running(api) as url, httpx.Client(base_url=url) as c:
        for answer in (
            c.post("/pet", json={}),
            c.post("/pet", json={}, headers={"Prefer": "code=405"}),
            c.get("/pet", headers={"X-Mock-Fault": "405"}),
            c.delete("/pet"),
        ):
            assert answer.status_code == 405, answer.text
            assert answer.headers.get("allow") == "GET, POST", answer.request
    report = run_conformance(api, base_url=None, token=None, max_examples=5, seed=0)
    assert report.exit_code == 0, report.to_text()


REQUIRED_ON_ERRORS = """
openapi: 3.0.3
info: {title: keys, version: '1'}
components:
  securitySchemes:
    ckey: {type: apiKey, in: cookie, name: session}
    qkey: {type: apiKey, in: query, name: api_key}
paths:
  /cookie:
    get:
      operationId: getCookie
      security: [{ckey: []}]
      responses:
        '200': {description: ok}
        '401':
          description: no credentials
          headers:
            WWW-Authenticate: {required: true, schema: {type: string}}
  /query/{n}:
    get:
      operationId: getQuery
      security: [{qkey: []}]
      parameters:
        - {name: n, in: path, required: true, schema: {type: integer, maximum: 5}}
      responses:
        '200': {description: ok}
        '401':
          description: no credentials
          headers:
            WWW-Authenticate: {required: true, schema: {type: string}}
        '400':
          description: refused
          headers:
            X-Request-Id: {required: true, schema: {type: string, minLength: 8}}
"""


def test_an_error_answer_carries_the_headers_its_response_requires(tmp_path: Path) -> None:
    # the mock's own 401 for an API key and its refusal of a bad request: each carries the
    # headers the spec documents as required there, as a success does
    spec = tmp_path / "keys.yaml"
    spec.write_text(REQUIRED_ON_ERRORS)
    api = build(spec)
    with running(api, seed=0) as url, httpx.Client(base_url=url) as c:
        assert c.get("/cookie").headers.get("www-authenticate")
        refused = c.get("/query/9", params={"api_key": "k"})
        assert refused.status_code == 400
        assert len(refused.headers["x-request-id"]) >= 8
    done = run_cli("conformance", str(spec), "--seed", "0", "--max-examples", "5", cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-2000:]
