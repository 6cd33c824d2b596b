"""The mock's router: the most specific template first, taking a path where its operation
reads values its schemas take from it; else the first the path fits at all, whose answer says
which value is wrong."""

from __future__ import annotations

import pytest

from generator.exchange import SchemaValidator
from generator.mock.routing import Routes
from tests.unit.exchange.test_paths import PATHS
from tests.unit.parse.spec import build


@pytest.mark.parametrize(
    ("path", "operation", "values"),
    [
        ("/files/x.tar.gz", "typed", {"name": "x", "ext": "tar.gz"}),
        ("/files/x.json", "typed", {"name": "x", "ext": "json"}),
        ("/files/x.md", "plain", {"name": "x.md"}),  # no ext `{name}.{ext}` takes
        ("/files/x.json/", "typed", {"name": "x", "ext": "json"}),  # a trailing slash more
        ("/codes/AB12", "code", {"prefix": "AB", "number": "12"}),
        ("/codes/A12", "code", {"prefix": "A", "number": "12"}),
        ("/codes/B12", "code", {"prefix": "B1", "number": "2"}),  # no valid split: refused there
        ("/12", "byId", {"id": "12"}),
        ("/x2", "joined", {"a": "x", "b": "2"}),  # not an integer: the next template's
        ("/7", "byId", {"id": "7"}),
    ],
)
def test_a_request_goes_to_the_most_specific_template_that_reads_it(
    path: str, operation: str, values: dict[str, str]
) -> None:
    api = build(PATHS, openapi="3.0.3")
    found = Routes(api, SchemaValidator(api)).find("GET", path, [])
    assert found.op is not None and found.op.operation_id == operation
    assert found.values == values


def test_a_path_no_template_fits_finds_nothing_and_another_method_is_refused() -> None:
    api = build(PATHS, openapi="3.0.3")
    routes = Routes(api, SchemaValidator(api))
    assert routes.find("GET", "/files/x/y", []).op is None
    refused = routes.find("POST", "/files/x.json", [])
    assert refused.op is None and refused.allowed == ("GET",)
