"""Which importable names a generated module's code uses, for its templates' import lines, and
the order of its ``__all__``.

ruff still drops unused imports and sorts them and ``__all__``: this only spares it the work
(a file its imports pass leaves as it is is formatted beside that pass: see
:func:`generator.formatting._format_passes`). A template that
imports a fixed list made ruff fix about 35,000 imports of GitHub's models, re-reading each file
after its fixes, which doubled its time.
"""

from __future__ import annotations

import re
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


_DIGITS = re.compile(r"(\d+)")


def _kind(name: str) -> int:
    # constants (upper case, more than one character), then classes (a capital first), then
    # the rest
    return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2


def _natural(text: str) -> list[str | int]:
    # a run of digits read as its number (a split's odd places are the digits, so a text is
    # only ever compared with a text)
    return [int(part) if odd % 2 else part for odd, part in enumerate(_DIGITS.split(text))]


def export_order(names: Iterable[str]) -> list[str]:
    """``names`` in the order ruff gives an ``__all__`` (RUF022's isort-style sort: by kind,
    then in natural order)."""
    return sorted(names, key=lambda name: (_kind(name), _natural(name)))


def import_order(names: Iterable[str]) -> list[str]:
    """``names`` in the order ruff gives the names one import brings (by kind, then in
    natural order of their lower case)."""
    return sorted(names, key=lambda name: (_kind(name), _natural(name.lower()), name))
