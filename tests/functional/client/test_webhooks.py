"""Webhooks and callbacks the API sends: payload models and typed parsers, on
``specs/webhooks_31.yaml``."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "webhooks_31.yaml"
PACKAGE = "hooks_api"
ORDER = {"id": "o1", "total": 5}
SIGNED = {"content-type": "application/json", "x-signature": "s"}


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ModuleType, dict[str, str]]]:
    out = tmp_path_factory.mktemp("hooks")
    files = generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE), files


@pytest.fixture(scope="module")
def api(generated: tuple[ModuleType, dict[str, str]]) -> ModuleType:
    return generated[0]


def test_a_webhook_payload_parses_into_its_model(api: ModuleType) -> None:
    order = api.webhooks.parse_order_created(json.dumps(ORDER).encode(), SIGNED)
    assert isinstance(order, api.models.Order) and order.total == 5
    assert order.to_dict() == ORDER
    assert api.webhooks.parse_order_created(json.dumps(ORDER)).id == "o1"  # str, no headers


def test_inline_payloads_and_callbacks_get_models_too(api: ModuleType) -> None:
    changed = api.webhooks.parse_status_changed('{"status": "open", "at": 3}')
    assert type(changed).__name__ == "StatusChangedWebhookRequest"
    event = api.webhooks.parse_webhook("createSubscription.onEvent", b'{"type": "t"}')
    assert isinstance(event, api.models.Event)
    assert api.webhooks.parse_on_event is api.webhooks.WEBHOOKS["createSubscription.onEvent"]
    assert api.webhooks.parse_ping(b"hello", {"Content-Type": "text/plain"}) == "hello"


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (b'{"id": "o1", "total": -1}', SIGNED, "does not match"),
        (b'{"id": "o1", "total": "5"}', SIGNED, "does not match"),
        (b"{oops", SIGNED, "not valid JSON"),
        (json.dumps(ORDER).encode(), {"content-type": "application/json"}, "X-Signature"),
        (
            json.dumps(ORDER).encode(),
            {"content-type": "text/plain", "x-signature": "s"},
            "text/plain",
        ),
    ],
)
def test_a_request_that_breaks_the_spec_is_refused(
    api: ModuleType, body: bytes, headers: dict[str, str], message: str
) -> None:
    with pytest.raises(api.webhooks.InvalidWebhookError, match=message):
        api.webhooks.parse_order_created(body, headers)


def test_forgiving_mode_keeps_what_came(api: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        order = api.webhooks.parse_order_created(b'{"id": "o1", "total": -1, "x": 1}', strict=False)
    assert order.to_dict() == {"id": "o1", "total": -1, "x": 1}
    assert "does not match" in caplog.text


def test_an_unknown_key_is_refused(api: ModuleType) -> None:
    with pytest.raises(api.webhooks.InvalidWebhookError, match="nope"):
        api.webhooks.parse_webhook("nope", b"{}")


def test_nothing_is_skipped_and_specs_without_webhooks_get_no_module(
    generated: tuple[ModuleType, dict[str, str]], tmp_path: Path
) -> None:
    from generator.config import SpecConfig
    from generator.pipeline import generate
    from tests.support import ROOT, SEED

    gen = generate(SpecConfig(spec=SPEC, output=tmp_path, package=PACKAGE), ROOT)
    assert gen.api.skipped == ()
    files = generated[1]
    assert f"{PACKAGE}/webhooks.py" in files and f"{PACKAGE}/_webhooks.py" in files
    assert f"{PACKAGE}_tests/test_webhooks.py" in files
    seed = generate(SpecConfig(spec=SEED, output=tmp_path), ROOT, tests=False).files
    assert not any(p.endswith(("/webhooks.py", "/_webhooks.py")) for p in seed)


def test_a_payload_named_like_the_runtime_does_not_shadow_it(api: ModuleType) -> None:
    payload = api.webhooks.parse_wrapped(b'{"mapping": "m"}')
    assert isinstance(payload, api.models.Payload) and payload.mapping == "m"
