"""The names a generated module's code uses, read for its import lines, and the order ruff
gives names (an ``__all__``, an import's), tried against ruff itself."""

from __future__ import annotations

import ast
import keyword
import re
import subprocess
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formatting import RUFF_ARGS, ruff_binary
from generator.naming import CLASS_RESERVED
from generator.render.client import _IMPORTABLE
from generator.render.imports import export_order, import_order, used_in
from tests.support import ROOT

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


# the templates of modules where model classes are defined or imported by their names
BESIDE_MODELS = ("models/models.py.jinja", "models/package.py.jinja", "client/webhooks.py.jinja")


def _imported_beside_models() -> set[str]:
    names = {name for listed in _IMPORTABLE.values() for name in listed}
    for template in BESIDE_MODELS:
        text = (ROOT / "templates" / template).read_text(encoding="utf-8")
        for block in re.findall(r"importing\.section\(\[(.*?)\]\s*,\s*code", text, re.S):
            names |= set(re.findall(r'"([A-Za-z_]\w*)"', block))
        for listed in re.findall(r"^\s*from [.\w]+ import ([A-Za-z_][\w, ]*)$", text, re.M):
            names |= {name.strip() for name in listed.split(",") if name.strip()}
    return names


def test_every_class_like_name_imported_beside_the_models_is_reserved() -> None:
    # a component named like a runtime name its module imports (`OneOf`) would rebind it: the
    # class namespace reserves each, so such a component's class is named `OneOf_`
    imported = _imported_beside_models()
    assert {"OneOf", "Model", "Discriminator", "String"} <= imported  # the lists were read
    assert sorted(n for n in imported if n[:1].isupper() and n not in CLASS_RESERVED) == []
