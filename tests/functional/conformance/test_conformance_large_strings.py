"""Strings a schema allows to be megabytes long: no false alarm, and no case of gigabytes.

The built-in mock takes any body a run sends (its own default limit is 1 MiB, and a valid
1.5 MiB string must not be refused with 413). Cases at and past a string's bounds are built
only up to 1 MiB a string, in the generated cases' runtime and the built-in cases alike, and
a valid body past the most one request carries is counted as not sent.
"""

from __future__ import annotations

import ast

import pytest

from generator.conformance import run_conformance
from generator.conformance.builtin import MAX_STRING
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_large_strings_30.yaml"
RUNTIME = SPECS.parent.parent / "templates" / "tests" / "static" / "_cases.py"


@pytest.mark.parametrize("cases", ["generated", "builtin"])
def test_the_mock_takes_every_valid_body_a_run_sends(cases: str) -> None:
    report = run_conformance(
        build(SPEC),
        base_url=None,
        token=None,
        max_examples=5,
        seed=0,
        allow_status=set(),
        cases=cases,  # type: ignore[arg-type]
    )
    assert not report.failures, report.to_text()
    assert {operation for operation, _ in report.stats} == {"postDesign", "createSession"}


def test_the_string_cap_is_the_runtime_s() -> None:
    tree = ast.parse(RUNTIME.read_text(encoding="utf-8"))
    (value,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "_MAX_STRING" for t in node.targets)
    ]
    assert eval(compile(ast.Expression(value), "_cases", "eval")) == MAX_STRING
