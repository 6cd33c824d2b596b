"""How the suite runs beyond one process: shards across machines, a shared example database.

- A shard ``K/N`` (``--apiforge-shard=K/N``, or ``APIFORGE_SHARD=K/N`` where pytest is not
  given this folder and so does not know the option) holds the tests whose node id hashes to
  ``K - 1`` modulo ``N`` (SHA-256, so every machine computes the same split): the ``N`` shards
  are disjoint and together are the whole suite, whatever the order of collection. Node ids
  are relative to pytest's rootdir, so every machine runs from the same folder with the same
  arguments.
- ``APIFORGE_HYPOTHESIS_DB`` names the example database of the exploring profile: a folder
  (Hypothesis's ``DirectoryBasedExampleDatabase``, e.g. one a CI cache restores) or a
  ``redis://host:port/db`` URL (``hypothesis.extra.redis``, which needs the ``redis``
  package). A failure saved there by one machine is replayed first on every other.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from hypothesis.database import DirectoryBasedExampleDatabase, ExampleDatabase

__all__ = ["DATABASE_ENV", "SHARD_ENV", "SHARD_OPTION", "example_database", "in_shard", "shard"]

SHARD_OPTION = "--apiforge-shard"
SHARD_ENV = "APIFORGE_SHARD"
DATABASE_ENV = "APIFORGE_HYPOTHESIS_DB"
_REDIS = ("redis://", "rediss://", "unix://")


def shard(text: str) -> tuple[int, int]:
    """``(K, N)`` from ``"K/N"``; a ValueError names what is wrong."""
    index, slash, count = text.partition("/")
    if not (slash and index.strip().isdigit() and count.strip().isdigit()):
        raise ValueError(f"{SHARD_OPTION} ({SHARD_ENV}) takes K/N (e.g. 2/3), not {text!r}")
    k, n = int(index), int(count)
    if not 1 <= k <= n:
        raise ValueError(f"{SHARD_OPTION} ({SHARD_ENV}) {text}: K must be between 1 and N")
    return k, n


def in_shard(nodeid: str, index: int, count: int) -> bool:
    """True when the test ``nodeid`` belongs to shard ``index`` of ``count`` (1-based)."""
    digest = hashlib.sha256(nodeid.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def example_database(value: str | None = None) -> ExampleDatabase | None:
    """The database ``APIFORGE_HYPOTHESIS_DB`` (or ``value``) names; None when it is unset.

    A Redis URL without the ``redis`` package installed is a RuntimeError saying so.
    """
    chosen = os.environ.get(DATABASE_ENV, "") if value is None else value
    if not chosen:
        return None
    if chosen.startswith(_REDIS):
        try:
            import redis  # type: ignore[import-not-found, import-untyped, unused-ignore]
            from hypothesis.extra.redis import RedisExampleDatabase
        except ImportError as error:
            raise RuntimeError(
                f"{DATABASE_ENV}={chosen} needs the redis package ({error.name} is missing):"
                " pip install redis"
            ) from None
        return RedisExampleDatabase(redis.Redis.from_url(chosen))
    return DirectoryBasedExampleDatabase(Path(chosen).expanduser())
