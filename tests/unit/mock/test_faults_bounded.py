"""Fault directives cost the mock bounded memory and bounded time."""

from __future__ import annotations

import pytest

from generator.mock.faults import (
    MAX_DIRECTIVE,
    MAX_ITEMS,
    MAX_TRACKED,
    FaultPlan,
    FaultSyntaxError,
    parse,
    total_delay,
)


def test_the_times_counts_are_kept_for_a_bounded_number_of_directives() -> None:
    plan = FaultPlan()
    for index in range(MAX_TRACKED * 5):
        assert [f.status for f in plan.pick(f"503;times=1;id={index}")] == [503]
    assert len(plan.tracked) == MAX_TRACKED
    # the most recent directives still count: their second request is served
    last = f"503;times=1;id={MAX_TRACKED * 5 - 1}"
    assert plan.pick(last) == ()
    # a directive used again becomes the most recent, and outlives the ones older than that
    kept = "503;times=3;id=kept"

    def others(prefix: str) -> None:
        for index in range(MAX_TRACKED - 1):
            plan.pick(f"500;times=1;id={prefix}-{index}")

    assert plan.pick(kept) != ()  # 1st
    others("a")
    assert plan.pick(kept) != ()  # 2nd, still counted
    others("b")
    assert plan.pick(kept) != ()  # 3rd
    assert plan.pick(kept) == ()  # 4th: past times=3, so the count survived
    assert len(plan.tracked) == MAX_TRACKED


def test_directives_without_times_keep_no_state() -> None:
    plan = FaultPlan()
    for index in range(500):
        plan.pick(f"503;retry-after={index}")
    assert len(plan.tracked) == 0


def test_server_rules_with_times_stop_after_their_count() -> None:
    plan = FaultPlan(parse("503;times=2"), seed=3)
    assert [len(plan.pick(None)) for _ in range(5)] == [1, 1, 0, 0, 0]


def test_a_directive_is_bounded_in_length_and_items() -> None:
    assert len(parse(",".join(["slow=1"] * MAX_ITEMS))) == MAX_ITEMS
    with pytest.raises(FaultSyntaxError, match="at most"):
        parse(",".join(["slow=1"] * (MAX_ITEMS + 1)))
    with pytest.raises(FaultSyntaxError, match="characters"):
        parse("503;id=" + "x" * MAX_DIRECTIVE)


def test_the_waits_of_one_request_add_up_to_at_most_the_cap() -> None:
    faults = parse("slow=40, slow=40, 503")
    assert total_delay(faults, 30.0) == 30.0
    assert total_delay(parse("slow=0.25,slow=0.5"), 30.0) == 0.75
    assert total_delay(parse("503"), 30.0) == 0.0
    assert total_delay(parse("slow=100000"), 2.0) == 2.0
