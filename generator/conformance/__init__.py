"""Conformance testing of a live server against a spec, the built-in mock by default.

Entry point: :func:`run_conformance`, returning a :class:`Report` (``exit_code``,
``to_text()``, ``to_junit_xml()``, ``to_json()``); :class:`ProgressBar` draws progress on a
terminal stream the caller hands it. A :class:`Cassette` records a run's exchanges
(``run_conformance(recorder=cassette.record)``); :func:`read_cassette` reads one back and
:func:`replay` sends its failing exchanges again.
"""

from __future__ import annotations

from generator.conformance.cassette import Cassette, read_cassette
from generator.conformance.checks import CHECKS
from generator.conformance.lint import LintWarning, lint
from generator.conformance.replay import replay
from generator.conformance.report import Failure, ProgressBar, Report
from generator.conformance.runner import DEFAULT_TOKEN, run_conformance

__all__ = [
    "CHECKS",
    "DEFAULT_TOKEN",
    "Cassette",
    "Failure",
    "LintWarning",
    "ProgressBar",
    "Report",
    "lint",
    "read_cassette",
    "replay",
    "run_conformance",
]
