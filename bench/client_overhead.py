"""Per-call overhead and import time of the generated client, measured against its peers.

One create call of the seed (``POST /async/chat/completions``) through the same
``httpx.MockTransport``, by:

- bare ``httpx.Client.post`` + pydantic ``model_validate_json`` (the floor; no request
  validation, no retries, no auth logic);
- the generated ``Client`` (request validated, retries armed, response parsed);
- the ``perplexityai`` SDK, when installed.

Then the import time of each package in a fresh interpreter. Run standalone:
``python bench/client_overhead.py [--calls N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "spec" / "perplexity-async-chat-completions.yaml"
PACKAGE = "perplexity_api"
URL = "https://api.perplexity.ai/async/chat/completions"
REQUEST = {
    "model": "sonar",
    "messages": [
        {"role": "system", "content": "Be precise and concise."},
        {"role": "user", "content": "How many moons does Mars have?"},
    ],
    "max_tokens": 256,
}
ANSWER = {"role": "assistant", "content": "Mars has two moons, Phobos and Deimos."}
RESPONSE = json.dumps(
    {
        "id": "req-1",
        "model": "sonar",
        "created_at": 1700000000,
        "started_at": 1700000001,
        "completed_at": 1700000002,
        "status": "COMPLETED",
        "response": {
            "id": "c1",
            "model": "sonar",
            "created": 1700000002,
            "usage": {
                "prompt_tokens": 20,
                "completion_tokens": 10,
                "total_tokens": 30,
                "cost": {"input_tokens_cost": 0.0, "output_tokens_cost": 0.0, "total_cost": 0.0},
            },
            "choices": [{"index": 0, "finish_reason": "stop", "message": ANSWER, "delta": ANSWER}],
            "citations": ["https://en.wikipedia.org/wiki/Moons_of_Mars"],
        },
    }
).encode()
TARGET_CALL_RATIO = 1.3  # at most this times the bare floor
TARGET_IMPORT_RATIO = 0.5  # at most this fraction of `import perplexity`


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=RESPONSE, headers={"content-type": "application/json"})


def transport() -> httpx.MockTransport:
    return httpx.MockTransport(handler)


def generate(out: Path) -> None:
    """The seed package, generated as `apiforge generate` would, into ``out``."""
    sys.path.insert(0, str(ROOT))
    from generator.config import SpecConfig
    from generator.pipeline import generate as generate_files
    from generator.write import write_tree

    config = SpecConfig(
        spec=SEED,
        output=out,
        package=PACKAGE,
        base_url="https://api.perplexity.ai",
        api_key_env="PERPLEXITY_API_KEY",
    )
    write_tree(out, generate_files(config, ROOT, tests=False).files, PACKAGE)


def per_call(cases: list[Callable[[], Any] | None], calls: int, rounds: int) -> list[float | None]:
    """Seconds per call of each case: its best round, after a warm-up.

    Rounds alternate between the cases, so that a busy moment of the machine does not
    fall on one case only.
    """
    best: list[float | None] = [None if case is None else float("inf") for case in cases]
    for case in cases:
        for _ in range(calls // 10 if case is not None else 0):
            case()
    for _ in range(rounds):
        for index, case in enumerate(cases):
            if case is None:
                continue
            start = time.perf_counter()
            for _ in range(calls):
                case()
            best[index] = min(best[index] or float("inf"), (time.perf_counter() - start) / calls)
    return best


def floor_call(generated: Any) -> Callable[[], Any]:
    model = generated.models.AsyncApiChatCompletionsResponse
    http = httpx.Client(transport=transport())
    body = {"request": REQUEST}
    headers = {"Authorization": "Bearer sk-bench"}

    def call() -> Any:
        return model.model_validate_json(http.post(URL, json=body, headers=headers).content)

    return call


def generated_call(generated: Any) -> Callable[[], Any]:
    client = generated.Client(api_key="sk-bench", http_client=httpx.Client(transport=transport()))
    create = client.async_.chat.completions.create

    def call() -> Any:
        return create(request=REQUEST)

    return call


def perplexity_call() -> Callable[[], Any] | None:
    if importlib.util.find_spec("perplexity") is None:
        return None
    import perplexity

    http = httpx.Client(transport=transport())
    create = perplexity.Perplexity(
        api_key="sk-bench", http_client=http
    ).async_.chat.completions.create

    def call() -> Any:
        return create(request=REQUEST)

    return call


def import_seconds(module: str, path: Path | None, runs: int) -> float:
    """Median seconds to import ``module`` in a fresh interpreter (startup excluded)."""
    setup = f"sys.path.insert(0, {str(path)!r})\n" if path is not None else ""
    timed = f"start = time.perf_counter()\nimport {module}\nprint(time.perf_counter() - start)\n"
    code = f"import sys, time\n{setup}{timed}"
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout))
    return statistics.median(times)


Row = tuple[str, float | None]
MISSING = "skipped: not installed (pip install perplexityai==0.46.1)"


def table(title: str, unit: str, scale: float, rows: list[Row], reference: float | None) -> None:
    """Rows of (name, seconds) with their ratio to ``reference``."""
    print(f"\n{title}")
    print(f"{'':<38} {unit:>9} {'ratio':>7}")
    for name, seconds in rows:
        if seconds is None:
            print(f"{name:<38} {MISSING}")
            continue
        ratio = f"{seconds / reference:>7.2f}" if reference else f"{'-':>7}"
        print(f"{name:<38} {seconds * scale:>9.1f} {ratio}")


def verdict(name: str, value: float | None, reference: float | None, target: float) -> None:
    if value is None or not reference:
        print(f"target {name}: not measured")
        return
    ratio = value / reference
    print(f"target {name} <= {target}: {ratio:.2f} {'ok' if ratio <= target else 'MISSED'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200, help="calls per round")
    parser.add_argument("--rounds", type=int, default=50, help="rounds; the best is kept")
    parser.add_argument("--imports", type=int, default=7, help="interpreters per import timing")
    args = parser.parse_args()
    n, rounds = args.calls, args.rounds
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate(out)
        sys.path.insert(0, str(out))
        generated = importlib.import_module(PACKAGE)
        names = ["httpx + model_validate_json (floor)", "apiforge Client", "perplexityai 0.46.1"]
        cases = [floor_call(generated), generated_call(generated), perplexity_call()]
        calls: list[Row] = list(zip(names, per_call(cases, n, rounds), strict=True))
        imports: list[Row] = [
            (
                "import httpx, pydantic (floor)",
                import_seconds("httpx, pydantic", None, args.imports),
            ),
            (f"import {PACKAGE} (apiforge)", import_seconds(PACKAGE, out, args.imports)),
            (
                "  ... and its models (first call)",
                import_seconds(f"{PACKAGE}.models, {PACKAGE}.resources.async_", out, args.imports),
            ),
            (
                "import perplexity (perplexityai)",
                import_seconds("perplexity", None, args.imports) if cases[2] else None,
            ),
        ]
    title = f"Per call: sync create through httpx.MockTransport, best of {rounds} rounds of {n}"
    table(title, "us/call", 1e6, calls, calls[0][1])
    verdict("apiforge / floor", calls[1][1], calls[0][1], TARGET_CALL_RATIO)
    title = f"Import time in a fresh interpreter, startup excluded, median of {args.imports}"
    table(title, "ms", 1e3, imports, imports[3][1])
    verdict("apiforge / perplexityai", imports[1][1], imports[3][1], TARGET_IMPORT_RATIO)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
