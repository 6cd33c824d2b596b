"""The generated clients type-check under ``mypy --strict``, and so does code that uses them.

A snippet of correct calls must pass; a snippet of wrong calls must fail on exactly the
lines that are wrong, so the annotations are known to mean something.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support import SPECS, generate_into

FEATURES = SPECS / "client_features.yaml"

GOOD = """
from __future__ import annotations

import httpx

from seed_api import APIStatusError, AsyncClient, Client, RawResponse, models
from typed_features import Client as FeaturesClient
from typed_features import ServerSentEvent
from typed_features.models import StreamRequest


def sync_calls() -> None:
    client = Client(api_key="k", http_client=httpx.Client(), max_retries=0, strict=True)
    answer: models.AsyncApiChatCompletionsResponse = client.async_.chat.completions.create(
        request={"model": "sonar", "messages": [{"role": "user", "content": "hi"}]},
        idempotency_key="key-1",
        timeout=10.0,
        extra_headers={"X-Tag": "t", "X-Drop": None},
    )
    status: models.AsyncProcessingStatus = answer.status
    request = models.ApiChatCompletionsRequest(model="sonar", messages=[])
    client.async_.chat.completions.create(request=request, idempotency_key=None, retry=True)
    client.async_.chat.completions.create(body=models.AsyncApiChatCompletionsRequest(request=request))
    client.async_.chat.completions.create(body={"request": {"model": "sonar", "messages": []}})
    raw: RawResponse[models.AsyncApiChatCompletionsResponse] = (
        client.with_raw_response.async_.chat.completions.create(request=request)
    )
    parsed: models.AsyncApiChatCompletionsResponse = raw.parse()
    code: int = client.async_.chat.completions.with_raw_response.create(request=request).status_code
    quiet: Client = client.with_options(max_retries=0, timeout=httpx.Timeout(5.0))
    try:
        quiet.async_.chat.completions.create(request=request)
    except APIStatusError as err:
        print(err.status_code, err.body, err.parsed)
    with Client() as scoped:
        print(scoped.base_url, status, parsed, code)


async def async_calls() -> None:
    async with AsyncClient(api_key="k") as client:
        request = {"model": "sonar", "messages": []}
        answer = await client.async_.chat.completions.create(request=request)
        created: int = answer.created_at
        raw = await client.with_raw_response.async_.chat.completions.create(body={"request": {}})
        ident: str = raw.parse().id
        print(created, ident)


def streams() -> None:
    client = FeaturesClient(api_key="k", basic=("user", "password"))
    for chunk in client.stream.create(prompt="hi", model="m", model_="m2", timeout_=2.0):
        text: str = chunk.text
        print(text)
    with client.stream.create(body=StreamRequest(prompt="hi")) as stream:
        print(stream.response.status_code)
    events: list[ServerSentEvent] = list(client.events.list())
    item = client.items.retrieve(item_id="i", tags=("a", "b"), filter={"color": "red"}, mode="fast")
    client.items.delete(item_id="i")
    blob: bytes = client.blobs.update(name="n", body=b"bytes")
    note: str = client.notes.create(body="text")
    print(events, item.kind, blob, note)
"""

# each line that must fail carries the marker; the others must not
BAD = """
from __future__ import annotations

from seed_api import Client
from typed_features import Client as FeaturesClient

client = Client()
client.async_.chat.completions.create()  # ERROR
client.async_.chat.completions.create(request=1)  # ERROR
client.async_.chat.completions.create(request={}, idempotency_key=3)  # ERROR
client.async_.chat.completions.create(request={}, unknown=True)  # ERROR
client.async_.chat.completions.create(request={}, timeout="soon")  # ERROR
missing: int = client.async_.chat.completions.create(request={}).id  # ERROR
client.chat  # ERROR
features = FeaturesClient()
features.items.retrieve()  # ERROR
features.items.retrieve(item_id="i", mode="medium")  # ERROR
features.notes.create(body=b"bytes")  # ERROR
features.items.retrieve(item_id="i").size
"""


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Path:
    out = tmp_path_factory.mktemp("typed")
    generate_into(FEATURES, out, "typed_features")
    for source in (seed_out / "seed_api",):
        (out / source.name).symlink_to(source, target_is_directory=True)
    return out


def mypy(folder: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(folder / ".mypy_cache"),
            *targets,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_generated_packages_pass_mypy_strict(typed: Path) -> None:
    # the generated tests too (their stubs use results of methods typed to return None)
    done = mypy(typed, "-p", "seed_api", "-p", "typed_features", "-p", "typed_features_tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_correct_usage_type_checks(typed: Path) -> None:
    (typed / "good_usage.py").write_text(textwrap.dedent(GOOD), encoding="utf-8")
    done = mypy(typed, "good_usage.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_wrong_usage_is_caught_on_exactly_the_wrong_lines(typed: Path) -> None:
    source = textwrap.dedent(BAD)
    (typed / "bad_usage.py").write_text(source, encoding="utf-8")
    done = mypy(typed, "bad_usage.py")
    expected = {n for n, line in enumerate(source.splitlines(), 1) if line.endswith("# ERROR")}
    flagged = {
        int(line.split(":")[1])
        for line in done.stdout.splitlines()
        if line.startswith("bad_usage.py:") and ": error:" in line
    }
    assert flagged == expected, done.stdout
