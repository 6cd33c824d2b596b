"""Arrays and maps longer than one Hypothesis example holds, drawn item by item, on a correct
spec (``tests/specs/long_collections_31.yaml``): Hypothesis refuses a list of more than 8,192
items outright, and draws a few thousand only in examples too large to finish.

Such an array is drawn as a run of items repeated to its length (each item is valid alone, so
the array is); a map's keys are made distinct by their place; an array of that many distinct
items cannot be drawn, and its tests are skipped, saying so at the test.
"""

from __future__ import annotations

from pathlib import Path

from tests.functional.suite.test_generated_tests import run_suite
from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "long_collections_31.yaml"


def test_long_arrays_and_maps_are_drawn_and_many_distinct_items_skip_with_the_reason(
    tmp_path: Path,
) -> None:
    generate_into(SPEC, tmp_path, "long_collections")
    folder = "long_collections_tests"
    targets = [f"{folder}/{name}" for name in ("test_schemas.py", "test_responses.py")]
    done = run_suite(tmp_path, *targets, extra=("-rA",))
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "InvalidArgument" not in said, said
    # the long ones were drawn and judged
    for schema in ("Day", "Labels"):
        assert (
            f"PASSED {folder}/test_schemas.py::test_drawn_values[/components/schemas/{schema}]"
            in said
        )
    assert (
        f"PASSED {folder}/test_responses.py::test_documented_responses_read_back[listReadings-200]"
        in said
    )
    # the many distinct ones skip, saying why at the tests (not at the runtime's line)
    skipped = "no example could be drawn: an array of at least 9,000 distinct items"
    lines = [line for line in said.splitlines() if skipped in line]
    assert lines, said
    assert all(f"SKIPPED [1] {folder}/test_" in line for line in lines), lines


def test_the_runtime_draws_long_collections_of_their_lengths(tmp_path: Path) -> None:
    # a map's entries repeated keep distinct keys; a long array after a prefix keeps it
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    generate_into(SPEC, tmp_path, "long_collections")
    support = import_fresh(tmp_path, "long_collections_tests._support")
    most = support.DRAWN_ITEMS
    maps = support.long_maps(st.integers(0, 3), min_size=most + 40, max_size=most + 44)
    prefix = [st.just("first"), st.integers()]
    arrays = support.positional(prefix, st.booleans(), low=most + 40, high=most + 42)
    few = settings(max_examples=20, database=None, suppress_health_check=list(HealthCheck))

    @few
    @given(maps, arrays)
    def check(drawn: dict[str, int], array: list[object]) -> None:
        assert most + 40 <= len(drawn) <= most + 44
        assert all(type(v) is int for v in drawn.values())
        assert most + 40 <= len(array) <= most + 42
        assert array[0] == "first" and type(array[1]) is int
        assert all(type(v) is bool for v in array[2:])

    check()
