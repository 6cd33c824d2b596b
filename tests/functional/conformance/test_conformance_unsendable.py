"""A random draw HTTP cannot carry (a required form field with no value: ``user=`` reads as
none) is drawn again: the random search sends as many requests as it has examples."""

from __future__ import annotations

from typing import Any

import pytest

from generator.conformance import run_conformance
from generator.conformance.sending import Sending
from generator.mock import running
from tests.functional.conformance.test_conformance_limits import build
from tests.support import SPECS


def test_the_random_search_sends_its_examples_however_many_draws_it_cannot_send(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = build(SPECS / "form_login.yaml")
    sent: list[bool] = []
    case = Sending._case

    def counted(self: Any, op: Any, kind: str, *args: Any, **kwargs: Any) -> Any:
        before = self.unsendable
        outcomes = case(self, op, kind, *args, **kwargs)
        if kind == "random":
            sent.append(self.unsendable == before)
        return outcomes

    monkeypatch.setattr(Sending, "_case", counted)
    examples = 10
    with running(api, seed=0) as url:
        run_conformance(api, base_url=url, token=None, seed=0, max_examples=examples)
    assert not all(sent), "no draw was left unsent: the test shows nothing"
    assert sent.count(True) >= examples
