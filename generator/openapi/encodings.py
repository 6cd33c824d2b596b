"""The encodings of bytes in a string that JSON Schema's ``contentEncoding`` names.

JSON Schema 2020-12 (section 8.3) takes its values from RFC 4648 (``base64``, ``base64url``,
``base32``, ``base32hex``, ``base16``) and RFC 2045; OpenAPI 3.1 writes a byte string as
``contentEncoding: base64`` (3.0's ``format: byte``). The keyword is an annotation: no
validator refuses a string for it, but a server that decodes it does, so a valid value is
drawn as text of that encoding. Each encoding writes ``block`` bytes as ``written``
characters, padded with ``=`` as RFC 4648 asks (section 3.2: no specification referring
to it, JSON Schema included, says otherwise). The generated tests' runtime holds the same
table (``templates/tests/static/_support.py`` ``_ENCODINGS``), tested equal.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping

from generator.records import record

__all__ = ["ENCODINGS", "Encoding", "byte_counts"]


@record(slots=True)
class Encoding:
    """One of RFC 4648's encodings: its encoder, and its blocks of bytes and characters."""

    encode: Callable[[bytes], bytes]
    block: int
    written: int


ENCODINGS: Mapping[str, Encoding] = {
    "base64": Encoding(base64.b64encode, 3, 4),
    "base64url": Encoding(base64.urlsafe_b64encode, 3, 4),
    "base32": Encoding(base64.b32encode, 5, 8),
    "base32hex": Encoding(base64.b32hexencode, 5, 8),
    "base16": Encoding(base64.b16encode, 1, 2),
}


def byte_counts(encoding: Encoding, low: int, high: int | None, spread: int) -> tuple[int, int]:
    """The fewest and the most bytes whose text in ``encoding`` is ``low`` to ``high``
    characters long (``high`` None: up to ``spread`` characters more); where none is, the
    fewest past ``low`` twice, which the caller's check of the length refuses."""
    first = -(-low // encoding.written)  # blocks
    last = first + -(-spread // encoding.written) if high is None else high // encoding.written
    fewest = 0 if first == 0 else (first - 1) * encoding.block + 1
    return fewest, max(fewest, last * encoding.block)
