"""A mock server for a spec: validates requests, enforces security, answers valid bodies.

Unless ``stateless``, it remembers the resources it created along the spec's links and reads
them back, changes and deletes them (:mod:`generator.mock.resources`).

Entry points: :func:`serve` (blocking, for ``apiforge mock``) and :func:`running`
(a context manager serving in a background thread, yielding the base URL).
"""

from __future__ import annotations

from generator.mock.app import MockApp, MockOptions
from generator.mock.faults import Fault, FaultSyntaxError
from generator.mock.faults import parse as parse_faults
from generator.mock.faults import parse_option as faults_option
from generator.mock.problems import UNANSWERABLE_HEADER
from generator.mock.security import DEFAULT_TOKEN
from generator.mock.server import MockSettings, running, serve, serving

__all__ = [
    "DEFAULT_TOKEN",
    "UNANSWERABLE_HEADER",
    "Fault",
    "FaultSyntaxError",
    "MockApp",
    "MockOptions",
    "MockSettings",
    "faults_option",
    "parse_faults",
    "running",
    "serve",
    "serving",
]
