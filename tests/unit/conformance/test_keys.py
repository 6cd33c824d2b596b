"""Idempotency keys: where a request carries them, and new ones of the shapes schemas ask."""

from __future__ import annotations

import re
import uuid

from generator import ir
from generator.conformance.keys import carried, fresh_texts, with_key


def _op(header: str | None, field: str | None) -> ir.Operation:
    return ir.Operation(
        operation_id="create",
        method="post",
        path="/things",
        group=(),
        name="create",
        pointer="/paths/~1things/post",
        idempotency_header=header,
        idempotency_field=field,
    )


def test_the_keys_a_request_carries_and_a_request_with_a_new_one() -> None:
    op = _op("Idempotency-Key", "idempotency_key")
    request = {"headers": {"Idempotency-Key": "k"}, "body": {"idempotency_key": "b", "n": 1}}
    assert carried(op, request) == [
        (("headers", "Idempotency-Key"), "k"),
        (("body", "idempotency_key"), "b"),
    ]
    renewed = with_key(request, ("body", "idempotency_key"), "c")
    assert renewed["body"] == {"idempotency_key": "c", "n": 1}
    assert request["body"]["idempotency_key"] == "b"  # the drawn request is left as it was
    assert carried(_op(None, None), request) == []


def test_new_keys_come_in_the_shapes_schemas_ask() -> None:
    two = re.compile(r"[a-z0-9]{1,2}")
    short = list(fresh_texts("0:1", lambda text: two.fullmatch(text) is not None))
    assert short and len(set(short)) > 1
    assert list(fresh_texts("0:2", lambda t: t.isdigit()))

    def is_uuid(text: str) -> bool:
        try:
            return str(uuid.UUID(text)) == text
        except ValueError:
            return False

    assert all(map(is_uuid, fresh_texts("0:3", is_uuid)))
    assert next(fresh_texts("0:3", is_uuid)) != next(fresh_texts("0:4", is_uuid))
