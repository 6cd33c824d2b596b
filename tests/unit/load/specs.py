"""YAML texts to parse many ways: real specs, the seed as PyYAML writes it, small edits of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.support import ROOT, SHARED


def real_specs() -> list[Path]:
    """The specs of the repository, and the public ones beside it when they are there."""
    found = sorted((ROOT / "tests" / "specs").glob("*.yaml")) + sorted(ROOT.glob("spec/*.yaml"))
    found += sorted((ROOT / "tests" / "unit" / "validate" / "cases").rglob("*.yaml"))
    for shared in (SHARED / "specs", ROOT.parent.parent / "shared" / "specs"):  # 1 or 2 up
        if shared.is_dir():
            found += [shared / "perplexity-assembled.yaml", shared / "slack-web-api.yaml"]
            break
    return [path for path in found if path.is_file()]


def generated_specs() -> dict[str, str]:
    """The seed spec as PyYAML writes it in several styles (wrapped and quoted scalars, flow)."""
    data = yaml.safe_load((ROOT / "spec" / "kitchen-sink.yaml").read_text(encoding="utf-8"))
    styles: dict[str, dict[str, Any]] = {
        "block": {},
        "indent-4": {"indent": 4},
        "narrow": {"width": 20},
        "double-quoted": {"default_style": '"', "width": 30},
        "single-quoted": {"default_style": "'", "width": 30},
        "flow": {"default_flow_style": True, "width": 40},
        "mixed-flow": {"default_flow_style": None},
    }
    return {
        name: yaml.safe_dump(data, sort_keys=False, allow_unicode=True, **options)
        for name, options in styles.items()
    }


TEXTS = {path.name: path.read_text(encoding="utf-8") for path in real_specs()}
TEXTS.update({f"kitchen-sink ({name})": text for name, text in generated_specs().items()})
TEXTS.update(
    {
        f"{name} (CRLF)": TEXTS[name].replace("\n", "\r\n")
        for name in ("kitchen-sink.yaml", "kitchen-sink (narrow)", "webhooks_31.yaml")
    }
)

PIECES = [
    ": ", ":", "\n", " ", "  ", "- ", "-", "'", '"', "#", " #", "|", ">-", "{", "}", "[", "]",
    ",", "&a ", "*a", "!!str ", "!x ", "? ", "\t", "---\n", "...\n", "%YAML 1.1\n", "<<: ",
    "\\", "x", "key: value\n", "\r", "\u2028", '"a\n b"', "'a\n\n b'", "|\n  text\n",
]  # fmt: skip


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, str]:
    """A spec and a small edit of it: text put in, taken out, a line moved or re-indented."""
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name]
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, len(text)))
    line = draw(st.integers(0, max(len(lines) - 1, 0)))
    kind = draw(st.sampled_from(["insert", "delete", "indent", "drop", "repeat", "swap"]))
    if kind == "insert":
        text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
    elif kind == "delete":
        text = text[:at] + text[at + draw(st.integers(1, 4)) :]
    elif kind == "indent" and lines:
        spaces = draw(st.integers(0, 10))
        lines[line] = " " * spaces + lines[line].lstrip(" ")
        text = "".join(lines)
    elif kind == "drop" and lines:
        del lines[line]
        text = "".join(lines)
    elif kind == "repeat" and lines:
        lines.insert(line, lines[line])
        text = "".join(lines)
    elif kind == "swap" and len(lines) > 1:
        other = min(line + 1, len(lines) - 1)
        lines[line], lines[other] = lines[other], lines[line]
        text = "".join(lines)
    return name, text
