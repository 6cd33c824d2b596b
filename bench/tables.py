"""Cells of the benchmarks' text tables."""

from __future__ import annotations

from typing import Any


def cell(value: Any, digits: int = 2) -> str:
    """``value`` as a table cell: ``-`` for None, floats to ``digits`` places."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)
