"""The seed's models accept exactly what its JSON Schema accepts, and round-trip the wire."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support import ROOT, SEED

DOC = yaml.safe_load(SEED.read_text(encoding="utf-8"))
REGISTRY: Registry[Any] = Registry().with_resource(
    "urn:spec", Resource.from_contents(DOC, default_specification=DRAFT202012)
)


def spec_accepts(component: str, instance: Any) -> bool:
    """The independent verdict: jsonschema, Draft 2020-12, on the spec's own schema."""
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"urn:spec#/components/schemas/{component}"}, registry=REGISTRY
    )
    return validator.is_valid(instance)


def model_accepts(model: type[Any], instance: Any) -> bool:
    try:
        model.from_dict(copy.deepcopy(instance))
    except ValidationError:
        return False
    return True


MESSAGE = {"role": "user", "content": "Hello"}
REQUEST = {"model": "sonar", "messages": [MESSAGE]}
OUTPUT_MESSAGE = {"role": "assistant", "content": "Hi"}
RESPONSE = {
    "id": "r1",
    "model": "sonar",
    "created": 1,
    "choices": [{"index": 0, "message": OUTPUT_MESSAGE, "delta": OUTPUT_MESSAGE}],
}


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(base), **changes}


# (component, class name, instance, accepted by the spec)
CASES: list[tuple[str, str, Any, bool]] = [
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", REQUEST, True),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, n="5"), False),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, n=True), False),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, n=5.0), True),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, n=5.5), False),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, n=11), False),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, max_tokens=0), False),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, max_tokens=1), True),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, max_tokens=None),
        True,
    ),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, stream=1), False),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, stream=None), True),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, num_images=None),
        False,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, num_images=3.0),
        True,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, num_images="3"),
        False,
    ),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, latitude=1), True),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, latitude=False),
        False,
    ),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, model=5), False),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, stop=[]), True),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", with_(REQUEST, stop=[1]), False),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, stream_mode="full"),
        True,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, stream_mode="FULL"),
        False,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, web_search_options=None),
        False,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, _inputs=[1, 2]),
        True,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, _inputs=["1"]),
        False,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, unknown={"x": [1]}),
        True,
    ),
    ("ApiChatCompletionsRequest", "ApiChatCompletionsRequest", {"model": "sonar"}, False),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, response_format={"type": "regex", "regex": {"regex": "a+"}}),
        True,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, response_format={"type": "regexp", "regex": {"regex": "a+"}}),
        False,
    ),
    (
        "ApiChatCompletionsRequest",
        "ApiChatCompletionsRequest",
        with_(REQUEST, response_format={"type": "text"}),
        True,
    ),
    ("ChatMessage-Input", "ChatMessageInput", {"role": "user", "content": None}, True),
    ("ChatMessage-Input", "ChatMessageInput", {"role": "user"}, False),
    ("ChatMessage-Input", "ChatMessageInput", {"role": "robot", "content": "x"}, False),
    (
        "ChatMessage-Input",
        "ChatMessageInput",
        {"role": "user", "content": [{"type": "text", "text": "x"}]},
        True,
    ),
    (
        "ChatMessage-Input",
        "ChatMessageInput",
        {"role": "user", "content": [{"type": "text"}]},
        False,
    ),
    (
        "ChatMessage-Input",
        "ChatMessageInput",
        {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "u"}}]},
        True,
    ),
    (
        "ChatMessage-Input",
        "ChatMessageInput",
        {"role": "user", "content": [{"type": "image", "x": 1}]},
        False,
    ),
    ("VideoURL", "VideoURL", {"url": "u", "frame_interval": 25}, True),
    ("VideoURL", "VideoURL", {"url": "u", "frame_interval": "25"}, True),
    ("VideoURL", "VideoURL", {"url": "u", "frame_interval": 2.5}, False),
    ("VideoURL", "VideoURL", {"url": "u", "frame_interval": None}, False),
    ("CompletionResponse", "CompletionResponse", RESPONSE, True),
    ("CompletionResponse", "CompletionResponse", with_(RESPONSE, status="DONE"), False),
    ("CompletionResponse", "CompletionResponse", with_(RESPONSE, status=None), True),
    ("CompletionResponse", "CompletionResponse", with_(RESPONSE, created=True), False),
    ("HTTPValidationError", "HTTPValidationError", {"detail": None}, False),
    ("HTTPValidationError", "HTTPValidationError", {}, True),
    (
        "HTTPValidationError",
        "HTTPValidationError",
        {"detail": [{"loc": ["a", 0], "msg": "m", "type": "t"}]},
        True,
    ),
    (
        "HTTPValidationError",
        "HTTPValidationError",
        {"detail": [{"loc": [True], "msg": "m", "type": "t"}]},
        False,
    ),
]


@pytest.mark.parametrize(("component", "cls", "instance", "expected"), CASES)
def test_models_agree_with_the_spec(
    seed: ModuleType, component: str, cls: str, instance: Any, expected: bool
) -> None:
    assert spec_accepts(component, instance) is expected, "the case itself is wrong"
    model = getattr(seed.models, cls)
    assert model_accepts(model, instance) is expected
    if expected:
        assert model.from_dict(copy.deepcopy(instance)).to_dict() == instance


def test_round_trip_keeps_nulls_unknown_fields_and_leaves_out_unset(seed: ModuleType) -> None:
    wire = {
        "request": with_(
            REQUEST,
            max_tokens=None,
            _inputs=[1],
            vendor_extension={"nested": [1, {"deep": None}]},
            messages=[
                {
                    "role": "user",
                    "content": [{"type": "text", "text": "x", "extra": 1}],
                    "more": True,
                }
            ],
        ),
        "idempotency_key": None,
        "top_level_extra": "kept",
    }
    model = seed.models.AsyncApiChatCompletionsRequest.from_dict(copy.deepcopy(wire))
    assert model.to_dict() == wire
    assert model.to_json().startswith("{")
    assert "num_images" not in model.to_dict()["request"]
    assert model.request.num_images == 5


def test_underscore_properties_are_fields_by_python_and_wire_name(seed: ModuleType) -> None:
    request = seed.models.ApiChatCompletionsRequest
    by_wire = request(
        model="m", messages=[], _inputs=[1], _prompt_token_length=3, _debug_pro_search=True
    )
    by_name = request(
        model="m", messages=[], inputs_=[1], prompt_token_length_=3, debug_pro_search_=True
    )
    assert by_wire.to_dict() == by_name.to_dict()
    assert by_wire.to_dict()["_inputs"] == [1]
    assert by_wire.inputs_ == [1]
    assert (
        request(model="m", messages=[], _force_new_agent=True).to_dict()["_force_new_agent"] is True
    )
    assert {"inputs_", "prompt_token_length_", "debug_pro_search_", "force_new_agent_"} <= set(
        request.model_fields
    )


def test_input_and_output_variants_are_distinct_classes(seed: ModuleType) -> None:
    models = seed.models
    assert models.ChatMessageInput is not models.ChatMessageOutput
    assert models.ReasoningStepInput is not models.ReasoningStepOutput
    assert {
        "ChatMessageInput",
        "ChatMessageOutput",
        "ReasoningStepInput",
        "ReasoningStepOutput",
    } <= set(models.__all__)


def test_const_is_a_literal_and_const_typed_unions_are_discriminated(seed: ModuleType) -> None:
    models = seed.models
    text = models.ChatMessageInput.from_dict(
        {"role": "user", "content": [{"type": "text", "text": "x"}]}
    )
    assert type(text.content[0]).__name__ == "ChatMessageContentTextChunk"
    fmt = models.ApiChatCompletionsRequest.from_dict(
        with_(REQUEST, response_format={"type": "json_schema", "json_schema": {"schema": {}}})
    )
    assert type(fmt.response_format).__name__ == "ResponseFormatJSONSchema"
    with pytest.raises(ValidationError) as info:
        models.ResponseFormatText.from_dict({"type": "regex"})
    assert info.value.errors()[0]["type"] == "literal_error"
    with pytest.raises(ValidationError) as info:
        models.ChatMessageInput.from_dict({"role": "user", "content": [{"type": "nope"}]})
    assert "union_tag_not_found" in {e["type"] for e in info.value.errors()}


def test_required_but_nullable_stays_required(seed: ModuleType) -> None:
    field = seed.models.ChatMessageInput.model_fields["content"]
    assert field.is_required()
    assert seed.models.ChatMessageInput.from_dict({"role": "user", "content": None}).content is None


def test_defaults_keep_their_spec_type(seed: ModuleType) -> None:
    video = seed.models.VideoURL.model_fields["frame_interval"]
    assert video.default == 25 and type(video.default) is int
    assert seed.models.ApiChatCompletionsRequest.model_fields["num_search_results"].default == 10
    assert seed.models.WebSearchOptions.model_fields["search_context_size"].default == "low"
    assert seed.models.ApiPublicSearchResult.model_fields["source"].default == "web"
    assert seed.models.ApiChatCompletionsRequest.model_fields["stream"].default is False


def test_generated_package_passes_ruff_and_mypy_strict(seed_out: Path) -> None:
    pkg = seed_out / "seed_api"
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml"), str(pkg)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(pkg)],
        capture_output=True,
        text=True,
        cwd=seed_out,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
