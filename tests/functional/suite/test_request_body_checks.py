"""What the generated request tests read of a form or multipart body on the wire (``_http.
_check_fields``): every field given a value is there, a scalar or a list of scalars as a
style or JSON writes it; a name an object spread in exploded form style writes too is judged
by its presence only."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace
from typing import Any

import httpx
import pytest

from tests.support import SPECS, generate_into, import_fresh


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("body-checks")
    generate_into(SPECS / "body_fields_31.yaml", out, "checks_api")
    return import_fresh(out, "checks_api_tests._http")


def _form(text: str) -> httpx.Request:
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return httpx.Request("POST", "https://x.test/f", content=text.encode("ascii"), headers=headers)


FORM = SimpleNamespace(body_kind="form")


@pytest.mark.parametrize(
    ("given", "text"),
    [
        ({"tags": ["a", "b"]}, "tags=a&tags=b"),  # exploded
        ({"tags": ["a", "b"]}, "tags=a%2Cb"),  # form, not exploded
        ({"tags": ["a", "b"]}, "tags=a%7Cb"),  # pipeDelimited
        ({"tags": ["a", "b"]}, "tags=%5B%22a%22%2C%22b%22%5D"),  # JSON text
        ({"flag": True, "n": 2.5}, "flag=true&n=2.5"),
        ({"x": False, "where": {"x": False}}, "x=false&x=false"),  # spread over it
    ],
)
def test_what_a_client_may_write_passes(http: ModuleType, given: Any, text: str) -> None:
    http._check_fields(FORM, given, _form(text))


def test_file_content_is_looked_for_not_compared(http: ModuleType) -> None:
    content = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n\xff\r\n--b--\r\n'
    )
    sent = httpx.Request(
        "POST",
        "https://x.test/u",
        content=content,
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    multipart = SimpleNamespace(body_kind="multipart")
    http._check_fields(multipart, {"file": b"\xff"}, sent)
    http._check_fields(multipart, {"file": [b"\xff"]}, sent)
    with pytest.raises(AssertionError, match="'other' was given but not sent"):
        http._check_fields(multipart, {"other": b"x"}, sent)


@pytest.mark.parametrize(
    ("given", "text", "said"),
    [
        ({"tags": ["a", "b"]}, "tags=a", "sent ['a'], given ['a', 'b']"),
        ({"flag": True}, "flag=True", "sent ['True'], given True"),
        ({"title": "t", "tags": ["a"]}, "title=t", "'tags' was given but not sent"),
    ],
)
def test_a_field_left_out_or_written_otherwise_fails(
    http: ModuleType, given: Any, text: str, said: str
) -> None:
    with pytest.raises(AssertionError, match=said.replace("[", r"\[").replace("]", r"\]")):
        http._check_fields(FORM, given, _form(text))
