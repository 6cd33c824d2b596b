"""Wire names to Python identifiers: sanitised, cased, never reserved, never colliding.

Rules (documented in the README, tested in tests/unit/test_naming.py):

- Non-ASCII letters are transliterated where Unicode allows (``é`` -> ``e``); other
  characters (emoji, punctuation) become word breaks. A name with nothing left becomes
  ``x`` followed by the hex code points of its first characters (``🚀`` -> ``x1f680``).
- A name that starts with a digit gets a prefix (``n`` for snake case, ``N`` for Pascal case).
- Leading underscores move to the end (``_inputs`` -> ``inputs_``): pydantic treats a
  leading underscore as private, and the trailing one keeps the name distinct.
- Keywords and names the generated code itself uses get a trailing ``_`` (``class_``,
  ``model_config_``, ``json_``). Builtins such as ``id`` or ``type`` stay as they are:
  the generated code never refers to them from a scope where a field could shadow them.
- Collisions are resolved in the order names are given: the first keeps its name, the
  next gets ``_2``, ``_3`` (``2``, ``3`` for classes). Comparisons are case-insensitive
  where the name becomes a file, so ``Foo`` and ``foo`` never share a file on any disk.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable
from functools import lru_cache

_WORD_BREAK = re.compile(r"[^0-9A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Names the generated modules use in annotations or import; a field or class named like
# one of these would shadow it inside the generated class body or module.
GENERATED_NAMES = frozenset(
    {
        "Any",
        "Annotated",
        "Literal",
        "Field",
        "BaseModel",
        "ConfigDict",
        "Enum",
        "StrEnum",
        "IntEnum",
        "Model",
        "DeepModel",
        "Integer",
        "Number",
        "String",
        "Boolean",
        "NotNull",
        "NotBool",
        "IsBool",
        "Pattern",
        "UniqueItems",
        "OneOf",
        "MultipleOf",
        "HasProperties",
        "NoValue",
        "DateString",
        "DateTimeString",
        "UUIDString",
        "DateInput",
        "DateTimeInput",
        "UUIDInput",
        "InvalidWebhookError",
        "Discriminator",
        "Tag",
        "TypeAlias",
        "TypeAliasType",
        "TYPE_CHECKING",
        "Optional",
        "Union",
        "Self",
        "NotGiven",
        "NOT_GIVEN",
        "Client",
        "AsyncClient",
        "httpx",
        "typing",
        "pydantic",
        "annotations",
        "self",
        "cls",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "bytes",
        "object",
        "None",
    }
)

# Attributes of pydantic.BaseModel and of the generated base model; a field named like
# one of these would replace the method.
MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "to_dict",
        "to_json",
        "from_dict",
        "from_json",
    }
)

RESERVED = frozenset(keyword.kwlist) | GENERATED_NAMES | MODEL_ATTRIBUTES
CLASS_RESERVED = frozenset(keyword.kwlist) | GENERATED_NAMES | frozenset(dir(builtins))


def words(name: str) -> list[str]:
    """Split a wire name into lower-case ASCII words (camelCase aware)."""
    return list(_words(name))


def _ascii(name: str) -> str:
    """``name``'s letters without their marks, and nothing else outside ASCII."""
    import unicodedata  # only for a name outside ASCII (NFKD leaves an ASCII one as it is)

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


# the same wire names come back for every use of a schema, field and parameter
@lru_cache(maxsize=1 << 16)
def _words(name: str) -> tuple[str, ...]:
    ascii_name = name if name.isascii() else _ascii(name)
    parts: list[str] = []
    for chunk in _WORD_BREAK.split(ascii_name):
        parts.extend(p.lower() for p in _CAMEL.split(chunk) if p)
    return tuple(parts)


def _fallback(name: str) -> str:
    return "x" + "".join(f"{ord(c):x}" for c in name[:4]) if name else "x"


def _leading_underscores(name: str) -> int:
    return len(name) - len(name.lstrip("_"))


def snake(name: str, reserved: frozenset[str] = RESERVED) -> str:
    """A snake_case identifier for ``name`` (fields, parameters, methods, modules)."""
    parts = words(name)
    ident = "_".join(parts) if parts else _fallback(name.strip("_"))
    if ident[0].isdigit():
        ident = "n" + ident
    ident += "_" * _leading_underscores(name)
    if ident in reserved or ident.startswith("model_"):
        ident += "_"
    return ident


def pascal(name: str, reserved: frozenset[str] = CLASS_RESERVED) -> str:
    """A PascalCase identifier for ``name`` (classes); one already in that form is kept."""
    if name.isascii() and name.isidentifier() and name[0].isupper() and "_" not in name:
        return name + "_" if name in reserved else name
    parts = words(name)
    ident = "".join(p[:1].upper() + p[1:] for p in parts) if parts else _fallback(name).title()
    if ident[0].isdigit():
        ident = "N" + ident
    if ident in reserved:
        ident += "_"
    return ident


def constant(name: str) -> str:
    """An UPPER_SNAKE identifier for an enum member."""
    parts = words(name)
    ident = "_".join(parts).upper() if parts else _fallback(name).upper()
    if ident[0].isdigit():
        ident = "V" + ident
    if keyword.iskeyword(ident) or ident in {"NAME", "VALUE"} or ident.startswith("_"):
        ident += "_"
    return ident


class Namespace:
    """Hands out unique identifiers, first come first served.

    With ``fold_case`` two names that differ only in case collide, as they would as
    file names on a case-insensitive disk.
    """

    def __init__(self, taken: Iterable[str] = (), *, fold_case: bool = False, sep: str = "_"):
        self._fold = fold_case
        self._sep = sep
        self._taken = {self._key(t) for t in taken}

    def _key(self, name: str) -> str:
        return name.lower() if self._fold else name

    def claim(self, ident: str) -> str:
        """Return ``ident``, or ``ident`` with the smallest free numeric suffix."""
        candidate, n = ident, 1
        while self._key(candidate) in self._taken:
            n += 1
            candidate = f"{ident}{self._sep}{n}"
        self._taken.add(self._key(candidate))
        return candidate

    def __contains__(self, ident: str) -> bool:
        return self._key(ident) in self._taken


# RFC 9110 token: the characters a header or cookie name may have (no spaces, no separators),
# and a media type's type and subtype
TOKEN_CHAR = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]"
_TOKEN = re.compile(TOKEN_CHAR + "+")


def http_token(name: str) -> bool:
    """True when ``name`` can be sent as a header or cookie name (an RFC 9110 token)."""
    return _TOKEN.fullmatch(name) is not None
