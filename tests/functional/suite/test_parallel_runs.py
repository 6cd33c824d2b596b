"""The generated suite beyond one process: pytest-xdist, shards across machines, a shared database.

The seed is generated into a temporary folder and its suite run in child pytests from that
folder, as a user runs it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import SEED, generate_into

EXAMPLES = "8"
# a test added beside the generated ones: it logs each value tried and fails above 1000, so
# Hypothesis finds and shrinks the failure to 1001 and saves it in the example database
PROBE = """
import os

from hypothesis import given, strategies as st


@given(st.integers(min_value=0))
def test_probe(value: int) -> None:
    with open(os.environ["PROBE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{value}\\n")
    assert value <= 1000
"""


@pytest.fixture(scope="module")
def seed_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-parallel")
    generate_into(SEED, out, "seed_api", base_url="https://api.perplexity.ai")
    return out


def _run(out: Path, *args: str, ci: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    """pytest in ``out`` with few examples and ``env`` on top; ``ci``: the derandomized profile
    (and Hypothesis's own CI defaults), else none of it."""
    skipped = ("APIFORGE_", "HYPOTHESIS", "CI")
    base = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=out,
        env={**base, **({"CI": "true"} if ci else {}), "APIFORGE_MAX_EXAMPLES": EXAMPLES, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _tail(done: subprocess.CompletedProcess[str]) -> str:
    return "\n".join((done.stdout + done.stderr).splitlines()[-30:])


def _counts(output: str) -> dict[str, int]:
    last = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|error)", last)}


def _passed(output: str) -> set[str]:
    return {line.split(" ", 1)[1] for line in output.splitlines() if line.startswith("PASSED ")}


def _collected(out: Path, *args: str, **env: str) -> list[str]:
    done = _run(out, "--collect-only", "-q", "seed_api_tests", *args, **env)
    assert done.returncode == 0, _tail(done)
    return [line for line in done.stdout.splitlines() if "::" in line]


# ---------------------------------------------------------------------------- pytest-xdist


def test_the_seed_suite_passes_under_xdist_as_it_does_serially(seed_suite: Path) -> None:
    serial = _run(seed_suite, "-q", "-rA", "seed_api_tests")
    parallel = _run(seed_suite, "-q", "-rA", "-n", "2", "seed_api_tests")
    assert serial.returncode == 0, _tail(serial)
    assert parallel.returncode == 0, _tail(parallel)
    assert "bringing up nodes" in parallel.stdout  # run by xdist workers
    counts = _counts(serial.stdout)
    assert counts["passed"] > 100 and counts == _counts(parallel.stdout), (counts, parallel.stdout)
    assert _passed(serial.stdout) == _passed(parallel.stdout)


def test_the_exploring_profile_runs_under_xdist_too(seed_suite: Path) -> None:
    # the dev profile explores, its workers sharing one example database folder
    done = _run(seed_suite, "-q", "-n", "2", "seed_api_tests", HYPOTHESIS_PROFILE="dev")
    assert done.returncode == 0, _tail(done)
    assert _counts(done.stdout)["passed"] > 100


# ---------------------------------------------------------------------------- shards


def test_three_shards_partition_the_suite(seed_suite: Path) -> None:
    everything = _collected(seed_suite)
    shards = [set(_collected(seed_suite, f"--apiforge-shard={k}/3")) for k in (1, 2, 3)]
    assert len(everything) == len(set(everything)) > 100
    assert set().union(*shards) == set(everything)
    assert sum(len(s) for s in shards) == len(everything)  # pairwise disjoint
    assert all(len(s) > len(everything) / 6 for s in shards), [len(s) for s in shards]


def test_the_shard_variable_splits_alike(seed_suite: Path) -> None:
    by_option = _collected(seed_suite, "--apiforge-shard=2/3")
    assert _collected(seed_suite, APIFORGE_SHARD="2/3") == by_option


def test_a_shard_runs_and_passes_under_xdist(seed_suite: Path) -> None:
    done = _run(seed_suite, "-q", "-n", "2", "--apiforge-shard=1/3", "seed_api_tests")
    assert done.returncode == 0, _tail(done)
    ran = sum(_counts(done.stdout).values())
    assert ran == len(_collected(seed_suite, "--apiforge-shard=1/3")) < len(_collected(seed_suite))


@pytest.mark.parametrize("shard", ["0/3", "4/3", "x", "1/0"])
def test_a_wrong_shard_is_a_usage_error(seed_suite: Path, shard: str) -> None:
    done = _run(seed_suite, "-q", f"--apiforge-shard={shard}", "seed_api_tests")
    assert done.returncode == 4, _tail(done)
    assert "--apiforge-shard" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------------------- example database


@pytest.fixture
def probed(seed_suite: Path, tmp_path: Path) -> Path:
    out = tmp_path / "probed"
    import shutil

    shutil.copytree(seed_suite, out, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    (out / "seed_api_tests" / "test_probe.py").write_text(PROBE, encoding="utf-8")
    return out


def _probe(out: Path, log: Path, **env: str) -> list[int]:
    more = {"APIFORGE_MAX_EXAMPLES": "200", "PROBE_LOG": str(log), **env}
    done = _run(out, "-q", "seed_api_tests/test_probe.py", ci=False, **more)
    assert done.returncode == 1 and "1 failed" in done.stdout, _tail(done)
    return [int(line) for line in log.read_text(encoding="utf-8").split()]


def test_a_failure_saved_in_the_shared_folder_is_replayed_first(
    probed: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-db"
    dev = {"APIFORGE_HYPOTHESIS_DB": str(shared)}  # the dev profile, outside CI
    first = _probe(probed, tmp_path / "first.log", **dev)
    assert first[-1] == 1001 and first[0] != 1001  # found, then shrunk
    assert any(p.is_file() for p in shared.rglob("*"))  # saved in the folder named
    assert not (probed / ".hypothesis" / "examples").exists()  # not in the default one
    # another process (on another machine, the same folder restored) tries it first
    again = _probe(probed, tmp_path / "again.log", **dev)
    assert again[0] == 1001
    # without the shared folder, the new run starts afresh
    afresh = {**dev, "APIFORGE_HYPOTHESIS_DB": str(tmp_path / "empty-db")}
    assert _probe(probed, tmp_path / "afresh.log", **afresh)[0] != 1001


def test_without_the_variable_the_database_stays_the_default(probed: Path, tmp_path: Path) -> None:
    _probe(probed, tmp_path / "default.log")
    assert any(p.is_file() for p in (probed / ".hypothesis" / "examples").rglob("*"))


@pytest.mark.skipif(importlib.util.find_spec("redis") is not None, reason="redis is installed here")
def test_a_redis_database_without_redis_installed_is_a_clear_error(seed_suite: Path) -> None:
    done = _run(
        seed_suite, "-q", "seed_api_tests", APIFORGE_HYPOTHESIS_DB="redis://localhost:6379/0"
    )
    assert done.returncode == 4, _tail(done)
    assert "APIFORGE_HYPOTHESIS_DB=redis://localhost:6379/0 needs the redis package" in done.stderr
    assert "pip install redis" in done.stderr and "Traceback" not in done.stderr
