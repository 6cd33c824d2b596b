"""Responses documented in a media type without a schema admit any content: the mock answers
in that media type, with the spec's first example of it where there is one, for errors as
for successes, never in a media type the response does not document."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from generator import ir
from generator.mock import running
from tests.functional.mock.test_mock import build
from tests.support import SPECS

SPEC = SPECS / "mock_media_examples.yaml"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SPEC)


@pytest.fixture(scope="module")
def client(api: ir.Api) -> Iterator[httpx.Client]:
    with running(api, seed=3) as url, httpx.Client(base_url=url, timeout=5) as c:
        yield c


def _media(answer: httpx.Response) -> str:
    return answer.headers["content-type"]


def test_an_error_comes_as_its_documented_example(client: httpx.Client) -> None:
    answer = client.post("/things", json=None)  # not an object: refused with the 400
    assert (answer.status_code, _media(answer)) == (400, "application/xml")
    assert answer.content == b"<error>bad</error>"


def test_a_success_comes_as_its_documented_example(client: httpx.Client) -> None:
    answer = client.post("/things", json={"name": "bolt"})
    assert (answer.status_code, _media(answer)) == (200, "text/csv")
    assert answer.text == "name\nbolt\n"


def test_an_error_in_a_json_type_without_example_is_a_problem_in_that_type(
    client: httpx.Client,
) -> None:
    answer = client.get("/things/abc")  # not an integer
    assert (answer.status_code, _media(answer)) == (422, "application/json")
    assert answer.json()["status"] == 422


def test_a_text_error_with_a_schema_is_its_text_not_json(client: httpx.Client) -> None:
    answer = client.post("/things", content=b"name=bolt", headers={"content-type": "text/plain"})
    assert (answer.status_code, _media(answer)) == (415, "text/plain")
    assert answer.text and not answer.text.startswith('"'), answer.text


def test_a_success_without_schema_or_example_comes_in_its_type(client: httpx.Client) -> None:
    answer = client.get("/things/7")
    assert (answer.status_code, _media(answer)) == (200, "application/xml")
