"""The mock remembers what it created, along the spec's links: read back, changed, deleted.

Every answer of these tests is checked against the spec by an httpx response hook.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import ir
from generator.conformance import run_conformance
from generator.exchange import SchemaValidator, documented, response_schema_pointer
from generator.mock import running
from tests.support import ROOT, SPECS

AUTH = {"Authorization": "Bearer t"}
MERGE = {"Content-Type": "application/merge-patch+json"}
ITEM = {"name": "lamp", "tags": ["desk", "light"]}


def build(spec: Path) -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build as build_spec

    config = load_config(ROOT)
    return build_spec(spec_config(config, spec), config.root)[1]


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SPECS / "mock_memory.yaml")


def checker(api: ir.Api) -> Callable[[httpx.Response], None]:
    """A response hook failing the test on an answer the spec does not describe."""
    validator = SchemaValidator(api)
    routes = [
        (re.compile("^" + re.sub(r"\\\{[^{}]+\\\}", "[^/]+", re.escape(op.path)) + "$"), op)
        for op in api.operations
    ]

    def check(response: httpx.Response) -> None:
        response.read()
        method, path = response.request.method, response.request.url.path
        op = next(op for rx, op in routes if op.method.upper() == method and rx.match(path))
        found = documented(op, response.status_code)
        assert found is not None, f"{method} {path}: {response.status_code} is not documented"
        pointer = response_schema_pointer(found)
        if pointer is not None and found.kind == "json" and response.content:
            assert validator.issues(pointer, response.json()) == [], (method, path)

    return check


@contextmanager
def mock(api: ir.Api, **settings: Any) -> Iterator[tuple[httpx.Client, list[str]]]:
    lines: list[str] = []
    settings.setdefault("seed", 3)
    with (
        running(api, token="t", log=lines.append, **settings) as url,
        httpx.Client(
            base_url=url, headers=AUTH, timeout=5, event_hooks={"response": [checker(api)]}
        ) as client,
    ):
        yield client, lines


@pytest.fixture
def client(api: ir.Api) -> Iterator[httpx.Client]:
    with mock(api) as (client, _):
        yield client


def create(client: httpx.Client, body: dict[str, Any] = ITEM) -> dict[str, Any]:
    answer = client.post("/items", json=body)
    assert answer.status_code == 201
    created: dict[str, Any] = answer.json()
    return created


def test_a_created_item_echoes_the_request_and_reads_back_as_created(
    client: httpx.Client,
) -> None:
    created = create(client)
    assert created["name"] == "lamp" and created["tags"] == ["desk", "light"]
    assert isinstance(created["id"], int)
    assert set(created) - {"created"} == {"id", "name", "tags"}  # readOnly ones drawn
    assert create(client, {"name": "bare"}).keys() <= {"id", "created", "name"}
    read = client.get(f"/items/{created['id']}")
    assert read.status_code == 200 and read.json() == created
    # a path below whose schema refuses the item: drawn, with the linked id in place
    summary = client.get(f"/items/{created['id']}/summary")
    assert summary.status_code == 200 and summary.json()["id"] == created["id"]


def test_the_same_request_twice_creates_two_items(client: httpx.Client) -> None:
    first, second = create(client), create(client)
    assert first["id"] != second["id"]
    assert client.get(f"/items/{first['id']}").json() == first
    assert client.get(f"/items/{second['id']}").json() == second


def test_more_items_than_draws_of_an_id_each_get_their_own(client: httpx.Client) -> None:
    # this mock draws the ids of this spec from about a hundred values: the rest are made
    made = [create(client, {"name": f"n{index}"}) for index in range(150)]
    assert len({item["id"] for item in made}) == 150
    assert all(client.get(f"/items/{item['id']}").json() == item for item in made)


def test_patch_merges_what_the_item_can_hold_and_get_shows_it(client: httpx.Client) -> None:
    created = create(client)
    at = f"/items/{created['id']}"
    patched = client.patch(at, json={"name": "desk"}, headers=MERGE)
    assert patched.status_code == 200
    assert patched.json() == {**created, "name": "desk"}
    assert client.get(at).json() == {**created, "name": "desk"}
    # merge patch: null removes
    client.patch(at, json={"tags": None}, headers=MERGE)
    assert "tags" not in client.get(at).json()
    # a name the request admits (40) but the item does not (10): the item stays as it was
    too_long = client.patch(at, json={"name": "x" * 20}, headers=MERGE)
    assert too_long.status_code == 200
    assert client.get(at).json()["name"] == "desk"


def test_put_replaces_what_a_client_may_set(client: httpx.Client) -> None:
    created = create(client)
    at = f"/items/{created['id']}"
    put = client.put(at, json={"name": "chair"})
    assert put.status_code == 200
    expected = {k: v for k, v in created.items() if k != "tags"} | {"name": "chair"}
    assert put.json() == expected
    assert client.get(at).json() == expected


def test_delete_then_the_documented_404(api: ir.Api) -> None:
    with mock(api) as (client, lines):
        created = create(client)
        at = f"/items/{created['id']}"
        assert client.delete(at).status_code == 204
        gone = client.get(at)
        assert gone.status_code == 404 and gone.json() == {"detail": "this resource was deleted"}
        assert client.patch(at, json={"name": "x"}, headers=MERGE).status_code == 404
        assert client.delete(at).status_code == 404
        # the summary documents no 404: answered as without memory, and said so
        assert client.get(at + "/summary").status_code == 200
        said = [line for line in lines if line.startswith("memory: ")]
        assert said == [
            f"memory: GET {at}/summary was deleted, but getItemSummary documents no 404, "
            "410, 4XX or default for it: answered as without memory"
        ]


def test_a_deleted_note_reads_as_without_memory_when_no_404_is_documented(
    api: ir.Api,
) -> None:
    with mock(api) as (client, lines):
        note = client.post("/notes", json={"text": "remember me"}).json()
        assert note["text"] == "remember me"
        assert client.get(f"/notes/{note['id']}").json() == note
        assert client.delete(f"/notes/{note['id']}").status_code == 204
        after = client.get(f"/notes/{note['id']}")
        assert after.status_code == 200
        assert any("getNote documents no 404, 410, 4XX or default" in line for line in lines)


def test_a_create_whose_draw_left_out_its_optional_id_is_drawn_again(api: ir.Api) -> None:
    body = {"text": "x"}
    with mock(api, seed=2, stateless=True) as (client, _):
        assert "id" not in client.post("/notes", json=body).json()  # as drawn for seed 2
    with mock(api, seed=2) as (client, _):
        note = client.post("/notes", json=body).json()
        assert note["text"] == "x"
        assert client.get(f"/notes/{note['id']}").json() == note


def test_ids_the_mock_never_created_answer_as_without_memory(api: ir.Api) -> None:
    requests = [
        ("GET", "/items/4242", None),
        ("PATCH", "/items/4242", {"name": "n"}),
        ("DELETE", "/items/4244", None),
        ("GET", "/items/4244", None),
        ("GET", "/users/nobody/posts/p1", None),
    ]
    answers = []
    for settings in ({}, {"stateless": True}):
        with mock(api, **settings) as (client, _):
            create(client)
            answers.append(
                [
                    client.request(method, path, json=body, headers=MERGE if body else {}).content
                    for method, path, body in requests
                ]
            )
    assert answers[0] == answers[1]


def test_stateless_gives_the_old_behaviour(api: ir.Api) -> None:
    with mock(api, stateless=True) as (client, lines):
        created = create(client)
        assert created["name"] != "lamp"  # drawn, not echoed
        at = f"/items/{created['id']}"
        assert client.get(at).json() != created
        assert client.delete(at).status_code == 204
        assert client.get(at).status_code == 200
        assert not [line for line in lines if line.startswith("memory: ")]


def test_declared_links_say_where_an_order_is_read() -> None:
    api = build(SPECS / "mock_memory_links.yaml")
    assert {link.name for link in api.links} == {"ReadOrder", "CancelOrder"}
    with mock(api) as (client, _):
        order = client.post("/orders", json={"item": "tea", "quantity": 2}).json()
        assert re.fullmatch(r"ord-[0-9]{4}", order["number"])
        assert (order["item"], order["quantity"]) == ("tea", 2)
        assert client.get(f"/orders/{order['number']}").json() == order
        assert client.delete(f"/orders/{order['number']}").status_code == 204
        gone = client.get(f"/orders/{order['number']}")
        assert gone.status_code == 404 and gone.json()["message"] == "this resource was deleted"


def test_nested_collections_and_a_deleted_parent(api: ir.Api) -> None:
    with mock(api) as (client, lines):
        user = client.put("/users/ann", json={"handle": "ann", "bio": "hi"})
        assert user.json() == {"handle": "ann", "bio": "hi"}
        assert client.get("/users/ann").json() == user.json()
        post = client.post("/users/ann/posts", json={"title": "first"}).json()
        assert post["title"] == "first"
        assert client.get(f"/users/ann/posts/{post['id']}").json() == post
        # under another user the post was never created
        assert client.get(f"/users/bob/posts/{post['id']}").json() != post
        assert client.delete("/users/ann").status_code == 204
        assert client.get("/users/ann").status_code == 410
        assert client.get(f"/users/ann/posts/{post['id']}").status_code == 404
        # no 404 documented for a post to a deleted user: answered, and said
        assert client.post("/users/ann/posts", json={"title": "late"}).status_code == 201
        assert any("createPost documents no 404, 410, 4XX or default" in line for line in lines)
        # PUT at the id creates again
        assert client.put("/users/ann", json={"handle": "ann2"}).status_code == 200
        assert client.get("/users/ann").json() == {"handle": "ann2"}


def test_the_location_header_names_the_created_thing(client: httpx.Client) -> None:
    made = client.post("/things")
    where = made.headers["location"]
    assert re.fullmatch(r"/things/[a-z]{8}", where)
    assert client.get(where).status_code == 200
    assert client.delete(where).status_code == 204
    assert client.get(where).status_code == 404


def test_the_oldest_resources_are_forgotten_beyond_the_cap(api: ir.Api) -> None:
    # an item is remembered at two paths: /items/{id} and /items/{id}/summary
    with mock(api, max_resources=4) as (client, _):
        first, second, third = (create(client, {"name": f"n{i}"}) for i in range(3))
        assert client.get(f"/items/{second['id']}").json() == second
        assert client.get(f"/items/{third['id']}").json() == third
        forgotten = client.get(f"/items/{first['id']}")
    with mock(api, stateless=True) as (client, _):
        assert client.get(f"/items/{first['id']}").content == forgotten.content


def test_faults_and_preferences_win_over_memory(client: httpx.Client) -> None:
    created = create(client)
    at = f"/items/{created['id']}"
    assert client.get(at, headers={"X-Mock-Fault": "404"}).status_code == 404
    assert client.get(at, headers={"Prefer": "code=404"}).status_code == 404
    client.delete(at)
    forced = client.get(at, headers={"Prefer": "code=200"})
    assert forced.status_code == 200 and forced.json() != created
    assert client.get(at).status_code == 404


def test_concurrent_clients_each_read_back_their_own(client: httpx.Client) -> None:
    failures: list[str] = []

    def work(index: int) -> None:
        for round_ in range(5):
            made = create(client, {"name": f"w{index}r{round_}"})
            if client.get(f"/items/{made['id']}").json() != made:
                failures.append(f"{index}/{round_}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_conformance_passes_against_the_remembering_mock(api: ir.Api) -> None:
    report = run_conformance(api, base_url=None, token=None, max_examples=10, seed=0)
    assert report.exit_code == 0, report.to_text()


@pytest.mark.parametrize(
    "flags", [("--max-resources", "0"), ("--stateless", "--max-resources", "-1")]
)
def test_the_command_line_takes_the_memory_flags(
    flags: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    assert main(["mock", str(SPECS / "mock_memory.yaml"), "--port", "0", *flags]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and "--max-resources" in errors[0]


def test_a_list_a_link_follows_never_takes_the_place_of_a_created_resource() -> None:
    # the petstore's list is a link source (its first item's id leads to getPet); a list
    # whose every draw shows the id of a pet a create made must leave that pet as it was made
    from generator.exchange import Values
    from generator.mock.answer import Answer
    from generator.mock.linked import Sent
    from generator.mock.resources import Resources

    api = build(SPECS / "strategies_petstore_30.yaml")
    ops = api.operation_by_id
    memory = Resources(api, SchemaValidator(api), Values(api), lambda line: None)
    made = {"id": 7, "petType": "cat", "name": "Tom"}
    sent = Sent({}, {}, {"petType": "cat", "name": "Tom"})
    assert memory.answer(ops["createPet"], sent, lambda n: Answer(201, made)).body == made
    other = [{"id": 7, "petType": "dog", "name": "Rex"}]
    memory.answer(ops["listPets"], Sent({}, {}, None), lambda n: Answer(200, other))
    drawn = {"id": 7, "petType": "bird", "name": "Tweety"}
    read = memory.answer(
        ops["getPet"],
        Sent({"petId": "7"}, {"path": {"petId": 7}}, None),
        lambda n: Answer(200, drawn),
    )
    assert read.body == made


DEFAULT_ONLY = """
openapi: 3.0.0
info: {title: pets, version: '1'}
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: findPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default:
          description: unexpected error
%s
    delete:
      operationId: deletePet
      responses:
        '204': {description: deleted}
components:
  schemas:
    Pet:
      type: object
      properties:
        id: {type: integer}
    Error:
      type: object
      required: [code, message]
      properties:
        code: {type: integer, format: int32}
        message: {type: string}
"""
ERROR_CONTENT = """\
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}"""


HTML_CONTENT = """\
          content:
            text/html:
              schema: {type: string}"""
TEXT_CONTENT = """\
          content:
            text/plain:
              schema: {type: string, minLength: 3}"""


@pytest.mark.parametrize(
    "content",
    ["", ERROR_CONTENT, HTML_CONTENT, TEXT_CONTENT],
    ids=["no-body", "error-schema", "html", "text"],
)
def test_a_read_documenting_only_default_answers_404_after_delete(
    tmp_path: Path, content: str
) -> None:
    # `default` documents every other status, 404 among them: the read says the pet is gone,
    # as the deleted_then_read check expects of it
    spec = tmp_path / "pets.yaml"
    spec.write_text(DEFAULT_ONLY % content)
    api = build(spec)
    with mock(api) as (client, lines):
        pet = client.post("/pets", json={"id": 5}).json()
        assert client.get(f"/pets/{pet['id']}").status_code == 200
        assert client.delete(f"/pets/{pet['id']}").status_code == 204
        assert client.get(f"/pets/{pet['id']}").status_code == 404
        assert not [line for line in lines if line.startswith("memory: ")]
    report = run_conformance(api, base_url=None, token=None, max_examples=5, seed=0)
    assert report.exit_code == 0, report.to_text()


UUID_IDS = """
openapi: 3.1.0
info: {title: jobs, version: '1'}
paths:
  /jobs:
    post:
      operationId: startJob
      responses:
        '201':
          description: created
          content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}
  /jobs/{jid}:
    get:
      operationId: getJob
      parameters:
        - {name: jid, in: path, required: true, schema: {type: string, format: uuid}}
      responses:
        '200':
          description: the job
          content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}
        '404': {description: not found}
components:
  schemas:
    Job:
      type: object
      required: [id]
      properties:
        id: {type: string, format: uuid}
"""


def test_a_fresh_id_of_a_format_keeps_its_format(tmp_path: Path) -> None:
    # a count appended to a uuid the mock had given before broke its format
    spec = tmp_path / "jobs.yaml"
    spec.write_text(UUID_IDS)
    api = build(spec)
    with running(api, seed=0) as url, httpx.Client(base_url=url) as c:
        ids = [c.post("/jobs").json()["id"] for _ in range(12)]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", i) for i in ids), ids
