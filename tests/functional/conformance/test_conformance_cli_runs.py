"""``apiforge conformance``'s run flags: usage errors, selection, and every configured spec."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.cli import main
from tests.support import SPECS

PING = SPECS / "keepalive.yaml"
QUICK = ("--max-examples", "2", "--cases", "builtin")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["conformance", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--workers", "0"], "--workers: must be from 1 to 64"),
        (["--workers", "65"], "--workers: must be from 1 to 64"),
        (["--rate-limit", "0"], "--rate-limit: must be a positive number"),
        (["--rate-limit", "inf"], "--rate-limit: must be a positive number"),
        (["--checks", "response_shema"], "did you mean 'response_schema'?"),
        (["--exclude-checks", "nope"], "--exclude-checks: unknown name 'nope'"),
        (["--phases", "coverage,fuzz"], "--phases: unknown name 'fuzz'"),
        (["--include-path", "re:("], "--include-path: 're:(' is not a regular expression"),
        (["--include-tag", "cats"], "the selection (--include-tag) leaves none of its"),
    ],
)
def test_bad_values_are_usage_errors_of_one_line(
    flags: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(PING), *QUICK, *flags)
    assert code == 2, out + err
    (line,) = err.strip().splitlines()
    assert named in line


def test_a_flag_argparse_cannot_read_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["conformance", str(PING), "--workers", "many"])
    assert caught.value.code == 2
    assert "--workers: invalid int value: 'many'" in capsys.readouterr().err


def test_the_report_says_what_was_selected(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        str(SPECS / "selection.yaml"),
        *QUICK,
        "--include-tag",
        "pets",
        "--exclude-method",
        "post",
        "--phases",
        "coverage",
        "--workers",
        "2",
    )
    assert code == 0, out + err
    assert (
        "selected: 2 of 5 operations (--include-tag pets --exclude-method post); phases coverage\n"
    ) in out
    assert "listPets" in out and "getPet" in out and "addPet" not in out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project configuring two specs, the working directory of the test."""
    for spec in (PING, SPECS / "selection.yaml"):
        shutil.copy(spec, tmp_path / spec.name)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.apiforge]\n"
        'output = "generated"\n'
        '[[tool.apiforge.specs]]\nspec = "keepalive.yaml"\n'
        '[[tool.apiforge.specs]]\nspec = "selection.yaml"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_spec_runs_every_configured_spec_with_one_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, *QUICK, "--json", "report.json", "--junit-xml", "report.xml", "--workers", "2"
    )
    assert code == 0, out + err
    assert out.count("conformance of ") == 2
    assert out.rstrip().splitlines()[-1] == (
        "apiforge conformance: 2 specs: 2 passed, 0 failed, 0 cut short, 0 could not run; exit 0"
    )
    reports = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert [Path(r["spec"]).name for r in reports] == ["keepalive.yaml", "selection.yaml"]
    assert all(r["exit_code"] == 0 and r["cases"] > 0 for r in reports)
    suites = [s.get("name") for s in ET.parse(project / "report.xml").getroot()]
    assert any(s.endswith("keepalive.yaml: ping") for s in suites)
    assert any(s.endswith("selection.yaml: listPets") for s in suites)


def test_one_spec_that_cannot_run_does_not_stop_the_others(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "selection.yaml").write_text("openapi: 3.1.0\npaths: [\n", encoding="utf-8")
    code, out, err = run(capsys, *QUICK, "--json", "report.json")
    assert code == 1, out + err  # an invalid spec is a finding, as for `apiforge validate`
    assert "selection.yaml:3:1: invalid YAML" in err
    summary = out.rstrip().splitlines()[-1]
    assert summary.endswith("1 passed, 0 failed, 0 cut short, 1 could not run; exit 1")
    (report,) = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert Path(report["spec"]).name == "keepalive.yaml"  # a list still: two specs were run


def test_the_reports_replace_their_files_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # each report is written beside its path and renamed over it: a file linked to the old
    # one keeps the old text, and no temporary file is left behind
    paths = {"--json": tmp_path / "report.json", "--junit-xml": tmp_path / "report.xml"}
    for path in paths.values():
        path.write_text("old", encoding="utf-8")
        (tmp_path / f"{path.name}.link").hardlink_to(path)
    code, out, err = run(
        capsys, str(PING), *QUICK, *(a for f in paths.items() for a in map(str, f))
    )
    assert code == 0, out + err
    assert json.loads(paths["--json"].read_text())["exit_code"] == 0
    assert ET.fromstring(paths["--junit-xml"].read_text()).tag == "testsuites"
    for path in paths.values():
        assert (tmp_path / f"{path.name}.link").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "report.json",
        "report.json.link",
        "report.xml",
        "report.xml.link",
    ]


@pytest.mark.parametrize("flag", ["--json", "--junit-xml"])
def test_a_report_path_that_cannot_be_written_fails_before_the_run(
    flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(PING), *QUICK, flag, str(tmp_path / "absent" / "report"))
    assert code == 2, out + err
    (line,) = err.strip().splitlines()
    assert "absent/report: cannot write the" in line
    assert "cases in" not in out  # the run did not start


def test_a_run_on_an_invalid_spec_says_where_it_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fast checks let a Parameter Object with a field it does not allow through (the
    models read it as if it were not there): the run goes on, and says the spec is not valid,
    each problem located, since a verdict may stand on what the spec gets wrong."""
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /x/{id}:\n"
        "    get:\n"
        "      parameters:\n"
        "        - {name: id, in: path, required: true, schema: {type: string}, format: uuid}\n"
        "      responses:\n"
        "        '200': {description: ok}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(spec), *QUICK)
    assert code == 0, out + err
    assert f"warning: {spec}:7:11: unexpected field 'format'" in err, err
    assert "the spec is not valid (1 problem, told above)" in out, out
    valid = run(capsys, str(PING), *QUICK)
    assert "not valid" not in valid[1] + valid[2]
