"""Edges of small correct specs: JSON error bodies of every type, validate's notes, cycles."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.breadth.harness import LOCATED, apiforge
from tests.support import generate_into, import_fresh

SPECS = Path(__file__).parents[2] / "breadth" / "specs"


@pytest.fixture(scope="module")
def errors_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("error_bodies")
    generate_into(SPECS / "error-bodies-every-type.yaml", out, "error_bodies")
    yield import_fresh(out, "error_bodies")


@pytest.mark.parametrize(
    ("status", "content", "parsed"),
    [
        (404, b"null", None),
        (400, b"1.5", 1.5),
        (401, b'["a", "b"]', ["a", "b"]),
        (403, b"false", False),
        (409, b'"conflict"', "conflict"),
        (409, b"7", 7),
        (422, b'"just text"', "just text"),
        (500, b'"boom"', "boom"),
    ],
)
def test_a_json_error_body_of_any_type_is_parsed(
    errors_api: ModuleType, status: int, content: bytes, parsed: Any
) -> None:
    answer = httpx.Response(status, content=content, headers={"content-type": "application/json"})
    http = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
    with errors_api.Client(base_url="https://x.test", http_client=http) as api:
        with pytest.raises(errors_api.APIStatusError) as raised:
            api.a.list()
    assert raised.value.status_code == status
    assert raised.value.body == parsed
    assert raised.value.parsed == parsed
    assert type(raised.value.parsed) is type(parsed)


def test_an_error_body_that_is_not_json_stays_text(errors_api: ModuleType) -> None:
    answer = httpx.Response(500, content=b"not json", headers={"content-type": "text/plain"})
    http = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
    with errors_api.Client(base_url="https://x.test", http_client=http) as api:
        with pytest.raises(errors_api.InternalServerError) as raised:
            api.a.list()
    assert raised.value.body == "not json"
    assert raised.value.parsed is None


def test_validate_notes_a_header_name_that_cannot_be_sent() -> None:
    ran = apiforge("validate", str(SPECS / "conformance-header-name-space.yaml"))
    assert ran.code == 0, ran.text
    notes = [line.removeprefix("warning: ") for line in ran.err.splitlines()]
    assert len(notes) == 1 and LOCATED.match(notes[0]), ran.err
    assert "'header param' is not an HTTP token" in notes[0]
    assert notes[0].endswith("(at /paths/~1h/get/parameters/0/name)")


def test_generation_lists_the_header_as_skipped(tmp_path: Path) -> None:
    spec = SPECS / "conformance-header-name-space.yaml"
    ran = apiforge("generate", str(spec), "-o", str(tmp_path), "--package", "header_space")
    assert ran.code == 0, ran.text
    assert "skipped: header parameter name 'header param'" in ran.err
    code = "\n".join(p.read_text() for p in (tmp_path / "header_space").rglob("*.py"))
    assert "x_fine" in code and "header_param" not in code


@pytest.mark.parametrize("name", ["spec-checks-cyclic-allof", "spec-checks-cyclic-allof-3-1"])
def test_validate_is_fast_on_schemas_that_all_of_each_other(name: str, tmp_path: Path) -> None:
    # a copy, so that no remembered validation makes it fast
    spec = tmp_path / f"{name}.yaml"
    spec.write_text((SPECS / f"{name}.yaml").read_text() + f"# {time.time()}\n")
    start = time.monotonic()
    ran = apiforge("validate", str(spec))
    assert ran.code == 0, ran.text
    assert time.monotonic() - start < 10


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("invalid-3-0-type-list", "/components/schemas/Thing/properties/v/type"),
        ("invalid-3-0-items-list", "/paths/~1a/get/parameters/0/schema/items"),
        (
            "invalid-3-0-type-null",
            "/paths/~1a/get/responses/200/content/application~1json/schema/properties/n/type",
        ),
        ("invalid-security-undefined-scheme", "/paths/~1a/get/security/0/bearer"),
    ],
)
def test_plain_generate_refuses_what_would_fail_later(
    name: str, where: str, tmp_path: Path
) -> None:
    ran = apiforge("generate", str(SPECS / f"{name}.yaml"), "-o", str(tmp_path))
    assert ran.code == 1, ran.text
    lines = ran.err.splitlines()
    assert lines and all(LOCATED.match(line) for line in lines), ran.err
    assert any(line.endswith(f"(at {where})") for line in lines), ran.err
    assert not any(tmp_path.iterdir())
