"""Every import of ``generator/`` keeps to the layers table of ARCHITECTURE.md.

The table is the one home of the rule: this test reads it (package, job, may import), reads each
module's imports from its source (module level and inside functions alike) and names every
import the table does not allow, every package the table does not know, and any cycle.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT

PACKAGE = ROOT / "generator"
TABLE_ROW = re.compile(r"^\| `(?P<name>[\w.]+)` \|[^|]*\|(?P<allowed>[^|]*)\|\s*$")


def read_table(text: str) -> dict[str, frozenset[str]]:
    """{package: packages it may import} from the rows of the layers table."""
    table: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        match = TABLE_ROW.match(line)
        if match:
            names = re.findall(r"`([\w.]+)`", match["allowed"])
            table[match["name"]] = frozenset(names)
    return table


def unit_of(path: Path) -> str | None:
    """The table's name for a module: its package, or the module itself at the top level."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts == ("__init__",):
        return None  # the package's face: the version, importing nothing
    return parts[0]


def imported_units(path: Path) -> Iterator[tuple[int, str]]:
    """(line, unit) for each project import of a module (the project imports absolutely)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            base = node.module.split(".")
            targets = [[*base, alias.name] for alias in node.names] if len(base) == 1 else [base]
        else:
            assert not isinstance(node, ast.ImportFrom), f"{path}:{node.lineno}: a relative import"
            continue
        for target in targets:
            if target[0] == "generator" and len(target) > 1:
                yield node.lineno, target[1]


def layer_violations(table: dict[str, frozenset[str]]) -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        unit = unit_of(path)
        for line, target in imported_units(path):
            if unit is None:
                found.append(f"{path.relative_to(ROOT)}:{line}: the package face imports {target}")
            elif unit not in table:
                found.append(f"{path.relative_to(ROOT)}: {unit} has no row in the table")
            elif target != unit and target not in table[unit]:
                found.append(f"{path.relative_to(ROOT)}:{line}: {unit} may not import {target}")
    return sorted(set(found))


def cycles(table: dict[str, frozenset[str]]) -> list[list[str]]:
    """Cycles of the table itself (an allowed cycle is a cycle waiting to happen)."""
    found: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        for target in sorted(table.get(name, ())):
            if target in trail:
                found.append([*trail[trail.index(target) :], target])
            elif target in table:
                visit(target, [*trail, target])

    for name in table:
        visit(name, [name])
    return found


TABLE = read_table((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))


def test_the_table_names_every_package_and_top_level_module() -> None:
    units = {unit_of(p) for p in PACKAGE.rglob("*.py")} - {None}
    assert units <= set(TABLE), sorted(units - set(TABLE))
    assert set(TABLE) - units <= {"__version__"}, sorted(set(TABLE) - units)


def test_every_import_keeps_to_the_layers() -> None:
    assert layer_violations(TABLE) == []


def test_the_layers_have_no_cycle() -> None:
    assert cycles(TABLE) == []


def test_an_upward_import_is_named() -> None:
    # the checker itself: a table that forbids an import the code makes is reported
    strict = dict(TABLE, ir=frozenset(), mock=frozenset({"ir"}))
    found = layer_violations(strict)
    assert any("mock may not import exchange" in line for line in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("| `ir` | the IR | |", {"ir": frozenset()}),
        ("| `mock` | the mock | `exchange`, `ir` |", {"mock": frozenset({"exchange", "ir"})}),
        ("| package | job | may import |", {}),
    ],
)
def test_the_table_is_read_row_by_row(text: str, expected: dict[str, frozenset[str]]) -> None:
    assert read_table(text) == expected


def test_a_cycle_in_the_table_is_found() -> None:
    assert cycles({"a": frozenset({"b"}), "b": frozenset({"a"})})
