"""Start-up time of a generated SDK: GitHub's package next to githubkit, and the seed's import.

    python bench/startup.py [--runs 5] [--spec PATH]

GitHub's spec (1,223 operations, ~4,000 named types) is generated into a temporary folder and
byte-compiled, as an installed package would be; each figure is the least wall time of
``--runs`` fresh processes. Targets:

- import, construct a client and make a first call (``GET /rate_limit`` through
  ``httpx.MockTransport``): at most 0.5 s, and at most githubkit's same measure;
- ``import perplexity_api`` (the seed): at most 1.3x ``import httpx, pydantic``.

githubkit is measured when installed (its import, ``rest.repos``, one model, a first call).
GitHub's spec is read from ../shared/specs; without it that part is skipped with a note.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "specs"
GITHUB = SHARED / "github-api.yaml"
PACKAGE = "github_api"
FIRST_CALL_LIMIT = 0.5  # seconds
SEED_RATIO_LIMIT = 1.3

RATE = {"limit": 60, "remaining": 59, "reset": 1700000000, "used": 1}
BODY = {"resources": {"core": RATE, "search": RATE}, "rate": RATE}

ANSWER = f"""
import httpx
def answer(request):
    return httpx.Response(200, json={BODY!r})
"""

APIFORGE = {
    "import": f"import {PACKAGE}",
    "from pkg import models": f"from {PACKAGE} import models",
    "one model": f"from {PACKAGE}.models import FullRepository",
    "client.repos": f"import {PACKAGE}\n{PACKAGE}.Client().repos",
    "first call": ANSWER
    + f"""
import {PACKAGE}
http = httpx.Client(transport=httpx.MockTransport(answer))
client = {PACKAGE}.Client(http_client=http)
assert client.rate_limit.list().resources.core.remaining == 59
""",
}

GITHUBKIT = {
    "import": "from githubkit import GitHub",
    "client.repos": "from githubkit import GitHub\ngithub = GitHub('t')\ngithub.rest.repos",
    "one model": "from githubkit_schemas.latest.models import FullRepository",
    "first call": ANSWER
    + """
from githubkit import GitHub
github = GitHub("t", transport=httpx.MockTransport(answer))
assert github.rest.rate_limit.get().parsed_data.resources.core.remaining == 59
""",
}


CPU: dict[str, float] = {}  # the least CPU seconds of each code measured, beside its wall time


def best(code: str, runs: int, cwd: Path) -> float | None:
    """The least wall time of ``runs`` fresh processes running ``code``; None if it fails.

    The least CPU time (user + system) goes to :data:`CPU`: on busy shared cores it varies
    less than the wall time.
    """
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
            print(f"   failed: {tail[0]}")
            return None
    CPU[code] = min(cpus)
    return min(times)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def show(name: str, seconds: float | None, code: str, note: str = "") -> None:
    value = "failed" if seconds is None else f"{seconds:6.3f} s"
    cpu = f"cpu {CPU[code]:6.3f} s" if code in CPU else ""
    print(f"{name:34} {value:>10} {cpu:>14}  {note}")


def github(spec: Path, runs: int) -> bool:
    if not spec.is_file():
        print(f"{spec} is absent: GitHub's package skipped")
        return True
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        command = [sys.executable, "-m", "generator", "generate", str(spec)]
        command += ["--vendor", str(out), "--package", PACKAGE]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):
            print(f"generation failed: {done.stderr.strip().splitlines()[-1:]}")
            return False
        compileall.compile_dir(out, quiet=1)
        ours = {name: best(code, runs, out) for name, code in APIFORGE.items()}
    theirs: dict[str, float | None] = {}
    if importlib.util.find_spec("githubkit") is None:
        print("githubkit is not installed (pip install githubkit): no ratios")
    else:
        theirs = {name: best(code, runs, ROOT) for name, code in GITHUBKIT.items()}
    print(f"\nGitHub's package, least of {runs} fresh processes (githubkit beside it)")
    for name, seconds in ours.items():
        peer = theirs.get(name)
        ratio = f"githubkit {peer:.3f} s" if peer is not None else ""
        if peer is not None and seconds is not None:
            ratio += f", {seconds / peer:.2f}x"
        if name in GITHUBKIT and GITHUBKIT[name] in CPU:
            ratio += f" (cpu {CPU[GITHUBKIT[name]]:.3f} s)"
        show(f"apiforge {name}", seconds, APIFORGE[name], ratio)
    first = ours["first call"]
    peer = theirs.get("first call")
    ok = first is not None and first <= FIRST_CALL_LIMIT
    print(f"target: first call <= {FIRST_CALL_LIMIT} s: {verdict(ok)}")
    if peer is not None:
        beats = first is not None and first <= peer
        print(f"target: first call <= githubkit's: {verdict(beats)}")
        ok = ok and beats
    return ok


def seed(runs: int) -> bool:
    base = best("import httpx, pydantic", runs, ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "generated" / "perplexity_api", Path(tmp) / "perplexity_api")
        compileall.compile_dir(tmp, quiet=1)
        ours = best("import perplexity_api", runs, Path(tmp))
    show("import httpx, pydantic", base, "import httpx, pydantic")
    show("import perplexity_api", ours, "import perplexity_api")
    if base is None or ours is None:
        return False
    ratio = ours / base
    ok = ratio <= SEED_RATIO_LIMIT
    print(f"target: seed import <= {SEED_RATIO_LIMIT}x: {ratio:.2f}x {verdict(ok)}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--spec", type=Path, default=GITHUB, help="GitHub's spec (a copy of it)")
    args = parser.parse_args()
    print(f"The seed, least of {args.runs} fresh processes")
    ok = seed(args.runs)
    ok = github(args.spec, args.runs) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
