"""Spec patterns read as ECMA-262 everywhere: models, validators, strategies, mock, conformance."""

from __future__ import annotations

import importlib
import json
import random
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pydantic
import pytest
import regress
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir
from generator.cli import main
from generator.conformance import run_conformance
from generator.exchange import SchemaValidator, regex
from generator.mock import serving
from generator.mock.app import MockApp
from tests.support import ROOT, SPECS, generate_into, import_fresh

SPEC = SPECS / "ecma_patterns_31.yaml"
ITEM = "/components/schemas/Item"
PATTERNS = {
    "code": "^fixedquery$",
    "upper": "^\\p{Lu}+$",
    "twice": "^(?<pair>[0-9]{2})-\\k<pair>$",
    "blank": "^\\s$",
    "word": "^\\w+$",
}
# (property, value, what ECMA-262 says)
VERDICTS = [
    ("code", "fixedquery", True),
    ("code", "fixedquery\n", False),
    ("upper", "ÀB", True),
    ("upper", "Ab", False),
    ("twice", "12-12", True),
    ("twice", "12-13", False),
    ("blank", "\ufeff", True),
    ("blank", "\x85", False),
    ("word", "abc_1", True),
    ("word", "abç", False),
]


def ecma_accepts(name: str, value: str) -> bool:
    return regress.Regex(PATTERNS[name], "u").find(value) is not None


def test_the_verdicts_are_ecma_262s() -> None:
    for name, value, accepted in VERDICTS:
        assert ecma_accepts(name, value) is accepted, (name, value)


@pytest.fixture(scope="module")
def api() -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    return build(spec_config(config, SPEC), config.root)[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ecma")
    generate_into(SPEC, out, "ecmapkg")
    return out


def test_validate_accepts_named_groups_and_properties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SPEC)]) == 0


def test_validate_locates_a_pattern_that_is_not_ecma(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a pattern SHOULD be ECMA-262: the document stays valid, the pattern is warned of
    spec = tmp_path / "bad.yaml"
    spec.write_text(SPEC.read_text().replace("'^\\w+$'", "'^\\w+\\Z'"))
    assert main(["validate", str(spec)]) == 0
    err = capsys.readouterr().err
    assert f"warning: {spec}:30:" in err
    assert "\\Z is not an escape in ECMA-262 at offset 4" in err
    assert "(at /components/schemas/Item/properties/word/pattern)" in err


def test_the_model_reads_patterns_as_ecma(generated: Path) -> None:
    models = import_fresh(generated, "ecmapkg").models
    for name, value, accepted in VERDICTS:
        data = {"code": "fixedquery", name: value}
        if accepted:
            models.Item.model_validate(data)
        else:
            with pytest.raises(pydantic.ValidationError, match="does not match the pattern"):
                models.Item.model_validate(data)
    text = (generated / "ecmapkg" / "models.py").read_text()
    assert r'Pattern("\\Afixedquery\\Z", "^fixedquery$")' in text


def test_the_datamodel_codegen_models_read_patterns_as_ecma(tmp_path: Path) -> None:
    generate_into(SPEC, tmp_path, "ecmadcg", models_engine="datamodel-codegen")
    package = import_fresh(tmp_path, "ecmadcg")
    for name, value, accepted in VERDICTS:
        data = {"code": "fixedquery", name: value}
        if accepted:
            package.models.Item.from_dict(data)
        else:
            with pytest.raises(pydantic.ValidationError):
                package.models.Item.from_dict(data)
    code = importlib.import_module("ecmadcg._response").adapter(package.models.Code)
    assert code.validate_python("fixedquery") == "fixedquery"
    with pytest.raises(pydantic.ValidationError):
        code.validate_python("fixedquery\n")


def test_the_generated_validator_reads_patterns_as_ecma(generated: Path) -> None:
    import_fresh(generated, "ecmapkg_tests")
    validation = importlib.import_module("ecmapkg_tests.validation")
    for name, value, accepted in VERDICTS:
        assert validation.accepts(ITEM, {"code": "fixedquery", name: value}) is accepted
    assert validation.accepts(ITEM, {"code": "fixedquery", "x-1": 1})
    assert not validation.accepts(ITEM, {"code": "fixedquery", "x-1": "one"})
    # ECMA `$` is the very end: "x-1\n" is no match, so the key is not held to integer
    assert validation.accepts(ITEM, {"code": "fixedquery", "x-1\n": "one"})


def test_the_generated_validator_of_a_30_spec_reads_patterns_as_ecma(tmp_path: Path) -> None:
    # openapi-schema-validator hands `pattern` to an ECMA engine when one is installed: the
    # generated validator must still read schema.json's patterns, written for Python, with `re`
    spec = tmp_path / "spec30.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Code: {type: string, pattern: '^fixedquery$'}\n"
    )
    generate_into(spec, tmp_path, "ecma30")
    import_fresh(tmp_path, "ecma30_tests")
    validation = importlib.import_module("ecma30_tests.validation")
    assert validation.accepts("/components/schemas/Code", "fixedquery")
    assert not validation.accepts("/components/schemas/Code", "fixedquery\n")


def test_strategies_never_draw_what_ecma_refuses(generated: Path) -> None:
    import_fresh(generated, "ecmapkg")
    import_fresh(generated, "ecmapkg_tests")
    strategies = importlib.import_module("ecmapkg_tests.strategies")

    @settings(
        max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.data())
    def check(data: st.DataObject) -> None:
        item = data.draw(strategies.SCHEMAS[ITEM]())
        for name, value in item.items():
            if name in PATTERNS:
                assert ecma_accepts(name, value), (name, value)

    check()


def test_the_mock_validator_and_drawer_read_patterns_as_ecma(api: ir.Api) -> None:
    validator = SchemaValidator(api)
    for name, value, accepted in VERDICTS:
        assert validator.is_valid(ITEM, {"code": "fixedquery", name: value}) is accepted
    rng = random.Random(0)
    for name, pattern in PATTERNS.items():
        for _ in range(30):
            assert ecma_accepts(name, regex.generate(pattern, rng))


def test_the_mock_server_refuses_a_trailing_newline(api: ir.Api) -> None:
    with serving(MockApp(api)) as url:
        good = httpx.get(url + "/items", params={"item-query": "fixedquery"})
        bad = httpx.get(url + "/items", params={"item-query": "fixedquery\n"})
    assert good.status_code == 200, good.text
    assert good.json()["code"] == "fixedquery"
    assert bad.status_code == 422, bad.text


def test_a_pattern_python_cannot_run_is_skipped_and_the_mock_runs_it_exactly(api: ir.Api) -> None:
    skipped = {s.pointer: s.reason for s in api.skipped}
    reason = skipped[ITEM + "/properties/behind/pattern"]
    assert reason == "pattern cannot be checked exactly: a lookbehind whose length varies"
    validator = SchemaValidator(api)
    for value, accepted in [("aab", True), ("ab", True), ("cb", False), ("b", False)]:
        assert (regress.Regex("(?<=a+)b", "u").find(value) is not None) is accepted
        assert validator.is_valid(ITEM, {"code": "fixedquery", "behind": value}) is accepted


def test_patterns_as_python_in_nested_and_untranslatable_keys() -> None:
    from generator.patterns.sites import for_python

    inner = {"patternProperties": {"^b$": {"pattern": "^c$"}}}
    document = {"patternProperties": {"^a$": inner, "(?<=a+)k": {}, "(?<=x|yy)z": {}}}
    out = for_python(document)
    nested = out["patternProperties"]["\\Aa\\Z"]
    assert nested == {"patternProperties": {"\\Ab\\Z": {"pattern": "\\Ac\\Z"}}}
    # Python cannot compile these: each matches nothing, and they stay two keys
    never = [k for k in out["patternProperties"] if k.startswith("(?!)")]
    assert len(never) == 2
    assert not any(re.search(k, "aak") or re.search(k, "yyz") for k in never)
    assert document["patternProperties"]["^a$"] is inner  # the original is left alone
    assert inner == {"patternProperties": {"^b$": {"pattern": "^c$"}}}


def test_patterns_as_python_copy_only_the_way_to_each_pattern() -> None:
    from generator.patterns.sites import for_python

    plain = {"type": "string", "enum": ["pattern"]}
    document = {"allOf": [{"pattern": "^x$"}, plain], "items": {"pattern": "^y$"}, "x": [1]}
    before = json.dumps(document)
    out = for_python(document)
    assert out == {
        "allOf": [{"pattern": "\\Ax\\Z"}, plain],
        "items": {"pattern": "\\Ay\\Z"},
        "x": [1],
    }
    assert json.dumps(document) == before  # nothing of the original changed
    assert out["allOf"][1] is plain and out["x"] is document["x"]  # what holds none is shared
    assert for_python(document, keys_only=True) == document


def test_an_untranslatable_pattern_properties_key_is_listed_as_skipped(tmp_path: Path) -> None:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    spec = tmp_path / "keys.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Bag: {type: object, patternProperties: {'(?<=a+)k': {type: integer}}}\n"
    )
    config = load_config(ROOT)
    built = build(spec_config(config, spec), config.root)[1]
    skipped = {s.pointer: s.reason for s in built.skipped}
    reason = skipped["/components/schemas/Bag/patternProperties/(?<=a+)k"]
    assert reason.startswith("the key cannot be checked exactly: a lookbehind whose length varies")


async def strict_server(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Refuses any ``item-query`` but exactly ``fixedquery``, as an ECMA-262 validator does."""
    if scope["type"] != "http":
        return
    query = parse_qs(scope["query_string"].decode(), keep_blank_values=True)
    ok = scope["path"] == "/items" and query.get("item-query") == ["fixedquery"]
    body = json.dumps({"code": "fixedquery"} if ok else {"detail": "refused"}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200 if ok else 422, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def test_conformance_passes_a_server_that_refuses_a_trailing_newline(api: ir.Api) -> None:
    with serving(strict_server) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=25, seed=0)
    assert not report.failures, report.to_text()
    assert report.exit_code == 0, report.to_text()
