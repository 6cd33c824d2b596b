"""A list of one empty text, in a style that joins a list's items into one text, writes what
the empty list writes (``names=``, an empty header, a bare label) and is read back as the
empty list, by the built-in mock as by many servers. It is never sent as a valid value: a
list with ``minItems: 1`` would otherwise be refused, and the refusal failed as a valid
request refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.conformance import run_conformance
from generator.conformance.forms import Unsendable, joined_texts, styled_pairs
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_blank_lists_30.yaml"


def assert_the_mock_accepts(
    spec: Path, cases: str, operations: tuple[str, ...], examples: int, at_least: int
) -> None:
    """Conformance of ``spec`` against the built-in mock fails nothing, and each of
    ``operations`` had ``at_least`` valid requests accepted."""
    report = run_conformance(
        build(spec),
        base_url=None,
        token=None,
        max_examples=examples,
        seed=0,
        allow_status=set(),
        cases=cases,
    )
    assert not report.failures, report.to_text()
    for operation in operations:
        stat = report.stats.get((operation, "valid_request_accepted"))
        assert stat is not None and stat.passed >= at_least, report.to_text()


@pytest.mark.parametrize("cases", ["generated", "builtin"])
def test_the_mock_accepts_every_valid_request_sent(cases: str) -> None:
    assert_the_mock_accepts(SPEC, cases, ("listItems", "postForm"), 40, 20)


def test_a_list_of_one_empty_text_is_not_joined() -> None:
    with pytest.raises(Unsendable):
        joined_texts("query parameter 'names'", [""])
    with pytest.raises(Unsendable):
        styled_pairs("query parameter 'names'", "names", [""], "pipeDelimited", False)
    # exploded form writes each item as a pair of its own: `names=` is that one empty text
    assert styled_pairs("query parameter 'names'", "names", [""], "form", True) == [("names", "")]
    assert joined_texts("x", ["", ""]) == ["", ""]  # `names=,`: two empty texts
