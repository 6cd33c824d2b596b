"""The command line: exit codes, one-line errors, config discovery, safe regeneration."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT, SEED, run_cli


def apiforge(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_usage_errors_exit_2_with_one_line() -> None:
    for args in ((), ("frobnicate",), ("generate", "--no-such-flag")):
        done = apiforge(*args)
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr


def test_missing_spec_is_unreadable_input(tmp_path: Path) -> None:
    done = apiforge("validate", str(tmp_path / "nope.yaml"))
    assert done.returncode == 2
    assert "nope.yaml" in done.stderr and "Traceback" not in done.stderr


def test_no_config_and_no_spec_is_a_usage_error(tmp_path: Path) -> None:
    done = apiforge("validate", cwd=tmp_path)
    assert done.returncode == 2
    assert "tool.apiforge" in done.stderr


def test_validate_without_arguments_uses_the_config() -> None:
    done = apiforge("validate")
    assert done.returncode == 0, done.stderr
    assert "perplexity-async-chat-completions.yaml: valid OpenAPI 3.1.0" in done.stdout


VALIDATE_CASES = ROOT / "tests" / "unit" / "validate" / "cases"


def test_a_3_1_default_outside_its_schema_is_a_warning_and_valid(tmp_path: Path) -> None:
    spec = VALIDATE_CASES / "default-outside-schema-3.1.yaml"
    done = apiforge("validate", str(spec), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = done.stderr.splitlines()
    assert len(warnings) == 7, done.stderr
    assert all(line.startswith(f"warning: {spec}:") for line in warnings), done.stderr
    assert "valid OpenAPI 3.1.0" in done.stdout
    zero = tmp_path / "s.yaml"  # the same in 3.0: refused, at the same places
    zero.write_text(
        spec.read_text(encoding="utf-8")
        .replace("openapi: 3.1.0", "openapi: 3.0.3")
        .replace(", examples: [3]", "")
        .replace('examples: ["not a number either"]', "example: 1"),
        encoding="utf-8",
    )
    done = apiforge("validate", str(zero), cwd=tmp_path)
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 7, done.stderr


def test_an_annex_b_pattern_in_3_0_is_valid(tmp_path: Path) -> None:
    done = apiforge("validate", str(VALIDATE_CASES / "pattern-annex-b-3.0.yaml"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_config_is_found_from_a_subfolder() -> None:
    done = apiforge("validate", cwd=ROOT / "spec")
    assert done.returncode == 0, done.stderr


def test_failed_generation_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert apiforge("generate", str(SEED), "-o", str(out), "--package", "p").returncode == 0
    before = _tree(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SEED.read_text().replace(
            "$ref: '#/components/schemas/Choice'", "$ref: '#/components/schemas/Nope'"
        )
    )
    done = apiforge("generate", str(broken), "-o", str(out), "--package", "p")
    assert done.returncode == 1
    assert "Nope" in done.stderr
    assert _tree(out) == before


def test_invalid_yaml_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert apiforge("generate", str(SEED), "-o", str(out), "--package", "p").returncode == 0
    before = _tree(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [unclosed\n")
    done = apiforge("generate", str(broken), "-o", str(out), "--package", "p")
    assert done.returncode in (1, 2)
    assert done.stderr.count("\n") >= 1 and "Traceback" not in done.stderr
    assert _tree(out) == before


def test_template_override_by_name(tmp_path: Path) -> None:
    listing = apiforge("generate", "--list-templates")
    assert listing.returncode == 0
    names = listing.stdout.split()
    assert "models/models.py.jinja" in names
    builtin = (ROOT / "templates" / "models" / "models.py.jinja").read_text()
    mine = tmp_path / "mine" / "models"
    mine.mkdir(parents=True)
    (mine / "models.py.jinja").write_text(builtin + "\nOVERRIDDEN_BY_USER = True\n")
    out = tmp_path / "out"
    done = apiforge(
        "generate",
        str(SEED),
        "-o",
        str(out),
        "--package",
        "p",
        "--templates",
        str(tmp_path / "mine"),
    )
    assert done.returncode == 0, done.stderr
    assert "OVERRIDDEN_BY_USER = True" in (out / "p" / "models.py").read_text()


def test_strict_turns_skips_into_failures(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A:\n      type: object\n"
        "      properties:\n        x: {not: {type: string}}\n"
    )
    relaxed = apiforge("generate", str(spec), "-o", str(tmp_path / "a"))
    assert relaxed.returncode == 0, relaxed.stderr
    assert (
        "skipped" in relaxed.stderr and "/components/schemas/A/properties/x/not" in relaxed.stderr
    )
    strict = apiforge("generate", str(spec), "-o", str(tmp_path / "b"), "--strict")
    assert strict.returncode == 1
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("flag", ["--package", "--vendor"])
def test_single_spec_flags_refuse_several_specs(flag: str, tmp_path: Path) -> None:
    done = apiforge(
        "generate", str(SEED), str(SEED), flag, "x" if flag == "--package" else str(tmp_path)
    )
    assert done.returncode == 2


def test_check_passes_on_a_current_tree_and_fails_on_a_stale_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert apiforge("generate", str(SEED), "-o", str(out), "--package", "p").returncode == 0
    current = apiforge("check", str(SEED), "-o", str(out), "--package", "p")
    assert current.returncode == 0, current.stderr
    changed = tmp_path / "changed.yaml"
    changed.write_text(SEED.read_text().replace("Submit an asynchronous", "Queue an asynchronous"))
    assert apiforge("generate", str(changed), "-o", str(out), "--package", "p").returncode == 0
    stale = apiforge("check", str(SEED), "-o", str(out), "--package", "p")
    assert stale.returncode == 1
    assert "-" in stale.stderr and "Queue an asynchronous" in stale.stderr
    assert "stale files" in stale.stderr
