"""Strings of format ``date``, ``date-time`` and ``uuid`` as typed values that keep their wire
text, on ``specs/formats_typed.yaml``."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "formats_typed.yaml"
PACKAGE = "formats_api"
ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
WIRE = {
    "id": ID.upper(),
    "day": "2024-02-29",
    "at": "2024-02-29t23:59:58.1234567-05:30",
    "until": None,
    "holidays": ["2024-12-25"],
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    generate_into(SPEC, folder, PACKAGE)
    return folder


@pytest.fixture(scope="module")
def api(out: Path) -> Iterator[ModuleType]:
    yield import_fresh(out, PACKAGE)


def test_values_are_typed_and_the_wire_text_is_kept(api: ModuleType) -> None:
    booking = api.models.Booking.from_json(json.dumps(WIRE))
    assert booking.day.date == dt.date(2024, 2, 29)
    offset = dt.timezone(-dt.timedelta(hours=5, minutes=30))
    assert booking.at.datetime == dt.datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=offset)
    assert booking.id.uuid == uuid.UUID(ID)
    assert booking.holidays[0].date == dt.date(2024, 12, 25)
    assert json.loads(booking.to_json()) == WIRE  # the text as sent: case, digits, offset
    assert booking.to_dict() == WIRE
    assert booking.day == "2024-02-29" and hash(booking.day) == hash("2024-02-29")
    assert isinstance(booking.day, str)


@pytest.mark.parametrize(
    ("field", "text", "attribute"),
    [
        ("day", "2024-02-30", "date"),
        ("day", "20240229", "date"),
        ("day", "2024-W09-4", "date"),
        ("at", "2024-02-29T10:00:00", "datetime"),  # no offset
        ("at", "2024-02-29 10:00:00Z", "datetime"),
        ("at", "2024-02-29T10:00:00+24:00", "datetime"),
        ("at", "2016-12-31T23:59:60Z", "datetime"),  # a leap second: valid, not representable
        ("id", "{" + ID + "}", "uuid"),
        ("id", ID.replace("-", ""), "uuid"),
    ],
)
def test_text_of_another_format_is_accepted_and_its_typed_view_raises(
    api: ModuleType, field: str, text: str, attribute: str
) -> None:
    # `format` is an annotation in JSON Schema: the models accept any string
    booking = api.models.Booking.from_dict(WIRE | {field: text})
    assert booking.to_dict()[field] == text
    with pytest.raises(ValueError, match="is not"):
        getattr(getattr(booking, field), attribute)


def test_non_strings_are_still_refused(api: ModuleType) -> None:
    for field, value in (("day", 20240229), ("at", None), ("id", ["x"])):
        with pytest.raises(ValidationError):
            api.models.Booking.from_dict(WIRE | {field: value})
    with pytest.raises(ValidationError):
        api.models.Booking.from_dict(WIRE | {"holidays": ["2024-12-250"]})  # maxLength


def test_python_values_go_on_the_wire_as_rfc_3339_text(api: ModuleType) -> None:
    at = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    booking = api.models.Booking(id=uuid.UUID(ID), day=dt.date(2024, 1, 2), at=at)
    assert booking.to_dict() == {"id": ID, "day": "2024-01-02", "at": "2024-01-02T03:04:05+00:00"}
    assert booking.at.datetime == at
    with pytest.raises(ValidationError, match="UTC offset"):
        api.models.Booking(id=ID, day="2024-01-02", at=dt.datetime(2024, 1, 2))
    with pytest.raises(ValidationError):
        api.models.Booking(id=ID, day=at, at=at)  # a datetime is not a date


@pytest.mark.parametrize(
    "wire",
    [
        {"when": 0, "ref": True, "readings": [7, "2024-01-02T03:04:05Z"]},
        {"when": "2024-02-29", "ref": ID, "readings": []},
        {"ref": 1.5},
        {"ref": 0},
        {"ref": False},
    ],
)
def test_a_value_beside_a_formatted_string_goes_back_as_it_came(
    api: ModuleType, wire: dict[str, Any]
) -> None:
    # the formatted member of a union must not claim the others' values (0 sent as "0")
    stamp = api.models.Stamp.from_dict(wire)
    assert stamp.to_dict() == wire
    assert json.loads(stamp.to_json()) == wire


def _client(api: ModuleType, answer: Any, sent: list[httpx.Request], **options: Any) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return httpx.Response(200, json=answer)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    return api.Client(base_url="https://api.example.test", http_client=http, **options)


def test_the_client_reads_them_strictly_and_sends_python_values(api: ModuleType) -> None:
    sent: list[httpx.Request] = []
    answer = [WIRE | {"day": "not a date"}]
    (booking,) = _client(api, answer, sent, strict=True).bookings.list(
        since=dt.date(2024, 1, 2),
        after=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        x_request_id=uuid.UUID(ID),
    )
    assert booking.to_dict()["day"] == "not a date"
    query = sent[0].url.params
    assert query["since"] == "2024-01-02" and query["after"] == "2024-01-02T03:04:05+00:00"
    assert sent[0].headers["x-request-id"] == ID


def test_a_forgiving_parse_keeps_the_typed_view(
    api: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        (booking,) = _client(api, [WIRE | {"nights": -1}], []).bookings.list()
    assert "does not match" in caplog.text
    assert booking.day.date == dt.date(2024, 2, 29)  # the model was built without validation


USER_CODE = """
import datetime as dt
import uuid

from formats_api import Client, models


def use(client: Client) -> dt.date:
    booking = client.bookings.create(
        id=uuid.uuid4(), day=dt.date(2024, 1, 2), at="2024-01-02T00:00:00Z"
    )
    moment: dt.datetime = booking.at.datetime
    ident: uuid.UUID = booking.id.uuid
    text: str = booking.day
    print(moment, ident, text, models.Booking.from_dict({}).day.upper())
    return booking.day.date
"""


def test_user_code_type_checks_under_mypy_strict(out: Path, tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(textwrap.dedent(USER_CODE), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(tmp_path / "user.py")],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
        env={"MYPYPATH": str(out), "PATH": ""},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_schema_named_like_a_format_type_does_not_shadow_it(tmp_path: Path) -> None:
    spec = tmp_path / "clash.yaml"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "Clash", "version": "1"},
                "paths": {},
                "components": {
                    "schemas": {
                        "DateString": {
                            "type": "object",
                            "properties": {"on": {"type": "string", "format": "date"}},
                        },
                        "UUIDInput": {"type": "string"},
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    generate_into(spec, tmp_path, "clash_api")
    models = import_fresh(tmp_path, "clash_api").models
    value = models.DateString_.from_dict({"on": "2024-01-02"})
    assert value.on.date == dt.date(2024, 1, 2)


def test_the_generated_tests_read_formatted_schemas_too(out: Path) -> None:
    code = (
        "from formats_api_tests import adapters\n"
        "pointer = '/paths/~1holidays/get/responses/200/content/application~1json/schema'\n"
        "(day,) = adapters.load(pointer, ['2024-12-25'])\n"
        "print(day.date)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "2024-12-25", done.stderr[-2000:]


def test_one_of_members_only_their_formats_tell_apart(api: ModuleType, out: Path) -> None:
    # both take any string (format is an annotation); of a date or a uuid, only one is of its
    # format: that one's, in the models, in conformance's validator and in the generated tests
    from pydantic import TypeAdapter

    from generator.config import SpecConfig
    from generator.exchange import SchemaValidator
    from generator.pipeline import build

    when = TypeAdapter(api.models.When)
    for text in ("2024-02-29", ID):
        assert when.validate_python(text) == text
    with pytest.raises(ValidationError, match="2 of the `oneOf` members"):
        when.validate_python("neither")  # valid under both as written, under neither as meant
    validator = SchemaValidator(build(SpecConfig(spec=SPEC, output=out), out)[1])
    assert validator.issues("/components/schemas/When", "2024-02-29") == []
    assert [i.keyword for i in validator.issues("/components/schemas/When", "neither")] == ["oneOf"]
    code = (
        "from formats_api_tests import validation\n"
        "print(validation.errors('/components/schemas/When', '2024-02-29'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "[]", done.stderr[-2000:]
