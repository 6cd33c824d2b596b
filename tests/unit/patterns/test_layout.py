"""generator/patterns/: small modules with one job each, a public face, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import generator.patterns
from generator.patterns import ecma

PACKAGE = Path(generator.patterns.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
PUBLIC = ["PatternError", "Untranslatable", "compiled", "problem", "searcher", "translate"]


def _imports(path: Path) -> set[str]:
    """The project modules ``path`` imports (``generator.…``), by full dotted name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            for alias in node.names:
                found.add(f"{node.module}.{alias.name}")
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
    return found


def test_every_module_is_small_and_says_its_job() -> None:
    for path in MODULES:
        lines = len(path.read_text().splitlines())
        assert lines <= 250, f"{path.name} has {lines} lines"
        assert ast.get_docstring(ast.parse(path.read_text())), f"{path.name} has no docstring"


def test_the_package_exports_the_public_names_of_ecma() -> None:
    assert sorted(generator.patterns.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(generator.patterns, name) is getattr(ecma, name), name
    assert generator.patterns.translate("^a$") == r"\Aa\Z"


def test_modules_import_only_patterns_openapi_and_records_and_no_cycle() -> None:
    names = {p.stem for p in MODULES if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        imported = _imports(path)
        for module in imported:
            allowed = ("generator.patterns", "generator.openapi", "generator.records")
            assert module.startswith(allowed), (path, module)
        if path.stem != "__init__":
            graph[path.stem] = {
                m.split(".")[2] for m in imported if m.startswith("generator.patterns.")
            } & names

    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name not in done:
            for target in graph[name]:
                visit(target, (*trail, name))
            done.add(name)

    for name in graph:
        visit(name, ())
