"""An undeclared property named as a declared property's Python name (``name`` beside the
wire name ``Name``), on ``specs/strategies_shadowed_names_30.yaml``: wire data read by wire
names and written back is the same object, whatever undeclared properties it holds, through
the models, the client's requests and its responses (strict and forgiving), with either models
engine; a model built in Python by field names keeps working."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "strategies_shadowed_names_30.yaml"
ENGINES = ["apiforge", "datamodel-codegen"]

# (model, wire data): each key that is a declared property's Python name is undeclared here
WIRE: list[tuple[str, dict[str, Any]]] = [
    ("Contact", {"ContactID": "c", "name": "x"}),
    ("Contact", {"ContactID": "c", "Name": "a", "name": "x"}),
    ("Contact", {"ContactID": "c", "Name": None, "name": "x"}),
    ("Contact", {"ContactID": "c", "contact_id": "d", "is_supplier": True}),
    ("Contact", {"ContactID": "c", "Address": {"city": "x", "address_line1": None}}),
    ("Contact", {"ContactID": "c", "address": {"City": "y"}, "Address": {"City": "z"}}),
    ("Address", {"city": "Auckland"}),
    ("Address", {"City": "Wellington", "city": "Auckland"}),
    ("Tally", {"count": 1, "count_2": 2}),
    ("Tally", {"Count": 5, "count": 1, "count_": 3}),
    ("Holder", {"contact": {"ContactID": "c", "name": "x"}, "tallies": [{"count": 1}, {}]}),
    ("Holder", {"contact": {"ContactID": "c", "Address": {"city": "x"}}, "x": {"count": 1}}),
    # a before-validator (the count of properties) around the fields
    # properties named as the core schema's own keys: held models are read by wire names too
    ("Holder", {"metadata": {"city": "x"}, "serialization": {"count": 1}}),
    ("Counted", {"total": 1, "zz": 2}),
    ("Counted", {"Total": 1, "total": 2}),
]


def _missing() -> object:
    """datamodel-codegen's value of an absent optional property (apiforge's is None)."""
    import pydantic

    return getattr(pydantic, "MISSING", None)


@pytest.fixture(scope="module", params=ENGINES)
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    engine = request.param
    if engine == "datamodel-codegen":
        pytest.importorskip("datamodel_code_generator")
    package = "shadowed_" + engine.replace("-", "_")
    out = tmp_path_factory.mktemp(package)
    generate_into(SPEC, out, package, models_engine=engine)
    return import_fresh(out, package)


@pytest.mark.parametrize(("name", "data"), WIRE)
def test_wire_data_round_trips(api: ModuleType, name: str, data: dict[str, Any]) -> None:
    model = getattr(api.models, name)
    assert model.from_dict(data).to_dict() == data
    assert json.loads(model.from_json(json.dumps(data)).to_json()) == data


def test_an_undeclared_name_is_no_declared_property(api: ModuleType) -> None:
    data = {"ContactID": "c", "name": "x", "Address": {"city": "y"}}
    contact = api.models.Contact.from_dict(data)
    assert contact.name in (None, _missing()) and contact.model_extra == {"name": "x"}
    assert contact.address.city == "Wellington" and contact.address.model_extra == {"city": "y"}
    # the fields the undeclared names share are not set (nor are those names, which pydantic
    # counts with the fields set and which stay among the extras all the same)
    assert contact.model_fields_set == {"contact_id", "address"}
    assert contact.address.model_fields_set == set()
    assert contact.model_dump(exclude_unset=True, by_alias=True)["Address"] == {"city": "y"}


def test_a_required_property_is_not_given_by_its_python_name(api: ModuleType) -> None:
    with pytest.raises(ValidationError):
        api.models.Contact.from_dict({"contact_id": "c"})


def test_python_construction_by_field_names_still_works(api: ModuleType) -> None:
    contact = api.models.Contact(contact_id="c", name="x", address=api.models.Address(city="y"))
    assert contact.to_dict() == {"ContactID": "c", "Name": "x", "Address": {"City": "y"}}
    by_wire = api.models.Contact(ContactID="c", Name="x")
    assert by_wire.to_dict() == {"ContactID": "c", "Name": "x"}
    both = api.models.Contact(**{"ContactID": "c", "Name": "a", "name": "x"})
    assert both.to_dict() == {"ContactID": "c", "Name": "a", "name": "x"}


def test_a_bounded_object_keeps_its_undeclared_properties(api: ModuleType) -> None:
    counted = api.models.Counted.from_dict({"total": 1, "zz": 2})
    assert counted.model_extra == {"total": 1, "zz": 2}
    assert counted.model_fields_set == {"zz"}
    with pytest.raises(ValidationError):
        api.models.Counted.from_dict({})  # the bound still holds


def _client(api: ModuleType, answer: Any, sent: list[Any]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content) if request.content else None)
        return httpx.Response(200, json=answer)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    return api.Client(base_url="https://api.example.test", http_client=http, max_retries=0)


BODIES = [data for name, data in WIRE if name == "Contact"]


@pytest.mark.parametrize("body", BODIES)
def test_the_request_body_is_sent_as_given(api: ModuleType, body: dict[str, Any]) -> None:
    sent: list[Any] = []
    client = _client(api, body, sent)
    model = api.models.Contact.from_dict(body)
    assert client.contacts.create(body=body).to_dict() == body
    client.contacts.create(body=model)
    assert sent == [body, body]


def test_nested_dicts_of_keyword_arguments_are_wire_data(api: ModuleType) -> None:
    sent: list[Any] = []
    client = _client(api, {"ContactID": "c"}, sent)
    client.contacts.create(contact_id="c", address={"city": "x"})
    client.tallies.replace(count=1, extra_body={"count": 2})
    client.tallies.replace(body={"count": 2})
    assert sent == [
        {"ContactID": "c", "Address": {"city": "x"}},
        {"Count": 1, "count": 2},
        {"count": 2},
    ]


@pytest.mark.parametrize("strict", [True, False])
def test_responses_are_read_as_sent(api: ModuleType, strict: bool) -> None:
    answer = [data for _, data in WIRE[:6]]
    client = _client(api, answer, [])
    assert [c.to_dict() for c in client.with_options(strict=strict).contacts.list()] == answer


def test_a_forgiving_read_keeps_undeclared_names_apart(
    api: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    # not valid (an integer id): built without validation, every key kept where it came
    drifted = {"ContactID": 7, "name": "x", "Address": {"City": 1, "city": "y"}}
    contacts = _client(api, [drifted], []).contacts.list()
    assert [c.to_dict() for c in contacts] == [drifted]
    assert contacts[0].name in (None, _missing()) and contacts[0].model_extra == {"name": "x"}


@pytest.mark.parametrize("strict", [True, False])
def test_one_of_members_read_by_wire_names(api: ModuleType, strict: bool) -> None:
    # `object_` is undeclared beside `object`: the first member accepts it, the second not
    answer = {"kind": "a", "object_": 0}
    client = _client(api, answer, []).with_options(strict=strict)
    assert client.either.list().to_dict() == answer
