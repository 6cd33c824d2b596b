"""The mock's memory: bounded, oldest dropped first, deletions reach the paths below."""

from __future__ import annotations

import threading

from generator.mock.memory import DEFAULT_CAPACITY, Entry, Key, Memory


def key(path: str, **values: str) -> Key:
    return path, tuple(sorted(values.items()))


def test_the_default_cap_holds_ten_thousand_and_drops_the_oldest() -> None:
    memory = Memory()
    assert memory.capacity == DEFAULT_CAPACITY == 10_000
    for index in range(DEFAULT_CAPACITY + 50):
        memory.put({key("/items/{id}", id=str(index)): Entry({"id": index})})
    assert len(memory) == DEFAULT_CAPACITY
    assert memory.get(key("/items/{id}", id="49")) is None
    assert memory.get(key("/items/{id}", id="50")) == Entry({"id": 50})


def test_a_written_entry_becomes_the_newest() -> None:
    memory = Memory(2)
    a, b, c = (key("/items/{id}", id=n) for n in "abc")
    memory.put({a: Entry(1), b: Entry(2)})
    assert memory.change(a, lambda e: Entry(3)) == Entry(3)
    memory.put({c: Entry(4)})
    assert memory.get(b) is None and memory.get(a) == Entry(3)


def test_a_claim_fails_on_a_live_entry_but_not_on_a_tombstone() -> None:
    memory = Memory()
    a = key("/items/{id}", id="1")
    assert memory.claim({a: Entry(1)})
    assert not memory.claim({a: Entry(2)})
    assert memory.get(a) == Entry(1)
    assert memory.remove(a) == 1
    assert memory.claim({a: Entry(3)})


def test_removing_reaches_the_paths_below_with_the_same_values() -> None:
    memory = Memory()
    user = key("/users/{u}", u="ann")
    post = key("/users/{u}/posts/{p}", u="ann", p="1")
    other = key("/users/{u}/posts/{p}", u="bob", p="1")
    sibling = key("/users/{u}x", u="ann")
    memory.put({k: Entry(None) for k in (user, post, other, sibling)})
    assert memory.remove(user) == 2
    gone = [entry.gone for k in (user, post, other, sibling) if (entry := memory.get(k))]
    assert gone == [True, True, False, False]
    assert memory.change(post, lambda e: Entry(1)) is None  # a tombstone is not changed


def test_concurrent_writers_keep_the_cap() -> None:
    memory = Memory(100)

    def write(thread: int) -> None:
        for index in range(2_000):
            memory.put({key("/i/{id}", id=f"{thread}-{index}"): Entry(index)})
            memory.change(key("/i/{id}", id=f"{thread}-{index - 1}"), lambda e: Entry(-1))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(memory) == 100
