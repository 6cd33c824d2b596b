"""The generated test package: it passes on what apiforge generates, and fails on planted bugs.

Each spec is generated into a temporary folder and its generated suite is run in a child
pytest (``CI=true``: the derandomized profile, few examples). A bug planted in the
generated models or client must make that suite fail.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, SEED, SPECS, generate_into

FEATURES = sorted(SPECS.glob("strategies_*.yaml"))
EXAMPLES = "8"


def run_suite(
    out: Path,
    *targets: str,
    cwd: Path | None = None,
    extra: tuple[str, ...] = (),
    examples: str | None = EXAMPLES,
    **variables: str,
) -> subprocess.CompletedProcess[str]:
    """Run the generated suite under ``out`` (or the named files in it) in a child pytest.

    ``examples=None`` leaves the number of examples to the ``ci`` profile; ``variables`` are
    added to its environment.
    """
    env = {**os.environ, "CI": "true", "PYTHONDONTWRITEBYTECODE": "1", **variables}
    env.pop("HYPOTHESIS_PROFILE", None)
    env.pop("APIFORGE_MAX_EXAMPLES", None)
    if examples is not None:
        env["APIFORGE_MAX_EXAMPLES"] = examples
    paths = [str(out / t) for t in targets] or [str(out)]
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *extra, *paths]
    return subprocess.run(
        command, cwd=cwd or out, env=env, capture_output=True, text=True, check=False
    )


def _tail(done: subprocess.CompletedProcess[str]) -> str:
    return "\n".join((done.stdout + done.stderr).splitlines()[-40:])


@pytest.fixture(scope="module")
def seed_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-suite")
    generate_into(SEED, out, "seed_api", base_url="https://api.perplexity.ai")
    return out


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    return dst


def _plant(path: Path, old: str, new: str, *, regex: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1) if regex else text.replace(old, new, 1)
    assert changed != text, f"nothing to change in {path.name}: {old!r}"
    path.write_text(changed, encoding="utf-8")


# ---------------------------------------------------------------------------- it passes


def test_the_seed_suite_passes(seed_suite: Path) -> None:
    done = run_suite(seed_suite)
    assert done.returncode == 0, _tail(done)
    assert re.search(r"\d+ passed", done.stdout)


def test_the_seed_suite_runs_from_the_repository_in_importlib_mode(seed_suite: Path) -> None:
    # the repository's own configuration (rootdir, `--import-mode=importlib`), as when the
    # committed output is tested from the repository root
    config = ("-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), "--import-mode=importlib")
    done = run_suite(seed_suite, "seed_api_tests/test_requests.py", cwd=ROOT, extra=config)
    assert done.returncode == 0, _tail(done)


# a strategy Hypothesis warns about is a mistake in the generated suite (a strategy used as a
# truth value, say): each warning is an error there
NO_HYPOTHESIS_WARNINGS = ("-W", "error::hypothesis.errors.HypothesisWarning")


@pytest.mark.parametrize("spec", FEATURES, ids=lambda p: p.stem)
def test_the_feature_suites_pass(spec: Path, tmp_path: Path) -> None:
    generate_into(spec, tmp_path, "features_api")
    done = run_suite(tmp_path, extra=NO_HYPOTHESIS_WARNINGS)
    assert done.returncode == 0, _tail(done)


def test_the_generated_modules_look_as_documented(seed_suite: Path) -> None:
    folder = seed_suite / "seed_api_tests"
    names = {p.name for p in folder.iterdir()}
    assert {"__init__.py", "conftest.py", "strategies.py", "cases.py", "schema.json"} <= names
    assert "test_async_chat_completions_create.py" in names
    tree = ast.parse((folder / "strategies.py").read_text(encoding="utf-8"))
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert {
        "chat_message_input",
        "api_chat_completions_request",
        "completion_response",
    } <= functions
    assigned = {
        t.id
        for n in tree.body
        if isinstance(n, ast.AnnAssign)
        for t in [n.target]
        if isinstance(t, ast.Name)
    }
    assert {"SCHEMAS", "REQUESTS", "RESPONSES"} <= assigned


# ---------------------------------------------------------------------------- it catches bugs


def test_a_dropped_alias_fails_the_near_misses(seed_suite: Path, tmp_path: Path) -> None:
    # `_inputs` then lands among the unknown properties, which the model keeps: the round
    # trip still holds, but the model no longer checks the value under that name
    out = _copy(seed_suite, tmp_path / "out")
    _plant(
        out / "seed_api" / "models.py",
        r'validation_alias="_inputs",\s*serialization_alias="_inputs",?',
        "",
        regex=True,
    )
    done = run_suite(
        out, "seed_api_tests/test_schemas.py", extra=("-k", "test_near_miss and not drawn")
    )
    assert done.returncode != 0, _tail(done)
    assert "at /_inputs: the spec rejects it" in done.stdout


def test_a_widened_type_fails_the_near_misses(seed_suite: Path, tmp_path: Path) -> None:
    out = _copy(seed_suite, tmp_path / "out")
    _plant(
        out / "seed_api" / "models.py",
        r"n: Annotated\[Integer, Field\(ge=1, le=10\)\]",
        "n: Integer",
        regex=True,
    )
    done = run_suite(
        out, "seed_api_tests/test_schemas.py", extra=("-k", "test_near_miss and not drawn")
    )
    assert done.returncode != 0, _tail(done)
    assert "at /n: the spec rejects it" in done.stdout


def test_a_client_sending_a_wrong_path_fails_the_request_tests(
    seed_suite: Path, tmp_path: Path
) -> None:
    out = _copy(seed_suite, tmp_path / "out")
    resources = out / "seed_api" / "resources" / "async_.py"
    _plant(resources, 'path="/async/chat/completions"', 'path="/async/chat/completion"')
    done = run_suite(out, "seed_api_tests/test_requests.py")
    assert done.returncode != 0, _tail(done)
    assert "not to a path like" in done.stdout


ADJACENT = ROOT / "tests" / "breadth" / "specs" / "paths-adjacent-expressions.yaml"


@pytest.mark.parametrize("planted", [False, True])
def test_values_side_by_side_in_a_segment_are_checked_in_their_places(
    tmp_path: Path, planted: bool
) -> None:
    # `/codes/{prefix}{number}` expanded with the drawn values is the path due: it is not
    # split back (`A12` splits as `A1`, `2` too), and a client that swaps them is caught
    generate_into(ADJACENT, tmp_path, "adjacent_api")
    if planted:
        resource = tmp_path / "adjacent_api" / "resources" / "codes.py"
        _plant(resource, 'path="/codes/{prefix}{number}"', 'path="/codes/{number}{prefix}"')
    done = run_suite(tmp_path, "adjacent_api_tests/test_requests.py")
    if not planted:
        assert done.returncode == 0, _tail(done)
        return
    assert done.returncode != 0, _tail(done)
    assert "not to a path like '/codes/{prefix}{number}'" in done.stdout


def test_a_client_dropping_the_credential_fails_the_request_tests(
    seed_suite: Path, tmp_path: Path
) -> None:
    out = _copy(seed_suite, tmp_path / "out")
    _plant(
        out / "seed_api" / "resources" / "async_.py", 'security=(("HTTPBearer",),),', "security=(),"
    )
    done = run_suite(out, "seed_api_tests/test_requests.py")
    assert done.returncode != 0, _tail(done)
    assert "no documented credential was sent" in done.stdout


BODY_FIELDS = SPECS / "body_fields_31.yaml"


@pytest.mark.parametrize(
    ("encoder", "field"),
    [
        ("for key, value in data.items():", "tags"),
        ("for key, value in _object(data).items():", "pages"),
    ],
    ids=["form", "multipart"],
)
def test_a_client_dropping_a_body_field_fails_the_request_tests(
    tmp_path: Path, encoder: str, field: str
) -> None:
    # a form or multipart body is not JSON the test can compare: each field given a value
    # must still be on the wire (the encoder planted here leaves out one optional field)
    generate_into(BODY_FIELDS, tmp_path, "fields_api")
    dropping = f"{encoder}\n        if key == {field!r}:\n            continue"
    _plant(tmp_path / "fields_api" / "_encoding.py", encoder, dropping)
    done = run_suite(tmp_path, "fields_api_tests/test_requests.py", examples="30")
    assert done.returncode != 0, _tail(done)
    assert f"the body's field {field!r} was given but not sent" in done.stdout


@pytest.mark.parametrize(
    ("written", "otherwise"),
    [
        (
            "pairs.extend(styled_pairs(key, value, encoding.style, encoding.explode))",
            "pairs.extend(styled_pairs(key, f'{value} ', encoding.style, encoding.explode))",
        ),
        ("                text = scalar(item)\n", "                text = scalar(item) + ' '\n"),
        (
            "pairs.extend(styled_pairs(key, value, encoding.style, encoding.explode))",
            "pairs.extend(styled_pairs(key, value[:-1] if isinstance(value, list) and "
            "len(value) > 1 else value, encoding.style, encoding.explode))",
        ),
    ],
    ids=["form", "multipart", "form-list"],
)
def test_a_client_writing_a_body_field_otherwise_fails_the_request_tests(
    tmp_path: Path, written: str, otherwise: str
) -> None:
    # a scalar field of a form or multipart body is sent as its text (the encoder planted
    # here adds a space to each)
    generate_into(BODY_FIELDS, tmp_path, "fields_api")
    _plant(tmp_path / "fields_api" / "_encoding.py", written, otherwise)
    done = run_suite(tmp_path, "fields_api_tests/test_requests.py", examples="30")
    assert done.returncode != 0, _tail(done)
    assert re.search(r"the body's field '\w+': sent \[.*\], given", done.stdout), _tail(done)


def test_a_model_rejecting_valid_responses_fails_the_response_tests(
    seed_suite: Path, tmp_path: Path
) -> None:
    out = _copy(seed_suite, tmp_path / "out")
    _plant(
        out / "seed_api" / "models.py",
        r"created_at: Integer\b",
        "created_at: Annotated[Integer, Field(ge=0)]",
        regex=True,
    )
    done = run_suite(out, "seed_api_tests/test_responses.py", extra=("-k", "200"))
    assert done.returncode != 0, _tail(done)
    assert "APIResponseValidationError" in done.stdout


def test_thousands_of_parametrized_cases_do_not_nest_settings(tmp_path: Path) -> None:
    # Hypothesis's pytest plugin wraps a parametrized test's settings once per case; the
    # generated conftest starts each case from the test's own settings, so a large spec
    # (one case per operation or schema) never reaches the recursion limit
    suite = tmp_path / "perplexity_api_tests"  # the conftest and the runtime module it reads
    suite.mkdir()
    for name in ("conftest.py", "_running.py"):
        source = ROOT / "generated" / "perplexity_api_tests" / name
        (suite / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (suite / "test_many.py").write_text(
        "import pytest\n"
        "from hypothesis import given, settings, strategies as st\n\n\n"
        "@pytest.mark.parametrize('case', range(1500))\n"
        "@settings(max_examples=1, database=None)\n"
        "@given(value=st.just(0))\n"
        "def test_case(case: int, value: int) -> None:\n"
        "    assert value == 0\n",
        encoding="utf-8",
    )
    env = {**os.environ, "CI": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", str(suite)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1500 passed" in done.stdout


def test_the_draws_of_overlapping_schemas_are_valid_and_round_trip(tmp_path: Path) -> None:
    # allOf members that narrow each other (items, type beside oneOf, nullable, enum), oneOf
    # members that accept each other's values, a discriminator beside an array member, a
    # binary body: every drawn value is valid, round-trips, and is drawn without filtering
    # most of them away; the coverage cases and the stubs find valid values too
    generate_into(SPECS / "draws_overlaps_30.yaml", tmp_path, "overlaps_api")
    done = run_suite(tmp_path)
    assert done.returncode == 0, _tail(done)
    assert re.search(r"\d+ passed", done.stdout)


def test_a_schema_hard_to_draw_is_searched_not_failed_by_a_health_check(tmp_path: Path) -> None:
    # few values of a 3.0 tag over inline members are valid (the tag must name a component
    # schema the value fits): Hypothesis's count of filtered draws failed the test before the
    # suite's own search found one, or gave up on it with a skip naming it
    generate_into(SPECS / "discriminator_inline_members_30.yaml", tmp_path, "features_api")
    done = run_suite(tmp_path, "features_api_tests/test_schemas.py", examples=None)
    assert done.returncode == 0, _tail(done)
