"""Conformance testing of a live server against a spec, the built-in mock by default.

Entry point: :func:`run_conformance`, returning a :class:`Report` (``exit_code``,
``to_text()``, ``to_junit_xml()``, ``to_json()``); :class:`ProgressBar` draws progress on a
terminal stream the caller hands it.
"""

from __future__ import annotations

from generator.conformance.checks import CHECKS
from generator.conformance.lint import LintWarning, lint
from generator.conformance.report import Failure, ProgressBar, Report
from generator.conformance.runner import DEFAULT_TOKEN, run_conformance
from generator.conformance.stateful import describe_links

__all__ = [
    "CHECKS",
    "DEFAULT_TOKEN",
    "Failure",
    "LintWarning",
    "ProgressBar",
    "Report",
    "describe_links",
    "lint",
    "run_conformance",
]
