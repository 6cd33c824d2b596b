"""Which importable names a generated module's code uses, for its templates' import lines.

ruff still drops unused imports and sorts them: this only spares it the work. A template that
imports a fixed list made ruff fix about 35,000 imports of GitHub's models, re-reading each file
after its fixes, which doubled its time.
"""

from __future__ import annotations

from collections.abc import Iterable


def _identifier(char: str) -> bool:
    return char.isalnum() or char == "_"


def _bare(code: str, at: int, end: int) -> bool:
    """Whether ``code[at:end]`` is a whole identifier not named through another (``_m.Pet``)."""
    before = code[at - 1] if at else ""
    after = code[end] if end < len(code) else ""
    return not (_identifier(before) or before == ".") and not _identifier(after)


def used_in(names: Iterable[str], code: str) -> list[str]:
    """The ``names`` that occur in ``code`` as whole identifiers, in their order.

    A name only in a comment or a string counts too (ruff then drops its import); one inside
    a longer identifier (``String`` in ``DateString``) or after a dot (``_m.Pet``) does not.
    Each name is searched for (a module imports a few dozen names at most from one place).
    """
    found = []
    for name in names:
        at = code.find(name)
        while at >= 0:
            end = at + len(name)
            if _bare(code, at, end):
                found.append(name)
                break
            at = code.find(name, end)
    return found
