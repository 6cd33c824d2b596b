"""How conformance runs a Hypothesis search: reproducible by the run's seed, quiet, without
a database or deadlines (the server's time is the run's concern), shrinking what it finds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, settings

__all__ = ["search_settings"]


def search_settings(max_examples: int, **more: Any) -> settings:
    """The settings of one search of ``max_examples`` (``more``: e.g. ``stateful_step_count``)."""
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        print_blob=False,
        **more,
    )
