"""The cache's store: what it returns is what was put, a damaged entry is a miss, bounded."""

from __future__ import annotations

import os
from pathlib import Path

from generator.write.store import Store

KEY = "a" * 64


def test_what_is_put_is_got_back(tmp_path: Path) -> None:
    store = Store(tmp_path, "t")
    store.put(KEY, b"payload")
    assert store.get(KEY) == b"payload"
    assert [p.name for p in tmp_path.iterdir()] == [f"t-{KEY}"]  # no temporary file left


def test_a_damaged_entry_is_a_miss_and_removed(tmp_path: Path) -> None:
    store = Store(tmp_path, "t")
    store.put(KEY, b"payload")
    entry = tmp_path / f"t-{KEY}"
    entry.write_bytes(entry.read_bytes().replace(b"payload", b"paylead"))
    assert store.get(KEY) is None
    assert not entry.exists()
    entry.write_bytes(b"short")
    assert store.get(KEY) is None


def test_another_kind_and_a_key_that_is_not_a_digest_are_misses(tmp_path: Path) -> None:
    Store(tmp_path, "t").put(KEY, b"payload")
    assert Store(tmp_path, "u").get(KEY) is None
    Store(tmp_path, "t").put("../escape", b"x")
    assert Store(tmp_path, "t").get("../escape") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"t-{KEY}"]


def test_the_oldest_entries_go_past_the_limit(tmp_path: Path) -> None:
    store = Store(tmp_path, "t", limit=3)
    keys = [f"{i:064x}" for i in range(5)]
    for age, key in enumerate(keys):
        store.put(key, key.encode())
        os.utime(tmp_path / f"t-{key}", ns=(age * 10**9, age * 10**9))
    Store(tmp_path, "other").put(KEY, b"kept")  # another kind is not counted
    store.trim()
    assert [store.get(key) is not None for key in keys] == [False, False, True, True, True]
    assert Store(tmp_path, "other").get(KEY) == b"kept"


def test_no_folder_stores_nothing(tmp_path: Path) -> None:
    store = Store(None, "t")
    store.put(KEY, b"payload")
    assert store.get(KEY) is None


def test_the_oldest_entries_go_past_the_size_bound(tmp_path: Path) -> None:
    store = Store(tmp_path, "t", max_bytes=2 * (100 + 49) + 100)  # 49: the header
    keys = [f"{i:064x}" for i in range(5)]
    for age, key in enumerate(keys):
        store.put(key, b"x" * 100)
        os.utime(tmp_path / f"t-{key}", ns=(age * 10**9, age * 10**9))
    store.trim()
    assert [store.get(key) is not None for key in keys] == [False, False, False, True, True]
