"""``python -m generator`` is the ``apiforge`` command."""

from generator.cli import run

run()
