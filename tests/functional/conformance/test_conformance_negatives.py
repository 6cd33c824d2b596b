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
from generator.config import SpecConfig
from generator.conformance import Report, run_conformance
from generator.mock import serving
from generator.parse import build_api
from tests.servers.negative_servers import BUGS, CORRECT, shop
from tests.support import SPECS

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


# planted bugs a lax parser's reading makes: caught under --strict-types, warned without
LAX = frozenset({"bool_as_number", "any_media_type"})


def _run(api: ir.Api, app: Any, max_examples: int = 1, *, strict_types: bool = False) -> Report:
    with serving(app) as url:
        return run_conformance(
            api,
            base_url=url,
            token=None,
            max_examples=max_examples,
            seed=0,
            progress=None,
            strict_types=strict_types,
        )


@pytest.fixture(scope="module")
def reports(api: ir.Api) -> Iterator[dict[str | None, Report]]:
    yield {bug: _run(api, shop(bug), strict_types=bug in LAX) for bug in (None, *BUGS, *CORRECT)}


@pytest.mark.parametrize("bug", sorted(LAX))
def test_a_lax_reading_is_warned_without_strict_types(api: ir.Api, bug: str) -> None:
    report = _run(api, shop(bug))
    assert report.failures == {}, report.to_text()
    operation, check, _ = CAUGHT[bug]
    stat = report.stats[(operation, check)]
    assert stat.warned and "read leniently" in stat.warning, report.to_text()


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
    "sniffs_media": ("createItem", "media_type_enforced", "sniff"),
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
    # a 500 is also a server error and undocumented: any of these may name it
    also = {"no_server_error", "status_documented"} if bug == "malformed_500" else set()
    failures = [f for (op, c), f in report.failures.items() if op == operation and c == check]
    failures += [f for (op, c), f in report.failures.items() if op == operation and c in also]
    assert failures, report.to_text()
    assert all(word in f.case for f in failures), report.to_text()
    assert report.exit_code == 1
    # the bug is caught by its check alone
    assert {c for _, c in report.failures} <= {check} | also, report.to_text()


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
    (malformed, *_) = [
        f for f in reports["malformed_500"].failures.values() if f.case.startswith("malformed_body")
    ]
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
    (failure,) = [
        f
        for f in data["failures"]
        if f["check"] == "allow_header" and f["operation"] == "listItems"
    ]
    assert failure["kind"] == "unknown_method" and failure["status"] == 405
    assert "allow_header" in reports["no_allow"].to_junit_xml()
    assert "FAIL allow_header on listItems" in reports["no_allow"].to_text()


PARAMS_SPEC = SPECS / "negatives_params_31.yaml"


@pytest.fixture(scope="module")
def params_api() -> ir.Api:
    import yaml

    doc = yaml.safe_load(PARAMS_SPEC.read_text(encoding="utf-8"))
    return build_api(doc, SpecConfig(spec=PARAMS_SPEC, output=Path("out")), str(PARAMS_SPEC))


def _negatives(api: ir.Api) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    from generator.conformance.cases import load_source
    from generator.conformance.negatives import invalid_requests
    from generator.exchange import SchemaValidator

    validator = SchemaValidator(api)
    source = load_source(api)
    try:
        return {
            op.operation_id: list(
                invalid_requests(api, op, [r for _, r in source.coverage(op)], validator)
            )
            for op in api.operations
        }
    finally:
        source.close()


def _texts(cases: list[tuple[str, str, dict[str, Any]]], where: str, name: str) -> set[Any]:
    return {r[where][name] for _, d, r in cases if f"parameter {name!r}" in d}


def test_only_invalid_wire_texts_are_sent(params_api: ir.Api) -> None:
    found = _negatives(params_api)
    things = found["listThings"]
    # ?n=5 is a valid integer: a digit string is never a wrong type; 0 is below the minimum
    assert _texts(things, "query", "n") == {"0", "true", "1.5"}
    assert _texts(things, "query", "ratio") == {"2", "true"}
    assert _texts(things, "query", "tags") == {"true", "1.5"}  # one item of the array
    assert _texts(things, "headers", "X-Level") == {"6", "true", "1.5"}
    # too short, too long, off the pattern at a length the bounds allow
    assert _texts(things, "cookies", "session") == {"aa", "a" * 9, "~~~"}
    # a format is an annotation; an integer-or-string takes any text; no empty texts
    assert not _texts(things, "query", "q") and not _texts(things, "query", "either")
    assert all(
        v != "" for _, _, r in things for part in ("query", "headers") for v in r[part].values()
    )


def test_path_texts_another_template_routes_are_not_sent(params_api: ir.Api) -> None:
    found = _negatives(params_api)
    texts = _texts(found["getThing"], "path", "id")
    assert texts == {"apiforge-not-valid", "0", "true", "1.5"}  # 11 is /things/11
    assert {kind for kind, _, _ in found["getThing"]} == {"path_mutation", "unknown_method"}
    methods = {r["raw"]["method"] for kind, _, r in found["getEleven"] if kind == "unknown_method"}
    # DELETE /things/11 is DELETE /things/{id}; GET is documented; HEAD and OPTIONS never probed
    assert methods == {"PUT", "POST", "PATCH"}
    assert not [c for c in found["deleteThing"] if c[0] == "unknown_method"]  # once per path


def test_a_documented_text_media_type_is_not_the_wrong_one(params_api: ir.Api) -> None:
    cases = _negatives(params_api)["addNote"]
    media = [r["raw"]["content_type"] for kind, _, r in cases if kind == "wrong_media_type"]
    assert media == ["application/octet-stream"]  # text/plain is documented
    (malformed,) = [r["raw"]["body"] for kind, _, r in cases if kind == "malformed_body"]
    with pytest.raises(ValueError):
        json.loads(malformed)


def test_the_mock_passes_every_negative_case(params_api: ir.Api) -> None:
    report = run_conformance(
        params_api, base_url=None, token=None, max_examples=1, seed=0, progress=None
    )
    assert report.exit_code == 0, report.to_text()
    checks = {check for _, check in report.stats}
    assert {"unsupported_method", "allow_header", "malformed_json_rejected"} <= checks
    assert report.stats[("getThing", "invalid_request_rejected")].passed >= 4


def test_an_injected_405_from_the_mock_carries_allow(params_api: ir.Api) -> None:
    import httpx

    from generator.mock import running

    with running(params_api) as url:
        injected = httpx.get(url + "/things/3", headers={"X-Mock-Fault": "405"})
        routed = httpx.put(url + "/things/3")
    assert injected.status_code == routed.status_code == 405
    assert injected.headers["allow"] == routed.headers["allow"] == "DELETE, GET"


def test_a_missing_parameter_the_bytes_still_carry_is_no_near_miss() -> None:
    # `?a=67` reads as m and as n: a server accepting it without m is right
    from generator.conformance import run_conformance
    from generator.mock import running
    from tests.functional.conformance.test_conformance_limits import build
    from tests.support import SPECS

    api = build(SPECS / "exploded_query_objects.yaml")
    with running(api, seed=0) as url:
        report = run_conformance(api, base_url=url, token=None, seed=0, max_examples=10)
    assert not report.failed(), [(f.message, f.case) for f in report.failed()]
