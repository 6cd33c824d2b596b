"""The mock and conformance share generator/exchange through its exported names, without cycles.

The import graph is read from the source (every ``import``, at module level or inside a
function), so a cycle cannot hide behind a function-local import; then each module is
imported alone in a fresh interpreter, so none depends on another being imported first.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.support import ROOT

PACKAGE = ROOT / "generator"
CORE = ("generator.exchange", "generator.mock", "generator.conformance")


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _in_core(module: str) -> bool:
    return any(module == c or module.startswith(c + ".") for c in CORE)


def _imports(path: Path) -> Iterator[tuple[str, bool]]:
    """(module imported, whether the import is inside a function) for project imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from package import module` imports the module, `from module import name` the module
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in MODULES
                else node.module
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            if name in MODULES:
                yield name, id(node) in nested


GRAPH = {module: {name for name, _ in _imports(path)} for module, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_runs_through_the_mock_conformance_or_their_core() -> None:
    cycles = [c for c in _cycles() if any(_in_core(m) for m in c)]
    assert not cycles


def test_no_function_local_import_of_the_project_in_them() -> None:
    local = [
        (module, name)
        for module, path in MODULES.items()
        if _in_core(module)
        for name, inside in _imports(path)
        if inside
    ]
    assert not local


def test_they_import_each_other_through_exported_names_only() -> None:
    reaching_in = [
        (module, name)
        for module in MODULES
        for name in GRAPH[module]
        for package in CORE
        if name.startswith(package + ".")  # a module inside the package, not its public face
        and not module.startswith(package + ".")
        and module != package
        and _in_core(module)
    ]
    assert not reaching_in


IMPORT_EACH_ALONE = """
import importlib
import sys

failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "generator" or m.startswith("generator.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_each_module_imports_alone_in_a_fresh_interpreter() -> None:
    names = sorted(m for m in MODULES if _in_core(m))
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_ALONE, *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
