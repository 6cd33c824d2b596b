"""Compiled templates are kept like bytecode: reused when the source is the same, never
trusted when damaged, never needed (an unwritable folder or ``-B`` only costs time)."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from generator.render.compiled import CompiledTemplates, compiled_folder
from generator.render.environment import builtin_templates, environment


def _env(templates: Path, compiled: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), trim_blocks=True)
    env.bytecode_cache = CompiledTemplates(compiled, env)
    return env


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "hello.jinja").write_text("{% for n in names %}\nhello {{ n }}\n{% endfor %}")
    return folder


@pytest.fixture
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where compiled templates go, with Python writing bytecode (``-B`` not given)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return tmp_path / "compiled"


def _compiles(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    compile_ = env.compile

    def counting(source: str, name: str | None = None, filename: str | None = None) -> object:
        seen.append(str(name))
        return compile_(source, name, filename)

    monkeypatch.setattr(env, "compile", counting)
    return seen


def test_a_template_compiled_once_is_read_back_by_the_next_run(
    templates: Path, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _env(templates, compiled)
    text = first.get_template("hello.jinja").render(names=["a", "b"])
    assert len(list(compiled.iterdir())) == 1

    second = _env(templates, compiled)
    seen = _compiles(second, monkeypatch)
    assert (
        second.get_template("hello.jinja").render(names=["a", "b"]) == text == "hello a\nhello b\n"
    )
    assert seen == []


def test_a_changed_template_is_compiled_again(
    templates: Path, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(templates, compiled).get_template("hello.jinja").render(names=["a"])
    (templates / "hello.jinja").write_text("{% for n in names %}\nbye {{ n }}\n{% endfor %}")
    again = _env(templates, compiled)
    seen = _compiles(again, monkeypatch)
    assert again.get_template("hello.jinja").render(names=["a"]) == "bye a\n"
    assert seen == ["hello.jinja"]


def test_other_syntax_options_do_not_share_compiled_code(
    templates: Path, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(templates, compiled).get_template("hello.jinja").render(names=["a"])
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)))
    plain.bytecode_cache = CompiledTemplates(compiled, plain)
    assert plain.get_template("hello.jinja").render(names=["a"]) == "\nhello a\n"


@pytest.mark.parametrize(
    "damage",
    [b"", b"j2", b"garbage" * 40, bc_magic + b"\xff\x00garbage", None],
    ids=["empty", "cut-short", "garbage", "garbage-after-the-header", "truncated-code"],
)
def test_a_damaged_entry_is_compiled_again_and_mended(
    templates: Path, compiled: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None
) -> None:
    _env(templates, compiled).get_template("hello.jinja").render(names=["a"])
    (entry,) = compiled.iterdir()
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) - 20] if damage is None else damage)
    again = _env(templates, compiled)
    seen = _compiles(again, monkeypatch)
    assert again.get_template("hello.jinja").render(names=["a"]) == "hello a\n"
    assert seen == ["hello.jinja"]
    assert entry.read_bytes() == whole


def test_an_unwritable_folder_costs_only_time(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    env = _env(templates, blocked / "compiled")
    assert env.get_template("hello.jinja").render(names=["a"]) == "hello a\n"
    assert blocked.read_text() == "not a folder"


def test_nothing_is_written_where_python_writes_no_bytecode(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    compiled = tmp_path / "compiled"
    assert _env(templates, compiled).get_template("hello.jinja").render(names=["a"]) == "hello a\n"
    assert not compiled.exists()


def test_the_folder_follows_pythons_bytecode_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "pycache_prefix", None)
    assert compiled_folder(tmp_path) == tmp_path / "__pycache__"
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    kept = compiled_folder(tmp_path / "templates")
    assert kept.is_relative_to(tmp_path / "prefix")
    assert kept == Path(sys.pycache_prefix) / (tmp_path / "templates").resolve().relative_to("/")


def test_the_builtin_templates_are_kept_beside_them() -> None:
    cache = environment(None).bytecode_cache
    assert isinstance(cache, CompiledTemplates)
    assert cache.folder == compiled_folder(builtin_templates())
