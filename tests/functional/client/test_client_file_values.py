"""A multipart file field whose schema takes more than file content (``tests/specs/
body_fields_31.yaml``): JSON Schema reads ``contentMediaType`` and ``contentEncoding`` on strings
only, so a schema of no ``type`` beside them takes any value. Bytes, text, a file or a
``(filename, content)`` tuple are sent as a file part; any other value is the field's value,
validated and sent as any field's is; a typed field given a value of another type is refused
before sending.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.functional.suite.test_generated_tests import run_suite
from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "body_fields_31.yaml"
PACKAGE = "file_values_api"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("file-values")
    generate_into(SPEC, out, PACKAGE)
    return out


@pytest.fixture(scope="module")
def api(generated: Path) -> Iterator[ModuleType]:
    yield import_fresh(generated, PACKAGE)


def _sent(api: ModuleType, **body: Any) -> str:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(204)

    transport = httpx.MockTransport(answer)
    client = api.Client(
        base_url="https://files.test", http_client=httpx.Client(transport=transport)
    )
    client.uploads.create(**body)
    return seen[-1].content.decode("utf-8")


@pytest.mark.parametrize(
    ("value", "text"), [(False, "false"), (3, "3"), ({"a": 1}, '{"a":1}'), (2.5, "2.5")]
)
def test_a_value_that_is_no_file_content_is_sent_as_the_fields_value(
    api: ModuleType, value: Any, text: str
) -> None:
    content = _sent(api, file=value)
    assert 'name="file"\r\n' in content  # no filename: a field's value, not a file
    assert f"\r\n\r\n{text}\r\n" in content


@pytest.mark.parametrize(
    "value", [b"raw", "text", io.BytesIO(b"from a file"), ("a.bin", b"tupled")]
)
def test_file_content_is_still_sent_as_a_file(api: ModuleType, value: Any) -> None:
    content = _sent(api, file=value)
    assert 'name="file"; filename=' in content


def test_an_array_of_any_values_and_one_of_files(api: ModuleType) -> None:
    values = _sent(api, file=b"x", pages=[True, 7])
    assert values.count('name="pages"') >= 1
    assert 'name="pages"; filename=' not in values
    files = _sent(api, file=b"x", pages=[b"one", b"two"])
    assert files.count('name="pages"; filename=') == 2


def test_a_typed_file_field_given_another_type_is_refused_before_sending(
    api: ModuleType,
) -> None:
    with pytest.raises(api.APIRequestValidationError):
        _sent(api, file=b"x", typed=5)


def test_the_generated_suite_sends_every_value_the_schemas_take(generated: Path) -> None:
    done = run_suite(generated, f"{PACKAGE}_tests/test_requests.py", examples="60")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
