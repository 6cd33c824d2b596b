"""The names a resource reads from the models when a call first needs them are found in each
type expression as Python's tokenizer finds them: tried on every expression the feature specs
render and on expressions drawn by Hypothesis."""

from __future__ import annotations

import io
import keyword
import tokenize
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import SpecConfig
from generator.parse import build_api
from generator.pipeline import load_valid
from generator.render import client
from generator.render.environment import environment
from generator.render.package import header
from tests.support import ROOT

SPECS = [*sorted((ROOT / "tests" / "specs").glob("*.yaml")), ROOT / "spec" / "kitchen-sink.yaml"]
# the reading under test, uncached
READ = client._names.__wrapped__


def _by_the_tokenizer(text: str) -> tuple[tuple[int, str], ...]:
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    found = []
    for index, token in enumerate(tokens):
        before = tokens[index - 1].string if index else ""
        after = tokens[index + 1].string if index + 1 < len(tokens) else ""
        if token.type == tokenize.NAME and before != "." and after != "=":
            found.append((token.start[1], token.string))
    return tuple(found)


def _rendered_expressions(spec: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    seen: set[str] = set()
    names = client._names

    def recorded(text: str) -> Any:
        seen.add(text)
        return names(text)

    monkeypatch.setattr(client, "_names", recorded)
    config = SpecConfig(spec=spec, output=spec.parent)
    try:
        api = build_api(load_valid(config, full=False).data, config, spec.name)
    except Exception:  # a spec of the refusal tests: nothing to render
        return set()
    env = environment()
    client.render(api, env, header(api, env))
    return seen


def test_every_rendered_expression_is_read_as_the_tokenizer_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts: set[str] = set()
    for spec in SPECS:
        texts |= _rendered_expressions(spec, monkeypatch)
    assert len(texts) > 100
    assert [t for t in texts if READ(t) != _by_the_tokenizer(t)] == []


_NAME = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,6}\Z", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name)
)
_LITERAL = st.one_of(
    st.text(max_size=6).map(repr),
    st.binary(max_size=4).map(repr),
    st.integers().map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


def _expression(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, b: f"{a}[{b}]", _NAME, inner),
        st.builds(lambda a, b: f"{a} | {b}", inner, inner),
        st.builds(lambda a, b: f"{a}.{b}", _NAME, _NAME),
        st.builds(lambda a, b: f"{a}, {b}", inner, inner),
        st.builds(lambda a, b, c: f"{a}({b}={c})", _NAME, _NAME, inner),
        st.builds(lambda a: f"{a}[int, ...]", _NAME),
        st.builds(lambda a: f"Literal[{a}]", _LITERAL),
    )


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.one_of(_NAME, _LITERAL), _expression, max_leaves=8))
def test_drawn_expressions_are_read_as_the_tokenizer_reads_them(text: str) -> None:
    assert READ(text) == _by_the_tokenizer(text)
