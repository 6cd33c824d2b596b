"""Shapes public specs use that the other suites do not: Kubernetes' ``allOf: [$ref]`` with a
default beside it, object defaults, and bodies documented under a media range (``*/*``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator import ir
from tests.support import SPECS, generate_into, import_fresh

PACKAGE = "shapes_api"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shapes", "version": "1"},
    "paths": {
        "/maps": {
            "post": {
                "operationId": "create_map",
                "requestBody": {
                    "required": True,
                    "content": {"*/*": {"schema": _ref("ConfigMap")}},
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": _ref("ConfigMap")}},
                    }
                },
            }
        },
        "/blobs": {
            "put": {
                "operationId": "put_blob",
                "requestBody": {
                    "required": True,
                    "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
                },
                "responses": {"204": {"description": "stored"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Meta": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "labels": {"type": "object"}},
            },
            "Port": {
                "type": "object",
                "required": ["port"],
                "properties": {"port": {"type": "integer"}},
            },
            "ConfigMap": {
                "type": "object",
                "properties": {
                    # an annotated reference: the referred model, not a copy of it
                    "metadata": {"allOf": [_ref("Meta")], "default": {}, "description": "meta"},
                    # a default the model does not accept (`port` is required): not applied
                    "port": {"allOf": [_ref("Port")], "default": {}},
                    "main": {**_ref("Port"), "default": {"port": 80}},
                    "ports": {"type": "array", "items": _ref("Port"), "default": [{"port": 1}]},
                    "tags": {"type": "array", "items": {"type": "string"}, "default": ["a"]},
                    "nullable_meta": {"allOf": [_ref("Meta")], "nullable": True},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, str]]:
    out = tmp_path_factory.mktemp("shapes")
    spec = out / "shapes.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    files = generate_into(spec, out, PACKAGE)
    yield import_fresh(out, PACKAGE), files[f"{PACKAGE}/models.py"]


def test_an_annotated_reference_is_the_referred_model(api: tuple[ModuleType, str]) -> None:
    module, source = api
    models = module.models
    assert sorted(n for n in models.__all__ if not n.startswith("_")) == [
        "ConfigMap",
        "Meta",
        "Port",
    ]
    assert "    metadata: Meta = Field(" in source
    made = models.ConfigMap.from_dict({"nullable_meta": None, "metadata": {"name": "m"}})
    assert made.nullable_meta is None
    assert isinstance(made.metadata, models.Meta)


def test_an_object_default_is_a_model_built_for_each_instance(
    api: tuple[ModuleType, str],
) -> None:
    module, source = api
    models = module.models
    first, second = models.ConfigMap(), models.ConfigMap()
    assert isinstance(first.metadata, models.Meta)
    assert first.metadata is not second.metadata
    assert first.main == models.Port(port=80)
    assert first.tags == ["a"]
    assert first.to_dict() == {}  # defaults stay off the wire
    assert "default_factory=lambda: Meta.from_dict({})" in source


def test_a_default_the_model_cannot_apply_is_left_out(api: tuple[ModuleType, str]) -> None:
    module, source = api
    made = module.models.ConfigMap()
    # `{}` lacks the required `port`; a list of models is not built from plain data
    assert made.port is None
    assert made.ports is None
    assert "port: Annotated[Port | None, NotNull] = Field(default=None)" in source


def test_a_structured_body_under_a_media_range_is_sent_as_json(
    api: tuple[ModuleType, str],
) -> None:
    module, _ = api
    seen: list[httpx.Request] = []

    def wire(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        if request.url.path == "/blobs":
            return httpx.Response(204)
        return httpx.Response(200, json={"metadata": {"name": "m"}})

    http = httpx.Client(transport=httpx.MockTransport(wire))
    with module.Client(base_url="https://x.test", http_client=http) as client:
        got = client.maps.create(metadata={"name": "m"})
        assert got.metadata.name == "m"
        client.blobs.replace(body=b"\x00raw")
    assert seen[0].headers["content-type"] == "application/json"
    assert json.loads(seen[0].content) == {"metadata": {"name": "m"}}
    assert seen[1].headers["content-type"] == "*/*"
    assert seen[1].content == b"\x00raw"


SPEC_31: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Hooks", "version": "1"},
    "webhooks": {"paid": {"post": {"responses": {"200": {"description": "ok"}}}}},
    "paths": {
        "/subscribe": {
            "post": {
                "callbacks": {"onEvent": {"{$request.body#/url}": {}}},
                "responses": {"201": {"description": "ok"}},
            }
        }
    },
    "components": {
        "schemas": {
            "Address": {
                "type": "object",
                "properties": {"country": {"type": "string"}, "state": {"type": "string"}},
                "if": {"properties": {"country": {"const": "US"}}},
                "then": {"required": ["state"]},
                "dependentRequired": {"state": ["country"]},
            },
            "Point": {
                "type": "array",
                "prefixItems": [{"type": "number"}, {"type": "string"}],
                "items": False,
            },
            "Rest": {
                "type": "array",
                "prefixItems": [{"type": "number"}],
                "items": {"type": "boolean"},
                "contains": {"const": True},
            },
        }
    },
}


def test_what_no_type_expresses_is_listed_as_skipped() -> None:
    from generator.config import SpecConfig
    from generator.parse import build_api

    api = build_api(SPEC_31, SpecConfig(spec=Path("hooks.yaml"), output=Path("out")), "hooks.yaml")
    assert sorted(s.pointer for s in api.skipped) == [
        "/components/schemas/Address/dependentRequired",
        "/components/schemas/Address/if",
        "/components/schemas/Point/prefixItems",
        "/components/schemas/Rest/contains",
        "/components/schemas/Rest/prefixItems",
    ]
    # webhooks and callbacks are generated (their parsers), not skipped; an empty path item
    # of a callback describes no request
    assert [(h.key, h.kind, h.body) for h in api.webhooks] == [("paid", "webhook", None)]
    point, rest = api.alias("Point").type, api.alias("Rest").type
    # a tuple is a list of any of its positions' types, no longer than the prefix; the
    # positions are kept for the strategies, which draw each from its own type
    number, string = ir.NumberT(), ir.StringT()
    assert point == ir.ArrayT(ir.UnionT((number, string)), None, 2, False, (number, string))
    assert rest == ir.ArrayT(ir.UnionT((number, ir.BoolT())), prefix=(number,), rest=ir.BoolT())


PETSTORE = SPECS / "strategies_petstore_30.yaml"


def test_the_mock_reads_every_parameter_style_the_conformance_suite_writes() -> None:
    from generator.config import SpecConfig
    from generator.conformance import run_conformance
    from generator.pipeline import build
    from tests.support import ROOT

    api = build(SpecConfig(spec=PETSTORE, output=Path("out")), ROOT)[1]
    report = run_conformance(
        api, base_url=None, token=None, max_examples=5, seed=0, allow_status=set(), progress=None
    )
    assert report.exit_code == 0, report.to_text()
    assert {op for op, _ in report.stats} >= {"matrixParams", "getTree", "listPets"}


@pytest.mark.parametrize(
    ("style", "explode", "text", "shape", "expected"),
    [
        ("label", False, ".a,b", "array", ["a", "b"]),
        ("label", True, ".a.b", "array", ["a", "b"]),
        ("label", True, ".x=1.y=2", "object", {"x": "1", "y": "2"}),
        ("label", False, ".a.b", "scalar", "a.b"),
        ("matrix", False, ";p=a,b", "array", ["a", "b"]),
        ("matrix", True, ";p=a;p=b", "array", ["a", "b"]),
        ("matrix", True, ";x=1;y=2", "object", {"x": "1", "y": "2"}),
        ("matrix", False, ";p=x,1,y,2", "object", {"x": "1", "y": "2"}),
        ("matrix", False, ";p=v", "scalar", "v"),
        ("simple", True, "x=1,y=2", "object", {"x": "1", "y": "2"}),
        ("simple", False, "x,1,y,2", "object", {"x": "1", "y": "2"}),
        ("json", False, '{"max":1}', "scalar", {"max": 1}),
        ("json", False, "%7B%22max%22%3A1%7D", "scalar", {"max": 1}),
    ],
)
def test_styled_values_read_back(
    style: str, explode: bool, text: str, shape: Any, expected: Any
) -> None:
    from generator.exchange import split_styled

    param = ir.Param("p", "p", "path", ir.AnyT(), True, style, explode)
    assert split_styled(param, text, shape) == expected


@pytest.mark.parametrize(
    ("style", "explode", "value", "segment"),
    [
        ("label", False, ["a", "b"], ".a,b"),
        ("label", True, ["a", "b"], ".a.b"),
        ("label", True, {"x": 1}, ".x=1"),
        ("matrix", True, ["a", "b"], ";p=a;p=b"),
        ("matrix", True, {"x": 1, "y": 2}, ";x=1;y=2"),
        ("matrix", False, {"x": 1}, ";p=x,1"),
        ("simple", True, {"x": 1}, "x=1"),
        ("json", False, {"m": 1}, "%7B%22m%22%3A1%7D"),
    ],
)
def test_the_conformance_suite_writes_path_styles(
    style: str, explode: bool, value: Any, segment: str
) -> None:
    from generator.conformance.wire import _segment

    param = ir.Param("p", "p", "path", ir.AnyT(), True, style, explode)
    assert _segment(param, "p", value) == segment


STREAMS: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Streams", "version": "1"},
    "paths": {
        "/events": {
            "get": {
                "operationId": "events",
                "responses": {
                    "200": {
                        "description": "events",
                        "content": {"text/event-stream": {"schema": _ref("Result")}},
                    }
                },
            }
        },
        "/export": {
            "get": {
                "operationId": "export",
                "responses": {
                    "200": {
                        "description": "bytes",
                        "content": {"application/octet-stream": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
        "/result": {
            "get": {
                "operationId": "result",
                "responses": {
                    "200": {
                        "description": "a result or null",
                        "content": {"application/json": {"schema": _ref("Result")}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Result": {
                "type": ["object", "null"],
                "properties": {"rows": {"type": "integer"}},
            }
        }
    },
}


def test_a_31_object_or_null_is_a_nullable_model() -> None:
    from generator.config import SpecConfig
    from generator.parse import build_api

    api = build_api(STREAMS, SpecConfig(spec=Path("s.yaml"), output=Path("out")), "s.yaml")
    nullable = ir.UnionT((ir.ModelRef("Result"), ir.NullT()))
    assert api.wider == {"/components/schemas/Result": nullable}
    assert api.operations[2].responses[0].type == nullable


def test_stubs_of_streams_and_bytes_pass_and_lint(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.functional.suite.test_generated_tests import run_suite

    spec = tmp_path / "streams.json"
    spec.write_text(json.dumps(STREAMS), encoding="utf-8")
    generate_into(spec, tmp_path, "streams_api")
    tests = tmp_path / "streams_api_tests"
    assert 'return b"binary"' in (tests / "test_export_list.py").read_text()
    lint = [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "UP", str(tests)]
    assert subprocess.run(lint, capture_output=True, check=False).returncode == 0
    done = run_suite(
        tmp_path, "streams_api_tests/test_events_list.py", "streams_api_tests/test_export_list.py"
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_server_variables_take_their_defaults() -> None:
    from generator.config import SpecConfig
    from generator.parse import build_api

    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Vars", "version": "1"},
        "servers": [
            {
                "url": "{scheme}://{region}.api.test:{port}/{base}/{unknown}",
                "variables": {
                    "scheme": {"enum": ["https", "http"], "default": "https"},
                    "region": {"default": "eu"},
                    "port": {"default": "8443"},
                    "base": {"default": "v2"},
                },
            }
        ],
        "paths": {},
    }
    api = build_api(doc, SpecConfig(spec=Path("v.yaml"), output=Path("out")), "v.yaml")
    assert api.base_url == "https://eu.api.test:8443/v2/{unknown}"


LEGACY: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Legacy", "version": "1"},
    "paths": {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": _ref("Item")}},
                    }
                },
            }
        },
        "/items/{id}/": {
            "get": {
                "operationId": "getItem",  # repeated: the spec is invalid, yet common
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {}}],
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/other": {"get": {"operationId": "getItem_2", "responses": {"204": {"description": ""}}}},
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id", "legacy"],
                "properties": {
                    "id": {"type": "integer"},
                    "mixed": {"enum": [1, "1", True, None], "nullable": True},
                },
            }
        }
    },
}


def test_repeated_operation_ids_are_made_unique(tmp_path: Path) -> None:
    from generator.config import SpecConfig
    from generator.parse import build_api

    api = build_api(LEGACY, SpecConfig(spec=Path("l.yaml"), output=Path("out")), "l.yaml")
    assert [(op.path, op.operation_id) for op in api.operations] == [
        ("/items/{id}", "getItem"),
        ("/items/{id}/", "getItem_3"),
        ("/other", "getItem_2"),
    ]


def test_a_required_name_no_property_declares_must_be_present(tmp_path: Path) -> None:
    spec = tmp_path / "legacy.json"
    spec.write_text(json.dumps(LEGACY), encoding="utf-8")
    generate_into(spec, tmp_path, "legacy_api")
    models = import_fresh(tmp_path, "legacy_api").models
    assert models.Item.from_dict({"id": 1, "legacy": [None]}).to_dict() == {
        "id": 1,
        "legacy": [None],
    }
    with pytest.raises(ValueError, match="legacy"):
        models.Item.from_dict({"id": 1})
    # `true` and `1` are distinct members of an enum
    for value in (True, 1, "1", None):
        assert models.Item.from_dict({"id": 1, "legacy": 0, "mixed": value}).mixed == value
    with pytest.raises(ValueError):
        models.Item.from_dict({"id": 1, "legacy": 0, "mixed": False})
