"""Every spec in tests/breadth/specs goes through the whole tool.

A spec validates, generates (ruff and the import pass), its generated suite passes with
``APIFORGE_MAX_EXAMPLES=3``, and conformance against the built-in mock server passes. A
spec whose file name starts with ``invalid-`` is refused instead by ``validate``, with exit 1
and located messages (``generate`` refuses it the same way or generates it, never crashing).
The suites of all specs run in one pytest process (started once the specs are generated,
while the conformance runs go on here).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.breadth.harness import (
    Ran,
    Suite,
    apiforge,
    is_invalid,
    package_for,
    refused_properly,
    spec_files,
    start_suites,
    suite_results,
)

SPECS = spec_files(Path(__file__).parent / "specs")
VALID = [spec for spec in SPECS if not is_invalid(spec)]
SECONDS_PER_SUITE = 60  # the time the suites' process may take, per spec


@dataclass(repr=False)  # a failure shows the spec, not every run
class Breadth:
    """Every valid spec generated, and the process running their suites."""

    out: Path
    generated: dict[Path, Ran]
    process: subprocess.Popen[str] | None
    junit: Path
    _suites: dict[str, Suite] | None = None
    log: str = field(default="")

    def suite(self, spec: Path) -> tuple[Suite, str]:
        if self._suites is None:
            packages = [package_for(s) for s, ran in self.generated.items() if ran.code == 0]
            if self.process is not None:
                try:
                    self.log, _ = self.process.communicate(
                        timeout=60 + SECONDS_PER_SUITE * len(packages)
                    )
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.log, _ = self.process.communicate()
                    self.log = "the suites did not end in time\n" + self.log
            self._suites = suite_results(self.junit, packages)
        return self._suites.get(package_for(spec), Suite()), self.log[-3000:]


@pytest.fixture(scope="module")
def breadth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Breadth]:
    out = tmp_path_factory.mktemp("breadth")
    generated = {
        spec: apiforge("generate", str(spec), "-o", str(out), "--package", package_for(spec))
        for spec in VALID
    }
    packages = [package_for(spec) for spec, ran in generated.items() if ran.code == 0]
    junit = out / "junit.xml"
    process = start_suites(out, packages, junit) if packages else None
    run = Breadth(out, generated, process, junit)
    yield run
    if process is not None and process.poll() is None:
        process.kill()
        process.communicate()


def _name(spec: Path) -> str:
    return spec.stem


@pytest.mark.parametrize("spec", SPECS, ids=_name)
def test_validate(spec: Path) -> None:
    ran = apiforge("validate", str(spec))
    if is_invalid(spec):
        assert (why := refused_properly(ran)) is None, why
    else:
        assert ran.code == 0, ran.text


@pytest.mark.parametrize("spec", [s for s in SPECS if is_invalid(s)], ids=_name)
def test_generate_refuses_or_generates(spec: Path, tmp_path: Path) -> None:
    # plain generate runs the fast checks only: what they catch is refused as validate
    # refuses it (nothing written), anything else generates; it never crashes later
    ran = apiforge("generate", str(spec), "-o", str(tmp_path), "--package", package_for(spec))
    if ran.code == 0:
        return
    assert (why := refused_properly(ran)) is None, why
    assert not any(tmp_path.iterdir()), "a refused spec wrote files"


@pytest.mark.parametrize("spec", VALID, ids=_name)
def test_generate(spec: Path, breadth: Breadth) -> None:
    ran = breadth.generated[spec]
    assert ran.code == 0, ran.text
    assert (breadth.out / package_for(spec) / "__init__.py").is_file()


@pytest.mark.parametrize("spec", VALID, ids=_name)
def test_conformance(spec: Path, breadth: Breadth) -> None:
    ran = apiforge("conformance", str(spec), "--max-examples", "3", "--timeout", "5")
    assert ran.code == 0, ran.text[-4000:]


@pytest.mark.parametrize("spec", VALID, ids=_name)
def test_generated_suite_passes(spec: Path, breadth: Breadth) -> None:
    if breadth.generated[spec].code != 0:
        pytest.fail("not generated")
    suite, log = breadth.suite(spec)
    assert not suite.failed, "\n".join(suite.failed[:10])
    assert suite.passed > 0, f"no test of the generated suite ran:\n{log}"
