"""``apiforge diff``: classify the changes between two versions of an OpenAPI document.

Every change gets a rule id, a level (``breaking``, ``warning`` or ``info``), the sides it
affects, the operation it belongs to and JSON pointers into both documents. Nothing here
reads files or prints: callers load the documents and write the rendered report.
"""

from __future__ import annotations

from generator.diff.change import Change, Level
from generator.diff.compare import diff_documents
from generator.diff.entries import Entry, Use, entries
from generator.diff.paths import operation_tags
from generator.diff.report import FailOn, Format, exit_code, render_report, summary
from generator.diff.rules import RULES, Rule
from generator.diff.sdk import SdkChange, compare_surfaces

__all__ = [
    "RULES",
    "Change",
    "Entry",
    "FailOn",
    "Format",
    "Level",
    "Rule",
    "SdkChange",
    "Use",
    "compare_surfaces",
    "diff_documents",
    "entries",
    "exit_code",
    "operation_tags",
    "render_report",
    "summary",
]
