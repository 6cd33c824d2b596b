"""Negative conformance cases against a small FastAPI shop: each planted bug caught, the
correct shop clean; and the rules that keep a correct server from being flagged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from generator import ir
from generator.build import build_api
from generator.config import SpecConfig
from generator.conformance import Report, run_conformance
from generator.mock import serving
from tests.functional.negative_servers import BUGS, CORRECT, shop

# the check that must fail, and a word its kept case must contain, for each planted bug
CAUGHT = {
    "bool_as_number": ("createItem", "invalid_request_rejected", "wrong type"),
    "path_unchecked": ("getItem", "invalid_request_rejected", "path parameter 'item_id'"),
    "query_unchecked": ("listItems", "invalid_request_rejected", "query parameter 'limit'"),
    "header_unchecked": ("listItems", "invalid_request_rejected", "header parameter 'X-Mode'"),
    "malformed_500": ("createItem", "malformed_json_rejected", "does not parse"),
    "any_media_type": ("createItem", "media_type_enforced", "text/plain"),
    # methods are probed once per path, under its first operation (GET before POST)
    "no_allow": ("listItems", "allow_header", "a method the path does not document"),
    "unknown_method_200": ("listItems", "unsupported_method", "PUT /items,"),
    "refuses_with_400": ("createItem", "status_documented", "mutation"),
}


@pytest.fixture(scope="module")
def api() -> ir.Api:
    doc = json.loads(json.dumps(shop().openapi()))
    return build_api(doc, SpecConfig(spec=Path("shop.json"), output=Path("out")), "shop.json")


def _run(api: ir.Api, app: Any, max_examples: int = 1) -> Report:
    with serving(app) as url:
        return run_conformance(
            api, base_url=url, token=None, max_examples=max_examples, seed=0, progress=None
        )


@pytest.fixture(scope="module")
def reports(api: ir.Api) -> Iterator[dict[str | None, Report]]:
    yield {bug: _run(api, shop(bug)) for bug in (None, *BUGS, *CORRECT)}


def test_the_correct_shop_passes_every_check(reports: dict[str | None, Report]) -> None:
    report = reports[None]
    assert report.failures == {}, report.to_text()
    checks = {check for _, check in report.stats}
    assert {
        "invalid_request_rejected",
        "malformed_json_rejected",
        "media_type_enforced",
        "unsupported_method",
        "allow_header",
    } <= checks
    # every class of negative case was sent and judged
    passed = {check: s.passed for (_, check), s in report.stats.items() if s.passed}
    assert passed["unsupported_method"] >= 3
    assert report.stats[("getItem", "invalid_request_rejected")].passed >= 4
    assert report.stats[("listItems", "invalid_request_rejected")].passed >= 4


# what each correct server's different answer is reported as: a warning, never a failure
WARNED = {
    "path_404": ("getItem", "status_documented", "HTTP names it"),
    "method_404": ("listItems", "unsupported_method", "405 with Allow"),
    "strict_media_415": ("createItem", "status_documented", "415"),
    "sniffs_media": None,
}


@pytest.mark.parametrize("variant", CORRECT)
def test_correct_servers_that_answer_differently_pass(
    reports: dict[str | None, Report], variant: str
) -> None:
    report = reports[variant]
    assert report.failures == {}, report.to_text()
    expected = WARNED[variant]
    if expected is not None:
        operation, check, word = expected
        stat = report.stats[(operation, check)]
        assert stat.warned >= 1 and word in stat.warning, report.to_text()


@pytest.mark.parametrize("bug", BUGS)
def test_each_planted_bug_is_caught(reports: dict[str | None, Report], bug: str) -> None:
    report = reports[bug]
    operation, check, word = CAUGHT[bug]
    failure = report.failures.get((operation, check))
    assert failure is not None, report.to_text()
    assert word in failure.case, failure.to_text()
    assert report.exit_code == 1
    # the bug is caught by its check alone (a 500 is also a server error and undocumented)
    crash = {"no_server_error", "status_documented"} if bug == "malformed_500" else set()
    assert {c for _, c in report.failures} == {check} | crash, report.to_text()


def test_type_confusions_of_a_nullable_number_are_sent(api: ir.Api) -> None:
    from generator.conformance.cases import load_source

    (op,) = [op for op in api.operations if op.operation_id == "createItem"]
    assert op.body is not None
    source = load_source(api)
    try:
        found = dict(source.mutations(op, {"name": "a", "price": 1.5, "tax": 0.5, "quantity": 2}))
    finally:
        source.close()
    assert found["wrong type (boolean) at /tax"]["tax"] is False
    assert found["wrong type (numeric string) at /price"]["price"] == "1.5"
    assert found["wrong type (fraction) at /quantity"]["quantity"] == 2.5
    assert found["null where not nullable at /price"]["price"] is None


def test_a_raw_case_reproduces_with_curl_and_httpx(
    api: ir.Api, reports: dict[str | None, Report]
) -> None:
    failure = reports["any_media_type"].failures[("createItem", "media_type_enforced")]
    assert "Content-Type: text/plain" in failure.curl
    assert "httpx.request(" in failure.python and "'text/plain'" in failure.python
    malformed = reports["malformed_500"].failures[("createItem", "malformed_json_rejected")]
    assert failure.status == 201 and malformed.status == 500
    with serving(shop("malformed_500")) as url:
        namespace: dict[str, Any] = {}
        snippet = malformed.python.replace(malformed.python.split("'")[3], url + "/items", 1)
        exec(compile(snippet.replace("print(", "(", 1), "<snippet>", "exec"), namespace)
        assert namespace["response"].status_code == 500


def test_reports_list_the_new_checks(reports: dict[str | None, Report]) -> None:
    data = json.loads(reports["no_allow"].to_json())
    assert {"spec", "checks", "failures", "warnings", "notes"} <= set(data)
    assert any(c["check"] == "allow_header" and c["result"] == "FAIL" for c in data["checks"])
    assert "allow_header" in reports["no_allow"].to_junit_xml()
    assert "FAIL allow_header on listItems" in reports["no_allow"].to_text()
