"""An inline request body schema is drawn, validated and round-tripped with a request's rules."""

from __future__ import annotations

from pathlib import Path

from tests.functional.suite.test_generated_tests import _tail, run_suite
from tests.support import SPECS, generate_into


def test_inline_bodies_with_read_only_and_write_only_properties(tmp_path: Path) -> None:
    # a request must carry a required writeOnly property (`password`): the values drawn for
    # the body's own pointer have it, as the validator of that pointer (a request body)
    # requires; a required readOnly one (`id`, in a closed object) is left out
    generate_into(SPECS / "write_only_form.yaml", tmp_path, "wof_api")
    done = run_suite(tmp_path, "wof_api_tests/test_schemas.py")
    assert done.returncode == 0, _tail(done)
