"""``record`` makes frozen dataclasses that answer as ``dataclass(frozen=True)``'s do."""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.records import record


def _pair(body: dict[str, Any], *, slots: bool = False) -> tuple[type, type]:
    """The same class body made by ``record`` and by ``dataclass(frozen=True)``."""
    ours = record(slots=slots)(type("Thing", (), dict(body)))
    theirs = dataclasses.dataclass(frozen=True, slots=slots)(type("Thing", (), dict(body)))
    return ours, theirs


BODIES = {
    "none": {"__annotations__": {}},
    "one": {"__annotations__": {"a": "int"}},
    "several": {"__annotations__": {"a": "int", "b": "str", "c": "tuple[int, ...]"}, "c": ()},
    "not compared": {
        "__annotations__": {"a": "int", "memo": "dict[str, int]"},
        "memo": dataclasses.field(default_factory=dict, compare=False, repr=False),
    },
    "not hashed": {
        "__annotations__": {"a": "int", "b": "list[int]"},
        "b": dataclasses.field(default_factory=list, hash=False),
    },
}
VALUES = {
    "none": [(), ()],
    "one": [(1,), (2,)],
    "several": [(1, "x", (1, 2)), (1, "x", (1, 3))],
    "not compared": [(1,), (2,)],
    "not hashed": [(1, [1]), (1, [2])],
}


@pytest.mark.parametrize("slots", [False, True])
@pytest.mark.parametrize("kind", sorted(BODIES))
def test_equality_hash_and_repr_are_dataclass_s(kind: str, slots: bool) -> None:
    ours, theirs = _pair(BODIES[kind], slots=slots)
    for args in VALUES[kind]:
        for other in VALUES[kind]:
            assert (ours(*args) == ours(*other)) == (theirs(*args) == theirs(*other))
            assert (ours(*args) != ours(*other)) == (theirs(*args) != theirs(*other))
        if kind != "not hashed":
            assert hash(ours(*args)) == hash(theirs(*args))
        else:  # a field left out of the hash: equal hashes where only that field differs
            assert hash(ours(*VALUES[kind][0])) == hash(ours(*VALUES[kind][1]))
        assert repr(ours(*args)) == repr(theirs(*args))


def test_another_class_is_never_equal_and_a_subclass_compares_as_dataclass_does() -> None:
    @record
    class A:
        x: int

    @record
    class B(A):
        pass

    @dataclasses.dataclass(frozen=True)
    class C:
        x: int

    assert A(1) != C(1)
    assert A(1).__eq__(C(1)) is NotImplemented
    assert A(1) != B(1)  # dataclass compares instances of the very same class only
    assert B(1) == B(1)
    assert {A(1): 1}[A(1)] == 1


def test_instances_are_frozen_and_the_rest_of_dataclasses_works() -> None:
    @record(slots=True)
    class A:
        x: int
        y: tuple[str, ...] = ()

    a = A(1, ("b",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.x  # type: ignore[misc]
    assert dataclasses.replace(a, x=3) == A(3, ("b",))
    assert dataclasses.asdict(a) == {"x": 1, "y": ("b",)}
    assert [f.name for f in dataclasses.fields(A)] == ["x", "y"]
    assert A.__match_args__ == ("x", "y")
    assert not hasattr(a, "__dict__")


def test_a_method_the_body_writes_is_kept() -> None:
    @record
    class A:  # noqa: PLW1641 - the hash record adds is what is tested
        x: int

        def __repr__(self) -> str:
            return "mine"

        def __eq__(self, other: object) -> bool:
            return True

    assert repr(A(1)) == "mine"
    assert A(1) == A(2)
    assert hash(A(1)) == hash((1,))  # Python's None beside an own __eq__ is not the body's


def test_a_repr_met_again_while_it_is_made_says_so() -> None:
    @record
    class Node:
        children: list[Any]

    @dataclasses.dataclass(frozen=True)
    class Theirs:
        children: list[Any]

    node, theirs = Node([]), Theirs([])
    node.children.append(node)
    theirs.children.append(theirs)
    assert repr(node).endswith(".Node(children=[...])")
    assert repr(node).replace("Node", "Theirs") == repr(theirs)


@record(slots=True)
class Pickled:
    x: int
    y: str = "y"


def test_a_slotted_record_pickles() -> None:
    assert pickle.loads(pickle.dumps(Pickled(1))) == Pickled(1)


def test_init_fills_defaults_factories_and_fields_left_out_as_dataclass_does() -> None:
    made: list[int] = []

    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"a": "int", "b": "list[int]", "memo": "dict[str, int]", "c": "int"},
            "b": dataclasses.field(default_factory=list),
            "memo": dataclasses.field(default_factory=dict, init=False, compare=False),
            "c": 3,
            "__post_init__": lambda self: made.append(self.a),
        }

    ours = record(type("Thing", (), body()))
    theirs = dataclasses.dataclass(frozen=True)(type("Thing", (), body()))
    for make in (ours, theirs):
        one, two = make(1), make(2, [5], c=4)
        assert (one.a, one.b, one.memo, one.c) == (1, [], {}, 3)
        assert (two.a, two.b, two.c) == (2, [5], 4)
        assert one.b is not make(1).b  # a factory's value is made for each instance
        with pytest.raises(TypeError):
            make()
        with pytest.raises(TypeError):
            make(1, memo={})
    assert made == [1, 2, 1, 1, 2, 1]


def test_a_field_left_out_of_init_without_a_default_is_left_unset() -> None:
    @record
    class A:
        x: int
        later: int = dataclasses.field(init=False)

    assert A(1).x == 1
    assert not hasattr(A(1), "later")


def test_an_init_the_body_writes_is_kept() -> None:
    @record
    class A:
        x: int

        def __init__(self, text: str) -> None:
            object.__setattr__(self, "x", len(text))

    assert A("abc").x == 3


def test_a_record_without_a_docstring_is_given_dataclass_s() -> None:
    ours = record(type("Thing", (), {"__annotations__": {"a": "int", "b": "str"}}))
    assert ours.__doc__ == "Thing(a, b)"


def test_records_inherit_fields_and_copy_and_pickle_as_dataclasses() -> None:
    assert pickle.loads(pickle.dumps(Pickled(2, "z"))) == Pickled(2, "z")
    assert copy.copy(Pickled(1)) == Pickled(1)
    assert copy.deepcopy(Plain(1, [2])) == Plain(1, [2])
    assert pickle.loads(pickle.dumps(Plain(1, [2]))) == Plain(1, [2])
    assert Child(1, [2], 3) == Child(1, [2], 3) != Child(1, [2], 4)
    assert [f.name for f in dataclasses.fields(Child)] == ["x", "items", "z"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Child(1, [], 2).z = 3  # type: ignore[misc]


@record
class Plain:
    x: int
    items: list[int]


@record
class Child(Plain):
    z: int = 0


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_a_mutable_record_answers_as_a_mutable_dataclass(kind: str) -> None:
    ours = record(frozen=False)(type("Thing", (), dict(BODIES[kind])))
    theirs = dataclasses.dataclass(type("Thing", (), dict(BODIES[kind])))
    for args in VALUES[kind]:
        for other in VALUES[kind]:
            assert (ours(*args) == ours(*other)) == (theirs(*args) == theirs(*other))
        assert repr(ours(*args)) == repr(theirs(*args))
    assert ours.__hash__ is None is theirs.__hash__  # compared by value, changed at will
    if kind != "none":
        thing = ours(*VALUES[kind][0])
        thing.a = 7
        assert thing.a == 7


def test_a_record_compared_as_any_object_keeps_its_identity() -> None:
    @record(frozen=False, eq=False)
    class Failure(Exception):
        problems: list[str] = dataclasses.field(default_factory=list)
        code: int = 1

    one, two = Failure(["x"], 2), Failure(["x"], 2)
    assert one != two and one == one  # noqa: PLR0124 - identity is what is tested
    assert len({one, two}) == 2
    assert (one.problems, one.code, one.args) == (["x"], 2, (["x"], 2))
    assert repr(one).endswith(".<locals>.Failure(problems=['x'], code=2)")


_PROBE = """
from generator import records
@records.record
class Kept:
    a: int
    b: str = "b"
assert Kept(1) == Kept(1, "b")
print(records._Compiled.added)
"""


def _probe(prefix: Path, *, write: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_an_init_compiled_once_is_read_back_by_the_next_process(tmp_path: Path) -> None:
    assert _probe(tmp_path, write=False) == "True"
    assert list(tmp_path.rglob("*.inits")) == []  # nothing written where bytecode is not
    assert _probe(tmp_path, write=True) == "True"  # compiled, then kept
    (kept,) = tmp_path.rglob("records.*.inits")
    assert _probe(tmp_path, write=True) == "False"  # read back: nothing compiled
    kept.write_bytes(b"\x00damaged")
    assert _probe(tmp_path, write=True) == "True"  # a damaged file is an empty one
    assert _probe(tmp_path, write=True) == "False"  # and it was written again
