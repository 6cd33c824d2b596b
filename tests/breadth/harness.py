"""Run specs through the whole tool: validate, generate, the generated suite, conformance.

Shared by tests/breadth/test_breadth.py and bench/breadth.py. The CLI runs in this process
(its start-up paid once); the generated suites of many specs run in one pytest process, each
spec's results told apart by its package name.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".yaml", ".yml", ".json")
INVALID = "invalid-"  # a spec named so must be refused, with a located message
# FILE:LINE:COL: message (at /pointer)
LOCATED = re.compile(r"^.+:\d+:\d+: .+ \(at /[^)]*\)$")
SKIPPED = re.compile(r"^warning: .*?: skipped: (?P<reason>.*?)(?: \(at /[^)]*\))?$")
MAX_EXAMPLES = "3"
_LONGEST = 40  # characters of a package name (`apiforge generate --package` takes 58)


@dataclass
class Ran:
    """One command's exit code and what it printed."""

    code: int
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return (self.out + self.err).strip()


@dataclass
class Suite:
    """The generated tests of one spec, as one pytest run reported them."""

    passed: int = 0
    failed: list[str] = field(default_factory=list)  # test id: first line of the failure
    skipped: int = 0
    seconds: float = 0.0


def spec_files(folder: Path) -> list[Path]:
    """Every spec file directly in ``folder``, sorted."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES)


def is_invalid(spec: Path) -> bool:
    """Whether ``spec`` is one that must be refused."""
    return spec.name.startswith(INVALID)


def package_for(spec: Path) -> str:
    """A package name of its own for each spec file, short enough for ``--package`` (a long
    file name is cut and told apart by a digest of the whole)."""
    name = "b_" + re.sub(r"[^0-9a-z]+", "_", spec.stem.lower()).strip("_")
    if len(name) <= _LONGEST:
        return name
    digest = hashlib.sha256(spec.stem.encode()).hexdigest()[:8]
    return f"{name[: _LONGEST - 9].rstrip('_')}_{digest}"


def apiforge(*args: str) -> Ran:
    """``apiforge ARGS`` in this process."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Ran(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def skip_reasons(generated: Ran) -> Counter[str]:
    """What generation skipped, by reason (it lists each as a located warning)."""
    found = (SKIPPED.match(line) for line in generated.err.splitlines())
    return Counter(match["reason"] for match in found if match)


def refused_properly(ran: Ran) -> str | None:
    """Why a refusal is not a proper one (exit 1, every line located), or None."""
    lines = [line for line in ran.err.splitlines() if line.strip()]
    if ran.code != 1:
        return f"exit {ran.code}, expected 1: {ran.text[-2000:]}"
    if not lines or not all(LOCATED.match(line) for line in lines):
        return f"not every line is located (FILE:LINE:COL: message (at /pointer)): {ran.err}"
    return None


def start_suites(out: Path, packages: Sequence[str], junit: Path) -> subprocess.Popen[str]:
    """Start one pytest process over the generated tests of ``packages`` (in ``out``)."""
    env = {**os.environ, "APIFORGE_MAX_EXAMPLES": MAX_EXAMPLES, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    args = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--continue-on-collection-errors",
        f"--junitxml={junit}",
        "-o",
        "junit_family=xunit1",
        *(f"{package}_tests" for package in packages),
    ]
    return subprocess.Popen(
        args, cwd=out, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def suite_results(junit: Path, packages: Iterable[str]) -> dict[str, Suite]:
    """Each package's results, read from the junit report of :func:`start_suites`."""
    suites = {package: Suite() for package in packages}
    if not junit.is_file():
        return suites
    owners = sorted(suites, key=len, reverse=True)  # the longest name that is a prefix wins
    for case in ET.parse(junit).getroot().iter("testcase"):
        ident = f"{case.get('classname') or ''}::{case.get('name') or ''}"
        owner = next((p for p in owners if ident.startswith(f"{p}_tests.")), None)
        if owner is None:
            owner = next((p for p in owners if f"{p}_tests" in ident), None)
        if owner is None:
            continue
        suite = suites[owner]
        suite.seconds += float(case.get("time") or 0)
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            first = (problem.get("message") or problem.text or "").strip().splitlines()
            suite.failed.append(f"{ident}: {first[0] if first else '?'}"[:400])
        elif case.find("skipped") is not None:
            suite.skipped += 1
        else:
            suite.passed += 1
    return suites
