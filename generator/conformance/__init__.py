"""Conformance testing of a live server against a spec, the built-in mock by default.

Entry point: :func:`run_conformance`, returning a :class:`Report` (``exit_code``,
``to_text()``, ``to_junit_xml()``, ``to_json()``); :class:`ProgressBar` draws progress on a
terminal stream the caller hands it. A :class:`Cassette` records a run's exchanges
(``run_conformance(recorder=cassette.record)``); :func:`read_cassette` reads one back and
:func:`replay` sends its failing exchanges again.
"""

from __future__ import annotations

from generator.conformance.cassette import MAX_CASSETTE_BYTES, Cassette, read_cassette
from generator.conformance.checks import CHECKS
from generator.conformance.lint import LintWarning, lint
from generator.conformance.replay import replay
from generator.conformance.report import Failure, ProgressBar, Report, junit_xml, reports_json
from generator.conformance.runner import DEFAULT_TOKEN, check_options, run_conformance
from generator.conformance.select import FIELDS, PHASES, Selection, checks_option, phases_option
from generator.conformance.stateful import describe_links

__all__ = [
    "CHECKS",
    "DEFAULT_TOKEN",
    "FIELDS",
    "MAX_CASSETTE_BYTES",
    "PHASES",
    "Cassette",
    "Failure",
    "LintWarning",
    "ProgressBar",
    "Report",
    "Selection",
    "check_options",
    "checks_option",
    "describe_links",
    "junit_xml",
    "lint",
    "phases_option",
    "read_cassette",
    "replay",
    "reports_json",
    "run_conformance",
]
