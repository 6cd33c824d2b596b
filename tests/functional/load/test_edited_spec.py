"""A spec edited and read by blocks (most from its last parse) generates the same files."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from generator.config import SpecConfig
from generator.load import blocks
from generator.load.cache import blocks_file
from generator.pipeline import generate

ROOT = Path(__file__).resolve().parents[3]
HANDLE = "        handle: {type: string, minLength: 3, maxLength: 30}\n"
EDITS = [
    ("description: The cookbook.", "description: The cookbook, edited."),
    (HANDLE, HANDLE + "        nickname: {type: string}\n"),
]


def files(spec: Path) -> dict[str, str]:
    config = SpecConfig(spec=spec, output=spec.parent / "out", package="edited_api")
    return generate(config, ROOT, tests=False).files


@pytest.mark.parametrize(("old", "new"), EDITS, ids=["description", "new-property"])
def test_an_edited_spec_generates_what_a_cold_parse_of_it_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("APIFORGE_NO_CACHE", raising=False)
    spec = tmp_path / "spec.yaml"
    text = (ROOT / "spec" / "kitchen-sink.yaml").read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text, encoding="utf-8")
    parsed: list[str] = []
    real = blocks._Assembly.parse

    def spy(self: Any, chunk: str, depth: int) -> Any:
        parsed.append(chunk)
        return real(self, chunk, depth)

    with mock.patch.object(blocks, "BLOCKS_FROM", 0), mock.patch.object(blocks, "SPLIT_AT", 256):
        monkeypatch.setattr(blocks._Assembly, "parse", spy)
        files(spec)
        assert blocks_file(spec) is not None and blocks_file(spec).is_file()  # type: ignore[union-attr]
        first = len(parsed)
        spec.write_text(text.replace(old, new, 1), encoding="utf-8")
        parsed.clear()
        by_blocks = files(spec)
        assert 0 < len(parsed) < first / 4, "the unchanged blocks were parsed again"
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    assert by_blocks == files(spec)
