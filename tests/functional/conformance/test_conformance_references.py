"""A valid request refused for a reference to what the server does not hold (a book's author
id, its publisher's UUID) is sent again referring to ids the server's answers gave; taken
then, it is a warning. Refused before any answer gave one (the books' cases run first), it is
sent again at the run's end. A server refusing a valid value for another reason still fails
(tests/servers/references.py)."""

from __future__ import annotations

import json

import pytest
import yaml

from generator import ir
from generator.config import SpecConfig
from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from generator.pipeline import build
from tests.servers import references
from tests.support import ROOT, SPECS

SPEC = SPECS / "strategies_references_30.yaml"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SpecConfig(spec=SPEC, output=SPEC.parent), ROOT)[1]


FIRST = "/a/books"  # operations run in the order of their paths: this one before the authors'


@pytest.fixture(scope="module")
def books_first(tmp_path_factory: pytest.TempPathFactory) -> ir.Api:
    """The spec with the books at a path that sorts first: their cases run before any author
    or publisher is made."""
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    doc["paths"][FIRST] = doc["paths"].pop("/books")
    spec = tmp_path_factory.mktemp("books-first") / "books_first.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    return build(SpecConfig(spec=spec, output=spec.parent), ROOT)[1]


def _run(api: ir.Api, *, planted: bool) -> Report:
    books = FIRST if api.operations[0].path == FIRST else "/books"
    with serving(references.app(planted=planted, books_at=books)) as url:
        return run_conformance(api, base_url=url, token=None, max_examples=25, seed=0, workers=1)


def test_a_refused_reference_taken_with_a_given_id_is_a_warning(api: ir.Api) -> None:
    report = _run(api, planted=False)
    assert report.failed() == [], report.to_text()
    warned = report.stats[("createBook", "valid_request_accepted")]
    assert warned.warned and "identifiers the server gave" in warned.warning, report.to_text()


def test_a_valid_value_refused_for_itself_still_fails(api: ir.Api) -> None:
    report = _run(api, planted=True)
    assert {(f.operation, f.check) for f in report.failed()} == {
        ("createBook", "valid_request_accepted")
    }, report.to_text()


def test_a_reference_refused_before_any_id_was_given_is_judged_at_the_end(
    books_first: ir.Api,
) -> None:
    assert books_first.operations[0].operation_id == "createBook"
    report = _run(books_first, planted=False)
    assert report.failed() == [], report.to_text()
    warned = report.stats[("createBook", "valid_request_accepted")]
    assert warned.warned and "identifiers the server gave" in warned.warning, report.to_text()


def test_judged_at_the_end_a_valid_value_refused_for_itself_still_fails(
    books_first: ir.Api,
) -> None:
    report = _run(books_first, planted=True)
    assert {(f.operation, f.check) for f in report.failed()} == {
        ("createBook", "valid_request_accepted")
    }, report.to_text()
