"""``python -m generator`` is the ``apiforge`` command."""

from generator.cli import main

raise SystemExit(main())
