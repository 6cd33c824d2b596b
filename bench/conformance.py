"""Conformance speed and bug-finding: apiforge next to schemathesis, same spec, same servers.

    python bench/conformance.py [--max-examples 50] [--seed 1] [--no-schemathesis]
                                [--part all|mock|servers]

Part ``mock``: for the seed spec it measures, in one run:

- cases per second against the built-in mock (apiforge in-process; ``st run`` as a subprocess,
  its requests counted by the server);
- for each deliberately broken server (tests/servers/broken_servers.py), whether each tool
  reports the planted bug, how many requests reached the server and how many seconds passed
  before the bug first fired, and for apiforge the case count at which it reported it.

Part ``servers`` (``bench/servers.py``): every correct FastAPI application of
``tests/servers`` and every planted-bug variant, tested by both tools; false alarms, bugs
caught, and requests and seconds to detection, with apiforge's targets marked ok or MISSED.

Every server listens on 127.0.0.1 in a background thread of this process and is stopped
at the end. schemathesis is skipped, with a line saying so, when ``st`` is not installed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peers import tool  # noqa: E402
from tables import cell  # noqa: E402

from generator import ir  # noqa: E402
from generator.conformance import run_conformance  # noqa: E402
from generator.mock import serving  # noqa: E402
from tests.servers.broken_servers import BROKEN, Broken  # noqa: E402
from tests.support import SEED  # noqa: E402

TOKEN = "bench-token"
# words of schemathesis's failure titles that name each planted bug's check
ST_TITLES = {
    "response_schema": ("violates schema",),
    "no_server_error": ("server error",),
    "invalid_request_rejected": ("schema-violating request",),
    "auth_required": ("authentication",),
}


@dataclass
class Row:
    tool: str
    server: str
    found: bool
    requests: int
    fired_at: int | None
    fired_after: float | None
    reported_at: int | None
    seconds: float
    others: str = ""  # what else the tool reported: false alarms, here


def load_api() -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    return build(spec_config(config, SEED), config.root)[1]


class Plain(Broken):
    """The mock itself, counted like the broken ones."""

    name = "mock (no bug)"
    check = ""


def ours(api: ir.Api, server: Broken, max_examples: int, seed: int) -> Row:
    with serving(server) as url:
        started = time.monotonic()
        report = run_conformance(
            api,
            base_url=url,
            token=TOKEN,
            max_examples=max_examples,
            seed=seed,
            allow_status=set(),
            progress=None,
        )
        seconds = time.monotonic() - started
    failure = next((f for (_, check), f in report.failures.items() if check == server.check), None)
    others = sorted({check for _, check in report.failures} - {server.check})
    return Row(
        "apiforge",
        server.name,
        failure is not None,
        server.tracker.requests,
        server.tracker.fired_at_request,
        server.tracker.fired_after_seconds,
        failure.found_after_cases if failure else None,
        seconds,
        ", ".join(others),
    )


def schemathesis(server: Broken, max_examples: int, seed: int) -> Row:
    with serving(server) as url, tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            *(st_command(), "run", str(SEED), "--url", url, "--workers", "1", "--checks", "all"),
            *("--seed", str(seed), "--max-examples", str(max_examples)),
            *("-H", f"Authorization: Bearer {TOKEN}", "--continue-on-failure"),
            *("--report", "json", "--report-json-path", str(report)),
        ]
        started = time.monotonic()
        subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=folder, timeout=900
        )
        seconds = time.monotonic() - started
        data: dict[str, Any] = json.loads(report.read_text()) if report.is_file() else {}
    titles = [str(f.get("title", "")).lower() for f in data.get("failures", [])]
    words = ST_TITLES.get(server.check, ())
    found = any(word in title for title in titles for word in words)
    others = sorted({t for t in titles if not any(word in t for word in words)})
    return Row(
        "schemathesis",
        server.name,
        found,
        server.tracker.requests,
        server.tracker.fired_at_request,
        server.tracker.fired_after_seconds,
        None,
        float(data.get("running_time", seconds)),
        ", ".join(others),
    )


def table(rows: list[Row]) -> str:
    head = (
        "tool",
        "server",
        "bug found",
        "requests",
        "cases/s",
        "1st trigger",
        "trigger s",
        "reported at",
        "run s",
        "also reported",
    )
    lines = [head]
    for r in rows:
        found = "n/a" if r.server == Plain.name else ("yes" if r.found else "NO")
        rate = r.requests / r.seconds if r.seconds else 0.0
        lines.append(
            (
                r.tool,
                r.server,
                found,
                str(r.requests),
                f"{rate:.0f}",
                cell(r.fired_at),
                cell(r.fired_after),
                cell(r.reported_at),
                cell(r.seconds, 1),
                r.others or "-",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(line)).rstrip() for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-schemathesis", action="store_true")
    parser.add_argument("--part", choices=("all", "mock", "servers"), default="all")
    args = parser.parse_args(argv)
    status = mock_part(args) if args.part in ("all", "mock") else 0
    if args.part in ("all", "servers"):
        status = max(status, servers_part(args))
    return status


def st_command() -> str:
    """schemathesis's ``st``: on the PATH, or beside this Python (an unactivated venv)."""
    return tool("st") or "st"


def _with_schemathesis(args: argparse.Namespace) -> bool:
    if args.no_schemathesis:
        print("schemathesis: skipped (--no-schemathesis)")
        return False
    if not Path(st_command()).is_file():
        print(
            "schemathesis: skipped (not installed; `pip install schemathesis==4.32.5` to compare)"
        )
        return False
    return True


def servers_part(args: argparse.Namespace) -> int:
    """Both tools on the FastAPI applications of tests/servers; 1 when a target is missed."""
    import servers

    tools = ("apiforge", "schemathesis") if _with_schemathesis(args) else ("apiforge",)
    print(
        f"conformance on the FastAPI applications of tests/servers, max examples "
        f"{args.max_examples}, seed {args.seed}"
    )
    results = servers.run_all(args.max_examples, args.seed, tools)
    text, met = servers.report(results, tools)
    print(text)
    return 0 if met else 1


def mock_part(args: argparse.Namespace) -> int:
    """Both tools on the built-in mock and its broken variants; 1 when apiforge misses a bug."""
    api = load_api()
    kinds: list[type[Broken]] = [Plain, *BROKEN]
    rows = [
        ours(api, kind(api, token=TOKEN, seed=args.seed), args.max_examples, args.seed)
        for kind in kinds
    ]
    if _with_schemathesis(args):
        rows.extend(
            schemathesis(kind(api, token=TOKEN, seed=args.seed), args.max_examples, args.seed)
            for kind in kinds
        )
    rows.sort(key=lambda r: (kinds.index(next(k for k in kinds if k.name == r.server)), r.tool))
    print(f"conformance on {SEED.name}, max examples {args.max_examples}, seed {args.seed}")
    print("requests: what reached the server; 1st trigger: requests until the bug first fired;")
    print("reported at: the case count at which apiforge reported it; run s: the whole run;")
    print("also reported: failures other than the planted bug's own check")
    print(table(rows))
    missed = [r for r in rows if r.tool == "apiforge" and r.server != Plain.name and not r.found]
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
