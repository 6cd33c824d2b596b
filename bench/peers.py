"""Where the benchmarks find a peer's command: beside the interpreter running them first (a
virtual environment used without activating it), then on the PATH."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def tool(name: str) -> str | None:
    """The executable ``name`` of this interpreter's environment, else of the PATH."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
