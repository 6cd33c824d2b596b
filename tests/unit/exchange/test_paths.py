"""The path values a path as sent holds, read as a server may read them: any split among the
template's expressions whose parts the parameters' schemas take."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.exchange import SchemaValidator, path_text_fits, read_path
from tests.unit.parse.spec import build


def _get(operation_id: str, **schemas: dict[str, Any]) -> dict[str, Any]:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": schema}
        for name, schema in schemas.items()
    ]
    return {
        "get": {
            "operationId": operation_id,
            "parameters": parameters,
            "responses": {"204": {"description": "Done."}},
        }
    }


STRING = {"type": "string"}
PATHS = {
    "/files/{name}.{ext}": _get("typed", name=STRING, ext={"enum": ["json", "tar.gz"]}),
    "/files/{name}": _get("plain", name=STRING),
    "/codes/{prefix}{number}": _get(
        "code", prefix={"enum": ["A", "AB"]}, number={"type": "integer", "minimum": 0}
    ),
    "/{id}": _get("byId", id={"type": "integer"}),
    "/{a}{b}": _get("joined", a=STRING, b=STRING),
}


def _api() -> tuple[ir.Api, dict[str, ir.Operation], SchemaValidator]:
    api = build(PATHS, openapi="3.0.3")
    return api, {op.operation_id: op for op in api.operations}, SchemaValidator(api)


def test_a_path_is_read_by_a_split_whose_parts_its_schemas_take() -> None:
    api, ops, validator = _api()
    assert read_path(api, ops["typed"], "/files/x.tar.gz", validator) == {
        "name": "x",
        "ext": "tar.gz",
    }
    assert read_path(api, ops["typed"], "/files/a.b.json", validator) == {
        "name": "a.b",
        "ext": "json",
    }
    assert read_path(api, ops["typed"], "/files/x.md", validator) is None
    assert read_path(api, ops["code"], "/codes/AB12", validator) == {"prefix": "AB", "number": "12"}
    assert read_path(api, ops["code"], "/codes/A%31", validator) == {"prefix": "A", "number": "1"}
    assert read_path(api, ops["code"], "/codes/A-1", validator) is None  # below the minimum
    assert read_path(api, ops["joined"], "/x", validator) is None  # an empty value is none


def test_a_part_fits_as_its_parameter_reads_it() -> None:
    api, ops, validator = _api()
    number = next(p for p in ops["code"].params if p.wire == "number")
    assert path_text_fits(api, validator, number, "7")
    assert not path_text_fits(api, validator, number, "7.5")
    assert path_text_fits(api, validator, None, "anything")  # no parameter: any text
