"""``--workers N`` and ``--rate-limit``: operations side by side, the same report whatever N.

The server of these tests (``tests/servers/paced.py``) answers from the request alone, so
any order of requests gets the same answers; what a run reports may then depend only on the
seed: the counts, the failures kept, and where each was found (``found_after_cases``, counted
as one worker would send the cases). Only the timings differ.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.conformance import Report, run_conformance
from generator.mock import serving
from tests.servers import paced
from tests.servers.fastapi_apps import api_of


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> ir.Api:
    return api_of(paced.make(None), tmp_path_factory.mktemp("paced"))


def same_parts(report: Report) -> dict[str, Any]:
    """The report without its timings."""
    data = report.to_dict()
    data.pop("seconds")
    for failure in data["failures"]:
        failure.pop("found_after_seconds")
    return data


def untimed(text: str) -> str:
    """The text report with its seconds blanked."""
    return re.sub(r"\d+\.\d+s\b", "-s", text)


def conform(api: ir.Api, url: str, **options: Any) -> Report:
    settings: dict[str, Any] = {"max_examples": 20, "seed": 3, **options}
    return run_conformance(api, base_url=url, token=None, **settings)


@pytest.mark.parametrize("bug", ["blue-500", "price-text"])
def test_the_report_is_the_same_whatever_the_number_of_workers(shop: ir.Api, bug: str) -> None:
    with serving(paced.make(bug)) as url:
        one, three = (conform(shop, url, workers=n) for n in (1, 3))
    assert one.failures, one.to_text()  # the planted bug is found
    assert same_parts(one) == same_parts(three)
    assert untimed(one.to_text()) == untimed(three.to_text())


def test_found_after_cases_counts_as_one_worker_would(shop: ir.Api) -> None:
    with serving(paced.make("price-text")) as url:
        one = conform(shop, url)
        three = conform(shop, url, workers=3)
    (found,) = one.failed()
    assert found.check == "response_schema" and found.kind == "random"
    # the random search of get_item comes after every deterministic case of every operation
    assert found.found_after_cases > sum(
        s.passed + s.failed
        for s in one.stats.values()
        if s.check == "server_answered" and s.operation == "health_health_get"
    )
    assert [f.found_after_cases for f in three.failed()] == [found.found_after_cases]


def _fails_everything() -> Any:
    """An application answering 500 to every request."""
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse

    app = FastAPI()

    @app.api_route("/{anything:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def fail() -> Any:
        return PlainTextResponse("no", status_code=500)

    return app


def test_cases_the_budget_spares_are_spared_alike_with_workers(shop: ir.Api) -> None:
    with serving(_fails_everything()) as url:
        one, four = (conform(shop, url, workers=n) for n in (1, 4))
    assert one.spared > 0
    assert same_parts(one) == same_parts(four)


class _Gauge:
    """An ASGI app in front of ``app`` that notes the most requests under way at once: from
    their arrival to the start of their answer, before which no client has it."""

    def __init__(self, app: Any):
        self.app = app
        self.now = 0
        self.most = 0
        self.seen = 0
        self.lock = threading.Lock()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.lock:
            self.now += 1
            self.seen += 1
            self.most = max(self.most, self.now)
        answered = False

        async def start(message: dict[str, Any]) -> None:
            nonlocal answered
            if not answered:
                answered = True
                with self.lock:
                    self.now -= 1
            await send(message)

        await self.app(scope, receive, start)


@pytest.fixture
def gauge() -> Iterator[tuple[_Gauge, str]]:
    app = _Gauge(paced.make(None, delay=0.05))
    with serving(app) as url:
        yield app, url


def test_no_more_requests_are_under_way_than_workers(
    shop: ir.Api, gauge: tuple[_Gauge, str]
) -> None:
    app, url = gauge
    report = conform(shop, url, workers=3, max_examples=3)
    assert not report.failures, report.to_text()
    assert app.most == 3  # four operations, each sending ahead: the bound is reached, not passed


def test_rate_limit_spaces_every_request_of_all_workers(
    shop: ir.Api, gauge: tuple[_Gauge, str]
) -> None:
    app, url = gauge
    started = time.monotonic()
    report = conform(shop, url, workers=4, max_examples=2, rate_limit=40.0)
    took = time.monotonic() - started
    assert not report.failures, report.to_text()
    assert took >= (app.seen - 1) / 40.0, (took, app.seen)


def test_max_time_cuts_a_run_with_workers_short(shop: ir.Api) -> None:
    with serving(paced.make(None, delay=0.2)) as url:
        started = time.monotonic()
        report = conform(shop, url, workers=2, max_time=1.0, timeout=2.0)
        took = time.monotonic() - started
    assert report.cut_short and report.not_run > 0 and report.exit_code == 2
    assert took < 1.0 + 2.0 + 1.5, took  # the run's time, one request's deadline, a margin


def test_nothing_listening_is_a_usage_error_with_workers(shop: ir.Api) -> None:
    from generator.errors import ApiforgeError

    with serving(paced.make(None)) as url:
        pass  # the port is free again
    with pytest.raises(ApiforgeError) as caught:
        conform(shop, url, workers=3)
    assert caught.value.exit_code == 2
    assert "cannot connect" in str(caught.value)


def test_selection_chooses_operations_and_checks(shop: ir.Api, tmp_path: Path) -> None:
    from generator.conformance import Selection

    selection = Selection(include={"tag": ("items",)}, exclude={"path": ("re:\\{",)})
    with serving(paced.make("blue-500")) as url:
        report = conform(shop, url, selection=selection, checks=frozenset({"response_schema"}))
    assert {s.operation for s in report.stats.values()} == {"list_items_items_get"}
    assert {s.check for s in report.stats.values()} <= {"server_answered", "response_schema"}
    assert not report.failures  # the 500 is no_server_error's, not run here
    assert report.selection.startswith("1 of 4 operations (--include-tag items --exclude-path")
    assert "checks response_schema" in report.to_text()


def test_phases_coverage_runs_no_random_case(shop: ir.Api) -> None:
    with serving(paced.make("price-text")) as url:
        report = conform(shop, url, phases=frozenset({"coverage"}))
        everything = conform(shop, url, phases=frozenset({"coverage", "random", "stateful"}))
    assert not report.failures  # found by the random search only
    assert everything.failures
    assert report.cases < everything.cases
    assert report.selection == "phases coverage"
    assert everything.selection == ""


def test_progress_counts_every_case_once_with_workers(shop: ir.Api) -> None:
    seen: list[tuple[int, int]] = []
    with serving(paced.make(None)) as url:
        report = conform(
            shop, url, workers=3, max_examples=3, progress=lambda d, t, _: seen.append((d, t))
        )
    done = [d for d, _ in seen]
    assert done[:-1] == list(range(1, report.cases + 1))  # one call per case, in order
    assert seen[-1] == (report.cases, report.cases)  # and the last: done
