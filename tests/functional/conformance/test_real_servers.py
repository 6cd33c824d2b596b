"""apiforge conformance on FastAPI applications written the way real services are.

Each correct application of ``tests/servers``, tested against its own ``app.openapi()``, must
give no failure at all: any failure there is a false alarm. Each planted variant must be
caught by a check of its bug's class, on a failure the correct application does not also
give. The planted bugs themselves are checked first: a witness request makes each one fire.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import ir
from generator.config import SpecConfig
from generator.conformance import Report, run_conformance
from generator.mock import serving
from tests.servers import PLANTED, SERVERS, Counted, Planted, Server, write_spec
from tests.servers import login as login_app
from tests.support import ROOT

MAX_EXAMPLES = 3
SEED = 1

ORDER = {
    "customer": "Ada",
    "lines": [{"sku": "ABC-1234", "quantity": 2, "unit_price": 9.5}],
    "shipping": {"street": "1 Rue X", "city": "Paris", "postcode": "75001", "country": "FR"},
}
ACCOUNT = b'{"email": "ada@example.com", "display_name": "ada"}'


def _order(**changes: Any) -> dict[str, Any]:
    line = {**ORDER["lines"][0], **changes.pop("line", {})}  # type: ignore[index]
    shipping = {**ORDER["shipping"], **changes.pop("shipping", {})}  # type: ignore[dict-item]
    return {**ORDER, "lines": [line], "shipping": shipping, **changes}


# requests that make each planted bug fire; the bug must fire on the last one, not before
WITNESSES: dict[str, list[dict[str, Any]]] = {
    "shop:bool-for-number": [
        {"method": "POST", "url": "/orders", "json": _order(line={"unit_price": True})}
    ],
    "shop:string-for-integer": [
        {"method": "POST", "url": "/orders", "json": _order(line={"quantity": "5"})}
    ],
    "shop:null-accepted": [
        {"method": "POST", "url": "/orders", "json": _order(shipping={"city": None})}
    ],
    "shop:missing-field": [
        {"method": "POST", "url": "/orders", "json": _order()},
        {"method": "POST", "url": "/orders", "json": _order(gift=True)},
    ],
    "signup:malformed-json-500": [
        {
            "method": "POST",
            "url": "/accounts",
            "content": b'{"email":',
            "headers": {"content-type": "application/json"},
        }
    ],
    "signup:any-media-type": [
        {
            "method": "POST",
            "url": "/accounts",
            "content": ACCOUNT,
            "headers": {"content-type": "application/json"},
        },
        {
            "method": "POST",
            "url": "/accounts",
            "content": ACCOUNT,
            "headers": {"content-type": "text/plain"},
        },
    ],
    "catalog:path-range-dropped": [
        {"method": "GET", "url": "/items/1000"},
        {"method": "GET", "url": "/items/1001"},
    ],
    "catalog:unknown-method-200": [
        {"method": "GET", "url": "/items/5"},
        {"method": "PUT", "url": "/items/5"},
    ],
    "catalog:no-allow-405": [
        {"method": "GET", "url": "/items/0"},
        {"method": "DELETE", "url": "/items"},
    ],
    "catalog:unhandled-500": [
        {"method": "GET", "url": "/items/5/price", "params": {"currency": "USD"}},
        {"method": "GET", "url": "/items/5/price", "params": {"currency": "JPY"}},
    ],
    "headers:undocumented-status": [
        {"method": "GET", "url": "/greeting", "headers": {"x-lang": "fr"}},
        {"method": "GET", "url": "/greeting", "headers": {"x-lang": "de"}},
    ],
    "login:auth-not-enforced": [
        {
            "method": "GET",
            "url": "/users/me/items",
            "headers": {"authorization": f"Bearer {login_app.TOKEN}"},
        },
        {"method": "GET", "url": "/users/me/items"},
    ],
    "apikey:auth-not-enforced": [
        {"method": "GET", "url": "/reports/2020", "headers": {"x-api-key": "wrong"}},
        {"method": "GET", "url": "/reports/2020"},
    ],
    "basic:any-password": [
        {"method": "GET", "url": "/secrets"},
        {"method": "GET", "url": "/secrets", "auth": ("alice", "not-the-password")},
    ],
    "notes:patch-500": [
        {"method": "PATCH", "url": "/notes/1", "json": {"tags": ["home"]}},
        {"method": "POST", "url": "/notes", "json": {"title": "shopping"}},
        {"method": "PATCH", "url": "/notes/1", "json": {"priority": 1}},
        {"method": "PATCH", "url": "/notes/1", "json": {"tags": ["home"]}},
    ],
    "meters:etag-missing": [{"method": "GET", "url": "/meters/1"}],
}


def test_every_planted_bug_has_a_witness() -> None:
    assert sorted(WITNESSES) == sorted(p.name for p in PLANTED)
    assert len(SERVERS) >= 8


@pytest.mark.parametrize("planted", PLANTED, ids=lambda p: p.name)
def test_the_planted_bug_fires_on_its_witness_only(planted: Planted) -> None:
    app = planted.serve()
    witness = WITNESSES[planted.name]
    with serving(app) as url, httpx.Client(base_url=url) as client:
        for number, request in enumerate(witness, start=1):
            client.request(**request)
            fired = app.tracker.fired_at_request
            assert fired is None or number == len(witness), app.first_difference
    assert app.tracker.fired_at_request == len(witness), f"{planted.name} did not fire"


class Runs:
    """apiforge's reports, one run per target, kept for the module."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.apis: dict[str, ir.Api] = {}
        self.correct: dict[str, Report] = {}

    def api(self, server: Server) -> ir.Api:
        from generator.pipeline import build

        if server.name not in self.apis:
            spec = write_spec(server, self.folder)
            self.apis[server.name] = build(SpecConfig(spec=spec, output=self.folder), ROOT)[1]
        return self.apis[server.name]

    def run(self, server: Server, app: Any, *, strict_types: bool = False) -> Report:
        with serving(app) as url:
            return run_conformance(
                self.api(server),
                base_url=url,
                token=server.token,
                max_examples=MAX_EXAMPLES,
                seed=SEED,
                strict_types=strict_types,
            )

    def of_correct(self, server: Server) -> Report:
        if server.name not in self.correct:
            self.correct[server.name] = self.run(server, Counted(server.make(None)))
        return self.correct[server.name]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    yield Runs(tmp_path_factory.mktemp("real-servers"))


def _failures(report: Report) -> str:
    return "\n\n".join(f.to_text() for f in report.failed()) or "(none)"


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_a_correct_server_gives_no_failure(runs: Runs, server: Server) -> None:
    report = runs.of_correct(server)
    assert report.cases > 0
    assert not report.failures, (
        f"{len(report.failures)} false alarm(s) on the correct {server.name} server "
        f"({server.about}):\n{_failures(report)}"
    )


@pytest.mark.parametrize("planted", PLANTED, ids=lambda p: p.name)
def test_a_planted_bug_is_caught(runs: Runs, planted: Planted) -> None:
    baseline = set(runs.of_correct(planted.server).failures)
    app = planted.serve()
    report = runs.run(planted.server, app, strict_types=planted.lax)
    caught = [
        f
        for key, f in sorted(report.failures.items())
        if planted.catches(key[1]) and key not in baseline
    ]
    fired = (
        f"it first fired on request {app.tracker.fired_at_request} of "
        f"{app.tracker.requests}: {app.first_difference}"
        if app.tracker.fired_at_request is not None
        else f"no request of {app.tracker.requests} made it fire"
    )
    assert caught, (
        f"{planted.about} ({planted.name}) not caught by {', '.join(sorted(planted.checks))}; "
        f"{fired}; failures:\n{_failures(report)}"
    )


@pytest.mark.parametrize("planted", [p for p in PLANTED if p.lax], ids=lambda p: p.name)
def test_a_lax_reading_is_a_warning_without_strict_types(runs: Runs, planted: Planted) -> None:
    report = runs.run(planted.server, planted.serve())
    baseline = set(runs.of_correct(planted.server).failures)
    assert not set(report.failures) - baseline, _failures(report)
    warned = [s.warning for (_, check), s in report.stats.items() if planted.catches(check)]
    assert any("read leniently" in w for w in warned if w), report.to_text()
