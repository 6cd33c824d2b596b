"""Developer sessions: `nox -s lint typecheck tests`, `nox -s regen`, `nox -s check`, ..."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests", "check"]
nox.options.default_venv_backend = "venv"


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (pinned) over the toolkit, the tests' static runtime and the committed output."""
    session.install("ruff==0.17.5")
    session.run("ruff", "check", ".")
    session.run(
        "ruff",
        "format",
        "--check",
        "generator",
        "tests",
        "bench",
        "noxfile.py",
        "templates/tests/static",
    )


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on generator/ and on generated/ (the static runtimes' copies too)."""
    session.install(".[test]")
    session.run("mypy", "--strict", "generator")
    session.run("mypy", "--strict", "generated")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, as CI runs it."""
    session.install(".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def regen(session: nox.Session) -> None:
    """Regenerate generated/ from spec/ (the goldens): the only way to change them."""
    session.install(".")
    session.run("apiforge", "generate", *session.posargs)


@nox.session
def check(session: nox.Session) -> None:
    """Fail when generated/ is not what spec/ generates."""
    session.install(".")
    session.run("apiforge", "check")


@nox.session
def conformance(session: nox.Session) -> None:
    """The main job: validate, generate and run the conformance suite against the mock server."""
    session.install(".")
    session.run("apiforge", "validate")
    session.run("apiforge", "conformance", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the peers, in one run (reads ../shared/specs when present)."""
    session.install(".[test,bench]")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def corpus(session: nox.Session) -> None:
    """The real-world specs of ../shared/specs, GitHub's generated suite included (slow)."""
    session.install(".[test]")
    session.run("pytest", "tests/corpus", env={"APIFORGE_CORPUS_FULL": "1"})
