"""The names a generated module's code uses, read for its import lines, and the order ruff
gives names (an ``__all__``, an import's), tried against ruff itself."""

from __future__ import annotations

import ast
import keyword
import subprocess
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formatting import RUFF_ARGS, ruff_binary
from generator.render.imports import export_order, import_order, used_in

CODE = "x = _m.Pet\nclass A(Model):\n    b: String  # DateString\nfoo.Bar(Baz) é_x\n"
NAMES = ["Pet", "Model", "String", "DateString", "Bar", "Baz", "é_x", "A", "x", "b", "foo", "Nope"]


def test_a_name_counts_as_a_whole_identifier_not_after_a_dot() -> None:
    assert used_in(NAMES, CODE) == [
        "Model",
        "String",
        "DateString",
        "Baz",
        "é_x",
        "A",
        "x",
        "b",
        "foo",
    ]
    assert used_in(["Str", "ring", "Stri"], "String") == []
    # the first occurrence inside another identifier or after a dot; a later one bare
    assert used_in(["String", "Pet"], "DateString _m.Pet: String = Pet") == ["String", "Pet"]


# names as specs make them: letters of both cases, digits and underscores
_NAMES = st.lists(
    st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,7}\Z", fullmatch=True).filter(
        lambda name: not keyword.iskeyword(name) and name != "_"
    ),
    min_size=2,
    max_size=8,
    unique=True,
)


def _ruff(text: str, select: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "module.py"
        path.write_text(text, encoding="utf-8")
        command = [ruff_binary(), "check", "--fix", "--select", select, "--quiet", "--no-cache"]
        subprocess.run([*command, "--exit-zero", *RUFF_ARGS, str(path)], check=True)
        return path.read_text(encoding="utf-8")


@settings(max_examples=25, deadline=None)
@given(_NAMES)
def test_exports_are_in_the_order_ruff_gives_an_all(names: list[str]) -> None:
    written = "__all__ = [\n" + "".join(f"    {name!r},\n" for name in reversed(names)) + "]\n"
    sorted_by_ruff = ast.literal_eval(_ruff(written, "RUF022").split("=", 1)[1])
    assert export_order(names) == sorted_by_ruff


@settings(max_examples=25, deadline=None)
@given(_NAMES)
def test_imported_names_are_in_the_order_ruff_gives_them(names: list[str]) -> None:
    listed = "".join(f"    {name},\n" for name in reversed(names))
    written = f"from module import (\n{listed})\n\nprint({', '.join(names)})\n"
    imported = ast.parse(_ruff(written, "I")).body[0]
    assert isinstance(imported, ast.ImportFrom)
    assert import_order(names) == [alias.name for alias in imported.names]
