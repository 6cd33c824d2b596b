"""The vendored package imports and works with only httpx and pydantic installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.support import ROOT, SEED

USAGE = """
import json, httpx
from {name} import Client, models

def handler(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    assert body["request"]["model"] == "sonar", body
    assert request.headers["authorization"] == "Bearer k"
    reply = {{"id": "1", "model": "sonar", "created_at": 1, "status": "CREATED"}}
    return httpx.Response(200, json=reply)

client = Client(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
message = {{"role": "user", "content": "hi"}}
result = client.async_.chat.completions.create(request={{"model": "sonar", "messages": [message]}})
assert isinstance(result, models.AsyncApiChatCompletionsResponse), type(result)
assert result.status == models.AsyncProcessingStatus.CREATED
print("vendored ok")
"""


@pytest.mark.skipif(os.environ.get("APIFORGE_OFFLINE") == "1", reason="needs the package registry")
def test_vendored_package_in_a_bare_environment(tmp_path: Path) -> None:
    vendor = tmp_path / "myproject" / "third_party"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(SEED),
            "--vendor",
            str(vendor),
            "--package",
            "pplx",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not (vendor / "pplx_tests").exists()
    for path in (vendor / "pplx").rglob("*.py"):
        text = path.read_text()
        assert "perplexity_api" not in text and "import generator" not in text, path
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "httpx", "pydantic"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {line.split("==")[0].lower() for line in listed.stdout.split()}
    assert not names & {"hypothesis", "jsonschema", "jinja2", "pyyaml", "apiforge"}
    run = subprocess.run(
        [str(python), "-c", USAGE.format(name="pplx")],
        cwd=vendor,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "vendored ok"


def test_hand_written_subclass_survives_regeneration(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    mine = tmp_path / "mine.py"
    mine.write_text(
        "from sdk import Client\n\n"
        "class MyClient(Client):\n"
        "    def hello(self) -> str:\n"
        "        return 'hello ' + type(self).__mro__[1].__name__\n"
    )

    def generate(spec: Path) -> None:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "generate",
                str(spec),
                "-o",
                str(out),
                "--package",
                "sdk",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    def use() -> str:
        code = (
            "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import mine; "
            "print(mine.MyClient(api_key='k').hello())"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(out), str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    generate(SEED)
    assert use() == "hello Client"
    changed = tmp_path / "changed.yaml"
    changed.write_text(SEED.read_text().replace("version: 0.1.0", "version: 0.2.0"))
    generate(changed)
    assert "0.2.0" in (out / "sdk" / "__init__.py").read_text()
    assert use() == "hello Client"
    assert mine.read_text().startswith("from sdk import Client")


def test_generated_code_passes_ruff_wherever_it_is_copied(tmp_path: Path) -> None:
    # a host project whose own style differs: the generated folders carry theirs
    host = tmp_path / "host"
    (host / "vendor").mkdir(parents=True)
    (host / "pyproject.toml").write_text(
        '[tool.ruff]\nline-length = 79\n[tool.ruff.lint]\nselect = ["ALL"]\n'
    )
    for name in ("perplexity_api", "perplexity_api_tests"):
        shutil.copytree(
            ROOT / "generated" / name,
            host / "vendor" / name,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    ruff = [sys.executable, "-m", "ruff"]
    for command in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        done = subprocess.run(
            [*ruff, *command], cwd=host, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
