"""A refusal of a path whose value its template's schema refuses, answered by a router before
the operation is reached (its own 404 page, not the JSON the operation documents): a warning,
not a failure; the operation's own 404 in another media type is still one
(tests/servers/converters.py)."""

from __future__ import annotations

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.conformance import run_conformance
from generator.mock.server import serving
from generator.pipeline import build
from tests.servers import converters
from tests.support import ROOT, SPECS

SPEC = SPECS / "router_converters_30.yaml"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SpecConfig(spec=SPEC, output=SPEC.parent), ROOT)[1]


def test_a_router_refusing_an_invalid_path_passes_with_a_warning(api: ir.Api) -> None:
    with serving(converters.app()) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=30, seed=0)
    assert report.failed() == [], report.failed()
    warned = report.stat("getItem", "content_type_documented")
    assert warned.warned and "before the operation is reached" in warned.warning


def test_the_operations_own_404_in_another_media_type_fails(api: ir.Api) -> None:
    with serving(converters.app(planted=True)) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=30, seed=0)
    assert {f.check for f in report.failed()} == {"content_type_documented"}


UNBOUNDED = SPECS / "router_unbounded_30.yaml"
EXPLAINED = "came as documented: the server answers path item_id="


@pytest.fixture(scope="module")
def unbounded() -> ir.Api:
    return build(SpecConfig(spec=UNBOUNDED, output=UNBOUNDED.parent), ROOT)[1]


def test_a_valid_path_value_the_router_does_not_take_fails_and_says_why(
    unbounded: ir.Api,
) -> None:
    """The spec allows ``-3``, the router answers it with its own page: a true departure,
    explained by the same request with an ordinary id, answered as documented."""
    with serving(converters.app()) as url:
        report = run_conformance(unbounded, base_url=url, token=None, max_examples=30, seed=0)
    failed = {f.check: f.message for f in report.failed()}
    assert set(failed) == {"content_type_documented"}, report.to_text()
    message = failed["content_type_documented"]
    assert EXPLAINED in message and "takes no sign" in message, message


def test_the_operations_own_departure_for_every_id_is_not_explained(unbounded: ir.Api) -> None:
    with serving(converters.app(planted=True)) as url:
        report = run_conformance(unbounded, base_url=url, token=None, max_examples=30, seed=0)
    failed = {f.check: f.message for f in report.failed()}
    assert set(failed) == {"content_type_documented"}, report.to_text()
    assert EXPLAINED not in failed["content_type_documented"], failed
