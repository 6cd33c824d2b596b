"""Compiled templates, kept on disk the way Python keeps its bytecode.

Compiling apiforge's templates costs about 0.1 s on every run, half of generating a small
spec. Jinja's compiled code for each template is kept in ``__pycache__`` beside the built-in
templates (or under ``sys.pycache_prefix``), and nothing is written where Python would write
no bytecode either (``PYTHONDONTWRITEBYTECODE``, ``-B``). An entry is used only when the
template's source, Jinja's version and the environment's options are the ones it was
compiled from; a damaged or unreadable entry is a miss and a failed write is ignored, so the
output never depends on these files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

__all__ = ["CompiledTemplates", "compiled_folder"]

# what Jinja's compiler reads besides a template's source: its syntax options, and which
# filters and tests exist (a missing one compiles into code that fails when it runs)
_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "autoescape",
    "optimized",
)


def compiled_folder(templates: Path) -> Path:
    """Where the compiled form of the templates in ``templates`` is kept (as for a module's
    ``.pyc``: ``__pycache__`` beside them, or their path under ``sys.pycache_prefix``)."""
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix) / templates.resolve().relative_to(
            templates.resolve().anchor
        )
    return templates / "__pycache__"


# a missing or unreadable entry, or one damaged past the header Jinja checks
_UNREADABLE = (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError)


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode of each template, one file per template, named by its key and by
    what the code depends on besides the template's source (checked by Jinja itself)."""

    def __init__(self, folder: Path, env: jinja2.Environment) -> None:
        self.folder = folder
        options = (
            [getattr(env, name) for name in _SYNTAX],
            sorted(env.filters),
            sorted(env.tests),
        )
        tag = f"{jinja2.__version__}:{sys.implementation.cache_tag}:{options!r}"
        self.tag = hashlib.sha256(tag.encode()).hexdigest()[:16]

    def _file(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.{self.tag}.jinja"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self._file(bucket), "rb") as f:
                bucket.load_bytecode(f)
        except _UNREADABLE:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        target = self._file(bucket)
        scratch = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(scratch, "wb") as f:
                bucket.write_bytecode(f)
            os.replace(scratch, target)  # another process reads it whole or not at all
        except OSError:  # read-only install, disk full: compiled again next time
            with contextlib.suppress(OSError):
                scratch.unlink()
