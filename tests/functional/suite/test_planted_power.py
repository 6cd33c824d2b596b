"""The generated suite's power: each of a set of small bugs planted in the generated package,
one at a time, makes the whole seed suite fail as CI runs it.

The suite runs as CI runs it (``CI=true``: the derandomized profile with its own number of
examples), so a change that makes the suite faster by testing less shows up here as a bug
no longer caught. ``PLANTED`` is the count this suite catches; every bug must be caught.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.functional.suite.test_generated_tests import run_suite
from tests.support import SEED, generate_into


class Bug(NamedTuple):
    """``old`` (a regular expression) replaced once by ``new`` in the package's ``file``."""

    file: str
    old: str
    new: str


MODELS = "models.py"
RESOURCE = "resources/async_.py"

BUGS = {
    "a bound dropped": Bug(
        MODELS, r"max_tokens: Annotated\[Integer, Field\(gt=0, le=128000\)\]", "max_tokens: Integer"
    ),
    "an enum value dropped from a literal": Bug(
        MODELS,
        r'search_mode: Literal\["web", "academic", "sec"\]',
        'search_mode: Literal["web", "academic"]',
    ),
    "an enum member dropped": Bug(MODELS, r'\n    END_OF_STREAM = "end_of_stream"', ""),
    "a wrong wire name": Bug(
        MODELS,
        r'validation_alias="_inputs", serialization_alias="_inputs"',
        'validation_alias="inputs", serialization_alias="inputs"',
    ),
    "a required property made optional": Bug(
        MODELS,
        r"(class AsyncApiChatCompletionsResponse\(Model\):\n    id: )String\n",
        r"\1String | None = Field(default=None)\n",
    ),
    "a nullable property made not nullable": Bug(
        MODELS, r"started_at: Integer \| None = ", "started_at: Integer = "
    ),
    "a number narrowed to an integer": Bug(
        MODELS, r"latitude: Number \| None", "latitude: Integer | None"
    ),
    "a bound added to a response property": Bug(
        MODELS, r"created_at: Integer\b", "created_at: Annotated[Integer, Field(ge=0)]"
    ),
    "a wrong method": Bug(RESOURCE, r'method="POST"', 'method="PUT"'),
    "a wrong path": Bug(
        RESOURCE, r'path="/async/chat/completions"', 'path="/async/chat/completion"'
    ),
    "a credential dropped": Bug(RESOURCE, r'security=\(\("HTTPBearer",\),\),', "security=(),"),
    "a wrong success status": Bug(
        RESOURCE, r'"200": _op.ResponseSpec\(', '"201": _op.ResponseSpec('
    ),
    "a wrong error status": Bug(RESOURCE, r'"422": _op.ResponseSpec\(', '"400": _op.ResponseSpec('),
}
PLANTED = 13


@pytest.fixture(scope="module")
def seed_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-power")
    generate_into(SEED, out, "seed_api", base_url="https://api.perplexity.ai")
    return out


def plant(out: Path, bug: Bug) -> None:
    path = out / "seed_api" / bug.file
    text = path.read_text(encoding="utf-8")
    changed = re.sub(bug.old, bug.new, text, count=1)
    assert changed != text, f"nothing to change in {bug.file}: {bug.old!r}"
    path.write_text(changed, encoding="utf-8")


def test_every_planted_bug_is_counted() -> None:
    assert len(BUGS) == PLANTED


@pytest.mark.parametrize("name", sorted(BUGS))
def test_the_suite_catches_the_planted_bug(name: str, seed_suite: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_suite, out, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    plant(out, BUGS[name])
    # a bug is caught once an example fails: shrinking it would only take time
    done = run_suite(out, examples=None, APIFORGE_SHRINK_SECONDS="0")
    assert done.returncode == 1, "\n".join((done.stdout + done.stderr).splitlines()[-30:])
    assert re.search(r"\d+ failed", done.stdout), done.stdout[-2000:]
