"""Text bodies (``text/csv``, ``text/markdown``, XML) are text to the client and to the
generated tests alike, so the generated suite passes on them (``specs/text_media_30.yaml``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.functional.suite.test_generated_tests import _tail, run_suite
from tests.support import SPECS, generate_into

SPEC = SPECS / "text_media_30.yaml"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("text-media")
    generate_into(SPEC, folder, "text_api")
    return folder


def test_the_client_and_the_tests_agree_that_text_bodies_are_text(out: Path) -> None:
    operations = (out / "text_api_tests" / "operations.py").read_text(encoding="utf-8")
    assert re.findall(r"body_kind=('\w+'|\"\w+\")", operations) == ['"text"'] * 3
    for resource in ("reports", "notes", "feed"):
        code = (out / "text_api" / "resources" / f"{resource}.py").read_text(encoding="utf-8")
        assert "body: str," in code


def test_the_generated_suite_passes_on_text_bodies_and_responses(out: Path) -> None:
    done = run_suite(out)
    assert done.returncode == 0, _tail(done)
    assert re.search(r"\d+ passed", done.stdout)
