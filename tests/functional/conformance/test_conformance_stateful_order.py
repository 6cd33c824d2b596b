"""The stateful phase's first pass runs before the random search: a bug reachable only
through a created id is found after the deterministic cases and the first pass, before any
random case is sent; the report counts it so whatever the number of workers, and the checks
the pass and the single requests both judged count every answer of both.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.conformance import Report, run_conformance
from generator.conformance.cassette import Exchange
from generator.conformance.presence import complete
from generator.mock import serving
from tests.functional.conformance.test_conformance_stateful import _build, _spec
from tests.functional.conformance.test_conformance_workers import same_parts, untimed
from tests.servers import notes, tasks
from tests.servers.fastapi_apps import api_of

UPDATE = "update_tasks__task_id__patch"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> ir.Api:
    return _build(_spec(Path(tmp_path_factory.mktemp("tasks"))))


def _run(api: ir.Api, bug: str | None, **options: Any) -> tuple[Report, list[Exchange]]:
    """The report and every exchange judged, in the order they were sent."""
    sent: list[Exchange] = []

    def record(exchange: Exchange, began: float, took: float) -> None:
        if exchange.kind != "probe":
            sent.append(exchange)

    settings: dict[str, Any] = {"max_examples": 5, "seed": 0, **options}
    with serving(tasks.make(bug)) as url:
        report = run_conformance(api, base_url=url, token=None, recorder=record, **settings)
    return report, sent


def _fails(exchange: Exchange, check: str) -> bool:
    return any(o.check == check and o.verdict == "fail" for o in exchange.outcomes)


def test_a_bug_behind_a_created_id_is_found_before_any_random_case(api: ir.Api) -> None:
    report, sent = _run(api, "done-500")
    (found,) = report.failed()
    assert (found.operation, found.check, found.kind) == (UPDATE, "no_server_error", "stateful")
    first_random = next(i for i, e in enumerate(sent) if e.kind == "random")
    first_failing = next(i for i, e in enumerate(sent) if _fails(e, "no_server_error"))
    # the first pass came before the random search, and so did the bug
    assert sent[first_failing].kind == "stateful"
    assert first_failing < first_random
    # counted as the cases sent up to and with the failing call
    assert found.found_after_cases == first_failing + 1
    # and the random cases were still sent afterwards, then the searches
    kinds = [e.kind for e in sent[first_random:]]
    assert "random" in kinds and kinds[-1] == "stateful"
    assert report.cases == len(sent)


def test_the_report_is_the_same_whatever_the_number_of_workers(api: ir.Api) -> None:
    (one, _), (three, _) = (_run(api, "done-500", workers=n) for n in (1, 3))
    assert one.failures, one.to_text()
    # the ids a server gives differ between runs: everything else is the same
    for report in (one, three):
        report.target = ""
        for failure in report.failed():
            failure.curl = failure.python = failure.replay = ""
            failure.steps = []
        report.notes = [n for n in report.notes if "keep-alive" not in n]
        report.resent = 0  # a connection the server closed is the wire's, not the run's
    assert same_parts(one) == same_parts(three)
    assert untimed(one.to_text()) == untimed(three.to_text())


@pytest.mark.parametrize("workers", [1, 3])
def test_a_check_judged_by_the_pass_and_the_single_requests_counts_both(
    api: ir.Api, workers: int
) -> None:
    report, sent = _run(api, None, workers=workers)
    assert not report.failures, report.to_text()
    for (operation, check), stat in report.stats.items():
        judged = [e for e in sent if e.operation == operation]
        counted = sum(1 for e in judged for o in e.outcomes if o.check == check)
        assert stat.passed + stat.failed + stat.warned == counted, (operation, check)
    # a check both the first pass and the operation's own cases judged
    create = "create_tasks_post"
    kinds = {e.kind for e in sent if e.operation == create}
    assert "stateful" in kinds and "random" in kinds
    assert report.stats[create, "no_server_error"].passed == sum(
        1
        for e in sent
        if e.operation == create
        and e.outcomes
        and any(o.check == "no_server_error" for o in e.outcomes)
    )


def test_only_the_stateful_phase_runs_the_pass_and_the_searches(api: ir.Api) -> None:
    report, sent = _run(api, "done-500", phases=frozenset({"stateful"}))
    assert {e.kind for e in sent} == {"stateful"}
    (found,) = report.failed()
    first_failing = next(i for i, e in enumerate(sent) if _fails(e, "no_server_error"))
    assert found.found_after_cases == first_failing + 1
    assert report.sequences > 0


@pytest.fixture(scope="module")
def notes_api(tmp_path_factory: pytest.TempPathFactory) -> ir.Api:
    return api_of(notes.make(None), tmp_path_factory.mktemp("notes"))


def test_the_first_pass_sends_every_optional_property_with_a_value(notes_api: ir.Api) -> None:
    (update,) = (op for op in notes_api.operations if op.method == "patch")
    for seed in range(20):
        request = complete(notes_api, update, random.Random(seed), lambda request: True)
        assert request is not None
        body = request["body"]
        assert set(body) == {"title", "body", "tags", "priority"}
        assert None not in body.values(), body


def test_a_fault_behind_an_updated_property_is_found_by_the_first_pass(notes_api: ir.Api) -> None:
    sent: list[Exchange] = []

    def record(exchange: Exchange, began: float, took: float) -> None:
        if exchange.kind != "probe":
            sent.append(exchange)

    with serving(notes.make("patch-500")) as url:
        report = run_conformance(
            notes_api, base_url=url, token=None, max_examples=50, seed=1, recorder=record
        )
    (found,) = report.failed()
    assert (found.check, found.kind) == ("no_server_error", "stateful")
    first_random = next(i for i, e in enumerate(sent) if e.kind == "random")
    assert found.found_after_cases <= first_random
