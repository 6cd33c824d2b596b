"""``serve`` and ``running`` take the mock's options from one list, :class:`MockSettings`."""

from __future__ import annotations

import dataclasses
import inspect

import httpx

from generator.config import SpecConfig
from generator.mock import MockOptions, MockSettings, running, serve
from tests.support import ROOT, SPECS


def test_the_settings_are_the_options() -> None:
    assert set(MockSettings.__annotations__) == {f.name for f in dataclasses.fields(MockOptions)}
    for entry, own in ((serve, ["about"]), (running, [])):
        parameters = inspect.signature(entry).parameters
        assert list(parameters) == ["api", "host", "port", "log", *own, "settings"], entry


def test_a_token_is_the_only_credential_and_an_empty_one_accepts_any() -> None:
    from generator.pipeline import build

    api = build(SpecConfig(spec=SPECS / "secured_31.yaml", output=ROOT / "out"), ROOT)[1]
    bearer = {"Authorization": "Bearer anything"}
    with running(api, token="t0k", seed=2) as url, httpx.Client(base_url=url) as client:
        assert client.get("/me").status_code == 401
        assert client.get("/me", headers=bearer).status_code == 401
        assert client.get("/me", headers={"Authorization": "Bearer t0k"}).status_code == 200
    with running(api, token="", seed=2) as url, httpx.Client(base_url=url) as client:
        assert client.get("/me").status_code == 401
        assert client.get("/me", headers=bearer).status_code == 200
