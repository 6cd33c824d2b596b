"""A near miss a lax parser reads as valid, accepted, is a warning; any other accepted fails.

The service is ``tests/servers/lax.py``'s: FastAPI with pydantic's lax mode, which takes
``"5"`` for a number on purpose, and its own OpenAPI document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers import lax

CHECK = "invalid_request_rejected"


def _run(bug: str | None, folder: Path) -> Report:
    with serving(lax.make(bug)) as url:
        return run_conformance(
            build(lax.spec_of(folder)),
            base_url=url,
            token=None,
            max_examples=10,
            seed=0,
            allow_status=set(),
        )


def test_a_lax_reading_accepted_is_a_warning(tmp_path: Path) -> None:
    report = _run(None, tmp_path)
    assert not report.failures, report.to_text()
    stat = report.stats["createItem", CHECK]
    assert stat.passed and stat.warned and not stat.failed
    assert "read leniently" in stat.warning


@pytest.mark.parametrize("bug", lax.BUGS)
def test_a_near_miss_no_lax_reading_makes_valid_accepted_fails(bug: str, tmp_path: Path) -> None:
    report = _run(bug, tmp_path)
    assert report.stats["createItem", CHECK].failed, report.to_text()
    messages = [f.message for f in report.failed() if f.check == CHECK]
    assert messages and all("read leniently" not in m for m in messages)


@pytest.mark.parametrize(("flags", "code"), [((), 0), (("--strict-types",), 1)])
def test_strict_types_makes_the_warning_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: tuple[str, ...], code: int
) -> None:
    spec = lax.spec_of(tmp_path)
    with serving(lax.make()) as url:
        args = ["conformance", str(spec), "--base-url", url, "--max-examples", "5", *flags]
        assert main(args) == code
    out = capsys.readouterr().out
    assert ("read leniently" in out) != bool(flags)
    assert ("FAIL invalid_request_rejected" in out) == bool(flags)
