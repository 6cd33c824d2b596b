"""Examples per CPU-second of the generated strategies, next to schemathesis and a ceiling.

    python bench/strategies.py [--examples 1000] [--runs 3]

For four of the seed's schemas, three generators draw ``--examples`` values each under the
same protocol: ``@given`` with ``max_examples``, ``phases=[Phase.generate]``,
``derandomize=True``, no example database; ``time.process_time()`` around the whole run,
best of ``--runs`` (every run draws the same values, so the best one is the least disturbed
by the rest of the machine). Every value is then checked by ``jsonschema`` (Draft 2020-12,
refs resolved in the spec): the share that validates must be 100%.

- apiforge: ``SCHEMAS[pointer]()`` of the generated ``<package>_tests/strategies.py``;
- schemathesis: ``schemathesis.generation.jsonschema.builder.build`` on the same schema (skipped
  with a line saying so when schemathesis is not installed);
- ceiling: ``st.fixed_dictionaries`` written by hand, of the same shape as what apiforge
  generates (same keys, leaves, sizes): what Hypothesis itself allows.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "spec" / "perplexity-async-chat-completions.yaml"
NAMES = (
    "AsyncApiChatCompletionsRequest",
    "ApiChatCompletionsRequest",
    "AsyncApiChatCompletionsResponse",
    "CompletionResponse",
)
Strategy = st.SearchStrategy[Any]


# ---------------------------------------------------------------------------- the ceiling

N = st.none()
T = st.text()
I = st.integers()  # noqa: E741 - one letter per leaf keeps the shapes readable
B = st.sampled_from([False, True, None])
_SCALARS = st.one_of(
    N, st.booleans(), I, st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=10)
)
_NESTED = st.one_of(
    st.lists(_SCALARS, max_size=3), st.dictionaries(st.text(max_size=5), _SCALARS, max_size=3)
)
J = st.one_of(_SCALARS, _NESTED, st.lists(_NESTED, max_size=2))
NUM = st.one_of(I, st.floats(allow_nan=False, allow_infinity=False))
X = {"x-extra": _SCALARS}  # the undeclared property apiforge draws for open objects


def opt(strategy: Strategy) -> Strategy:
    return st.one_of(strategy, N)


def obj(required: dict[str, Strategy], optional: dict[str, Strategy] | None = None) -> Strategy:
    return st.fixed_dictionaries(required, optional={**(optional or {}), **X})


def ceiling() -> dict[str, Strategy]:
    """The four schemas as one would write them by hand with Hypothesis."""
    result = obj(
        {"title": T, "url": T},
        {
            "date": opt(T),
            "last_updated": opt(T),
            "snippet": st.one_of(st.just(""), T),
            "source": st.sampled_from(["web", "attachment"]),
        },
    )
    results = st.lists(result, max_size=2)
    url = obj({"url": T})
    chunk = st.one_of(
        obj({"type": st.just("text"), "text": T}),
        obj({"type": st.just("image_url"), "image_url": st.one_of(url, T)}),
        obj({"type": st.just("file_url"), "file_url": st.one_of(url, T)}, {"file_name": opt(T)}),
        obj({"type": st.just("pdf_url"), "pdf_url": st.one_of(url, T)}),
        obj(
            {
                "type": st.just("video_url"),
                "video_url": st.one_of(
                    obj({"url": T}, {"frame_interval": st.one_of(st.just(25), st.one_of(T, I))}), T
                ),
            }
        ),
    )
    step = obj(
        {"thought": T},
        {
            "type": opt(T),
            "web_search": opt(
                obj({"search_results": results, "search_keywords": st.lists(T, max_size=4)})
            ),
            "fetch_url_content": opt(obj({"contents": results})),
            "execute_python": opt(obj({"code": T, "result": T})),
        },
    )
    tool_call = obj(
        {},
        {
            "id": opt(T),
            "type": st.sampled_from(["function", None]),
            "function": opt(obj({}, {"name": opt(T), "arguments": opt(T)})),
        },
    )
    message = obj(
        {
            "role": st.sampled_from(["system", "user", "assistant", "tool"]),
            "content": st.one_of(T, st.lists(chunk, max_size=2), N),
        },
        {
            "reasoning_steps": opt(st.lists(step, max_size=2)),
            "tool_calls": opt(st.lists(tool_call, max_size=2)),
            "tool_call_id": opt(T),
        },
    )
    mapping = st.dictionaries(T, J, max_size=2)
    texts = opt(st.lists(T, max_size=4))
    function = obj(
        {
            "name": T,
            "description": T,
            "parameters": obj(
                {"type": T, "properties": mapping}, {"required": texts, "additional_properties": B}
            ),
        },
        {"strict": B},
    )
    location = obj(
        {},
        {
            "latitude": opt(NUM),
            "longitude": opt(NUM),
            "country": opt(T),
            "city": opt(T),
            "region": opt(T),
        },
    )
    request = obj(
        {"model": T, "messages": st.lists(message, max_size=2)},
        {
            "max_tokens": opt(st.integers(1, 128000)),
            "n": opt(st.integers(1, 10)),
            "stream": B,
            "stop": st.one_of(T, st.lists(T, max_size=4), N),
            "cum_logprobs": B,
            "logprobs": B,
            "top_logprobs": opt(I),
            "best_of": opt(I),
            "response_metadata": opt(mapping),
            "response_format": st.one_of(
                obj({"type": st.just("text")}),
                obj(
                    {
                        "type": st.just("json_schema"),
                        "json_schema": obj(
                            {"schema": mapping},
                            {
                                "name": st.one_of(st.just("schema"), opt(T)),
                                "description": opt(T),
                                "strict": st.sampled_from([True, False, None]),
                            },
                        ),
                    }
                ),
                obj(
                    {
                        "type": st.just("regex"),
                        "regex": obj(
                            {"regex": T}, {"name": opt(T), "description": opt(T), "strict": B}
                        ),
                    }
                ),
                N,
            ),
            "diverse_first_token": B,
            "_inputs": opt(st.lists(I, max_size=4)),
            "_prompt_token_length": opt(I),
            "tools": opt(
                st.lists(obj({"type": st.just("function"), "function": function}), max_size=2)
            ),
            "tool_choice": st.sampled_from(["none", "auto", "required", None]),
            "parallel_tool_calls": B,
            "web_search_options": obj(
                {},
                {
                    "search_context_size": st.sampled_from(["low", "medium", "high"]),
                    "search_type": st.sampled_from(["fast", "pro", "auto", None]),
                    "user_location": opt(location),
                    "image_results_enhanced_relevance": st.sampled_from([False, True]),
                },
            ),
            "search_mode": st.sampled_from(["web", "academic", "sec", None]),
            "return_images": B,
            "return_related_questions": B,
            "num_search_results": st.one_of(st.just(10), I),
            "num_images": st.one_of(st.just(5), I),
            "enable_search_classifier": B,
            "disable_search": B,
            "search_domain_filter": texts,
            "search_language_filter": texts,
            "search_tenant": opt(T),
            "ranking_model": opt(T),
            "latitude": opt(NUM),
            "longitude": opt(NUM),
            "country": opt(T),
            "search_recency_filter": st.sampled_from(
                ["hour", "day", "week", "month", "year", None]
            ),
            "search_after_date_filter": opt(T),
            "search_before_date_filter": opt(T),
            "last_updated_before_filter": opt(T),
            "last_updated_after_filter": opt(T),
            "image_format_filter": texts,
            "image_domain_filter": texts,
            "safe_search": st.sampled_from([True, False, None]),
            "file_workspace_id": opt(T),
            "updated_before_timestamp": opt(I),
            "updated_after_timestamp": opt(I),
            "search_internal_properties": opt(mapping),
            "use_threads": B,
            "thread_id": opt(T),
            "stream_mode": st.sampled_from(["full", "concise"]),
            "_debug_pro_search": st.sampled_from([False, True]),
            "has_image_url": st.sampled_from([False, True]),
            "reasoning_effort": st.sampled_from(["minimal", "low", "medium", "high", None]),
            "language_preference": opt(T),
            "user_original_query": opt(T),
            "_force_new_agent": B,
        },
    )
    cost = obj(
        {"input_tokens_cost": NUM, "output_tokens_cost": NUM, "total_cost": NUM},
        {
            "reasoning_tokens_cost": opt(NUM),
            "request_cost": opt(NUM),
            "citation_tokens_cost": opt(NUM),
            "search_queries_cost": opt(NUM),
        },
    )
    usage = obj(
        {"prompt_tokens": I, "completion_tokens": I, "total_tokens": I, "cost": cost},
        {
            "search_context_size": opt(T),
            "citation_tokens": opt(I),
            "num_search_queries": opt(I),
            "reasoning_tokens": opt(I),
        },
    )
    choice = obj(
        {"index": I, "message": message, "delta": message},
        {"finish_reason": st.sampled_from(["stop", "length", None])},
    )
    completion = obj(
        {"id": T, "model": T, "created": I, "choices": st.lists(choice, max_size=2)},
        {
            "usage": opt(usage),
            "object": st.one_of(st.just("chat.completion"), T),
            "citations": texts,
            "search_results": opt(results),
            "type": st.sampled_from(["message", "info", "end_of_stream", None]),
            "status": st.sampled_from(["PENDING", "COMPLETED", None]),
        },
    )
    status = st.sampled_from(["CREATED", "IN_PROGRESS", "COMPLETED", "FAILED"])
    return {
        "AsyncApiChatCompletionsRequest": obj({"request": request}, {"idempotency_key": opt(T)}),
        "ApiChatCompletionsRequest": request,
        "AsyncApiChatCompletionsResponse": obj(
            {"id": T, "model": T, "created_at": I, "status": status},
            {
                "started_at": opt(I),
                "completed_at": opt(I),
                "response": opt(completion),
                "failed_at": opt(I),
                "error_message": opt(T),
            },
        ),
        "CompletionResponse": completion,
    }


# ---------------------------------------------------------------------------- measuring


def draw(strategy: Strategy, examples: int, runs: int) -> tuple[float, list[Any]]:
    """(examples per CPU-second, the values) of the best of ``runs`` identical runs."""
    values: list[Any] = []

    @settings(
        max_examples=examples,
        phases=[Phase.generate],
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        values.append(value)

    best = float("inf")
    for _ in range(runs):
        values.clear()
        start = time.process_time()
        collect()
        best = min(best, time.process_time() - start)
    return len(values) / best, list(values)


def validator_for(doc: dict[str, Any]) -> Callable[[str], Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    return lambda name: Draft202012Validator(
        {"$ref": f"urn:spec#/components/schemas/{name}"}, registry=registry
    )


def generated_strategies(doc: dict[str, Any], tmp: Path) -> Any:
    """Render the seed's test package into ``tmp`` and import its strategies module."""
    sys.path.insert(0, str(ROOT))
    from generator.config import SpecConfig
    from generator.parse import build_api
    from generator.render import tests
    from generator.render.environment import environment
    from generator.render.package import header

    api = build_api(doc, SpecConfig(spec=SEED, output=tmp, package="bench_api"), SEED.name)
    env = environment(None)
    for rel, text in tests.render(api, env, header(api, env)).items():
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(tmp))
    return importlib.import_module(f"{tests.tests_folder(api)}.strategies")


def schemathesis_strategy(doc: dict[str, Any]) -> Callable[[str], Strategy] | str:
    try:
        import jsonschema_rs
        from schemathesis.generation.jsonschema.builder import build
    except ImportError as exc:
        return f"not installed ({exc.name}): pip install schemathesis==4.32.5"
    components = {"components": {"schemas": doc["components"]["schemas"]}}

    def make(name: str) -> Strategy:
        schema = {"$ref": f"#/components/schemas/{name}", **components}
        strategy: Strategy = build(schema, draft=jsonschema_rs.Draft202012, formats={})
        return strategy

    return make


HEADINGS = (
    "schema",
    "generator",
    "examples",
    "ex/CPU-s",
    "valid",
    "vs schemathesis",
    "ceiling/ours",
)
ROW = "{:34} {:13} {:>8} {:>9} {:>7} {:>16} {:>13}"


def measure(
    name: str, generators: dict[str, Strategy], args: argparse.Namespace, check: Any
) -> bool:
    """Print one schema's rows; True when every value apiforge drew is valid."""
    rows = {label: draw(s, args.examples, args.runs) for label, s in generators.items()}
    peer = rows.get("schemathesis")
    ok = True
    for label, (rate, values) in rows.items():
        valid = sum(1 for v in values if check.is_valid(v)) / max(len(values), 1)
        versus = f"{rate / peer[0]:.1f}x" if peer is not None else "-"
        ratio = f"{rows['ceiling'][0] / rate:.2f}x"
        print(ROW.format(name, label, len(values), f"{rate:.0f}", f"{valid:.1%}", versus, ratio))
        ok = ok and (label != "apiforge" or valid == 1)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    doc = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    check = validator_for(doc)
    peer = schemathesis_strategy(doc)
    hand = ceiling()
    with tempfile.TemporaryDirectory(prefix="apiforge-bench-") as tmp:
        ours = generated_strategies(doc, Path(tmp))
        print(
            f"{args.examples} examples per generator and schema, generate phase only, derandomized,"
        )
        print(f"CPU seconds of the best of {args.runs} identical runs")
        if isinstance(peer, str):
            print(f"schemathesis: {peer}: skipped")
        print(ROW.format(*HEADINGS))
        ok = True
        for name in NAMES:
            generators = {"apiforge": ours.SCHEMAS[f"/components/schemas/{name}"]()}
            if not isinstance(peer, str):
                generators["schemathesis"] = peer(name)
            generators["ceiling"] = hand[name]
            ok = measure(name, generators, args, check(name)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
