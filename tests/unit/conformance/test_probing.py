"""conformance.probing: what a refusal the second look explains does to the other checks."""

from __future__ import annotations

import re

from generator.conformance.checks import Outcome
from generator.conformance.probing import _renewals, _warned


def test_an_explained_refusal_warns_of_its_undocumented_status_too() -> None:
    outcomes = [
        Outcome("valid_request_accepted", "fail", "a valid request was refused with 400"),
        Outcome("status_documented", "fail", "400 is not documented (documented: 200)"),
        Outcome("no_server_error", "pass"),
    ]
    warned = _warned(outcomes, "taken without cursor")
    assert [(o.check, o.verdict) for o in warned] == [
        ("valid_request_accepted", "warn"),
        ("status_documented", "warn"),
        ("no_server_error", "pass"),
    ]
    assert warned[0].message == "taken without cursor"
    assert warned[1].message.startswith("400 is not documented (documented: 200); the refusal")


def test_a_documented_status_stays_as_judged() -> None:
    outcomes = [
        Outcome("valid_request_accepted", "fail", "a valid request was refused with 400"),
        Outcome("status_documented", "pass"),
    ]
    assert _warned(outcomes, "x")[1] == Outcome("status_documented", "pass")


def test_a_text_made_new_keeps_its_kinds_of_character_in_place() -> None:
    renewed = [v for v in _renewals("AB-012", "0f3c9a1e") if isinstance(v, str)]
    shaped = [v for v in renewed if re.fullmatch("[A-Z]{2}-[0-9]{3}", v)]
    assert shaped and "AB-012" not in renewed
    one_letter = [v for v in _renewals("a", "77aa0b1c") if isinstance(v, str)]
    assert len({v for v in one_letter if re.fullmatch("[a-z]", v)}) > 4
