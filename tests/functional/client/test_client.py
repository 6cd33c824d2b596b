"""The generated sync client for the seed, driven through ``httpx.MockTransport``.

What goes on the wire, how every status surfaces, retries, timeouts, secrets, redirects and
forgiving versus strict parsing of responses that drift from the spec.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support import import_fresh

KEY = "sk-test-0123456789abcdef"
URL = "https://api.perplexity.ai/async/chat/completions"
MESSAGES = [{"role": "user", "content": "Hello"}]
REQUEST = {"model": "sonar", "messages": MESSAGES}
CREATED = {"id": "req-1", "model": "sonar", "created_at": 1700000000, "status": "CREATED"}
ANSWER = {"role": "assistant", "content": "Hi"}
COMPLETED = {
    **CREATED,
    "status": "COMPLETED",
    "response": {
        "id": "c1",
        "model": "sonar",
        "created": 1700000001,
        "choices": [{"index": 0, "message": ANSWER, "delta": ANSWER, "finish_reason": "stop"}],
    },
}

Handler = Callable[[httpx.Request], httpx.Response]


class Wire:
    """A mock transport that records every request and answers from a list (the last repeats)."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers) or [httpx.Response(200, json=CREATED)]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer

    def http(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self), follow_redirects=True)

    @property
    def bodies(self) -> list[bytes]:
        return [r.content for r in self.requests]


def client(seed: ModuleType, wire: Wire, **options: Any) -> Any:
    """A client on ``wire`` whose backoff sleeps are recorded, not slept."""
    made = seed.Client(api_key=KEY, http_client=wire.http(), **options)
    made.sleeps = []
    made._sleep = made.sleeps.append
    return made


def create(c: Any, **kwargs: Any) -> Any:
    return c.async_.chat.completions.create(**({"request": REQUEST} | kwargs))


# ---------------------------------------------------------------------------- the request


def test_create_sends_the_exact_request_and_parses_the_answer(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(200, json={**CREATED, "queue_position": 3}))
    result = create(client(seed, wire), idempotency_key="k-1")
    (sent,) = wire.requests
    assert sent.method == "POST"
    assert str(sent.url) == URL
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["user-agent"].startswith("seed_api/0.1.0 ")
    assert "x-retry-count" not in sent.headers
    assert json.loads(sent.content) == {"request": REQUEST, "idempotency_key": "k-1"}
    assert (
        sent.content
        == json.dumps(
            {"request": REQUEST, "idempotency_key": "k-1"}, separators=(",", ":")
        ).encode()
    )
    assert isinstance(result, seed.models.AsyncApiChatCompletionsResponse)
    assert result.status is seed.models.AsyncProcessingStatus.CREATED
    assert result.to_dict()["queue_position"] == 3  # unknown fields are kept


def test_keyword_model_and_dict_forms_send_the_same_bytes(seed: ModuleType) -> None:
    m = seed.models
    wire = Wire()
    c = client(seed, wire)
    completions = c.async_.chat.completions
    completions.create(request=REQUEST, idempotency_key="k")
    completions.create(request=m.ApiChatCompletionsRequest.from_dict(REQUEST), idempotency_key="k")
    completions.create(
        request={
            "model": "sonar",
            "messages": [m.ChatMessageInput(role=m.ChatMessageRole.USER, content="Hello")],
        },
        idempotency_key="k",
    )
    completions.create(
        body=m.AsyncApiChatCompletionsRequest.from_dict(
            {"request": REQUEST, "idempotency_key": "k"}
        )
    )
    completions.create(body={"request": REQUEST, "idempotency_key": "k"})
    assert len(set(wire.bodies)) == 1, wire.bodies


def test_left_out_is_not_sent_and_none_is_sent_as_null(seed: ModuleType) -> None:
    wire = Wire()
    c = client(seed, wire)
    create(c)
    create(c, idempotency_key=None)
    assert json.loads(wire.bodies[0]) == {"request": REQUEST}
    assert json.loads(wire.bodies[1]) == {"request": REQUEST, "idempotency_key": None}


def test_invalid_arguments_raise_an_api_error_naming_each_deviation(seed: ModuleType) -> None:
    wire = Wire()
    with pytest.raises(seed.APIRequestValidationError) as caught:
        client(seed, wire).async_.chat.completions.create(
            request={"model": 7, "messages": "not a list"}
        )
    error = caught.value
    assert isinstance(error, seed.APIError) and isinstance(error, ValueError)
    assert str(error).startswith("POST /async/chat/completions: the request body does not match")
    assert "request.messages" in str(error) and "request.model" in str(error)
    assert {tuple(e["loc"]) for e in error.errors} >= {("request", "model")}
    assert type(error.__cause__).__name__ == "ValidationError"
    assert wire.requests == []


def test_a_connection_error_names_its_cause(seed: ModuleType) -> None:
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    with pytest.raises(seed.APIConnectionError) as caught:
        create(client(seed, Wire(refused), max_retries=0))
    assert str(caught.value) == (
        "connection error on POST /async/chat/completions: ConnectError: "
        "[Errno 111] Connection refused"
    )
    assert caught.value.__cause__ is refused


def test_invalid_input_raises_before_anything_is_sent(seed: ModuleType) -> None:
    wire = Wire()
    c = client(seed, wire)
    with pytest.raises(seed.APIRequestValidationError):
        c.async_.chat.completions.create(request={"model": "sonar", "messages": "not a list"})
    with pytest.raises(seed.APIRequestValidationError):
        create(c, idempotency_key=123)
    with pytest.raises(seed.APIRequestValidationError):
        c.async_.chat.completions.create(body={"idempotency_key": "k"})  # request is required
    with pytest.raises(TypeError, match="not both"):
        c.async_.chat.completions.create(request=REQUEST, body={"request": REQUEST})
    assert wire.requests == []


def test_extra_headers_query_and_body_and_default_headers(seed: ModuleType) -> None:
    wire = Wire()
    c = client(seed, wire, default_headers={"X-Team": "search", "Accept": "application/json; q=1"})
    create(
        c,
        extra_headers={"X-Request-Tag": "t1", "X-Team": None},
        extra_query={"debug": True, "trace": "a b", "tag": ["x", "y"]},
        extra_body={"priority": 5},
    )
    (sent,) = wire.requests
    assert sent.headers["x-request-tag"] == "t1"
    assert "x-team" not in sent.headers  # None removes a default header
    assert sent.headers["accept"] == "application/json; q=1"
    assert sent.url.params["debug"] == "true"
    assert sent.url.params["trace"] == "a b"
    assert sent.url.params.get_list("tag") == ["x", "y"]
    assert json.loads(sent.content) == {"request": REQUEST, "priority": 5}


def test_base_url_from_the_constructor_then_the_environment_then_the_config(
    seed: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    wire = Wire()
    monkeypatch.setenv("SEED_API_BASE_URL", "https://env.example/api/")
    create(client(seed, wire))
    create(client(seed, wire, base_url="https://arg.example/v2"))
    monkeypatch.delenv("SEED_API_BASE_URL")
    create(client(seed, wire))
    assert [str(r.url) for r in wire.requests] == [
        "https://env.example/api/async/chat/completions",
        "https://arg.example/v2/async/chat/completions",
        URL,
    ]


def test_docstrings_come_from_the_spec_and_keep_the_operation_id(seed: ModuleType) -> None:
    doc = seed.Client(api_key=KEY).async_.chat.completions.create.__doc__
    assert doc.startswith("Create Async Chat Completion")
    assert "Submit an asynchronous chat completion request." in doc
    assert "create_async_chat_completions_async_chat_completions_post" in doc


# ---------------------------------------------------------------------------- statuses

STATUSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (418, "APIStatusError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (503, "InternalServerError"),
]


@pytest.mark.parametrize(("status", "name"), STATUSES)
def test_every_error_status_raises_its_class_with_the_raw_body(
    seed: ModuleType, status: int, name: str
) -> None:
    body = {"error": {"message": f"status {status}", "type": "x"}}
    wire = Wire(httpx.Response(status, json=body))
    with pytest.raises(seed.APIStatusError) as caught:
        create(client(seed, wire))
    err = caught.value
    assert type(err) is getattr(seed, name)
    assert isinstance(err, seed.APIError)
    assert err.status_code == status
    assert err.body == body
    assert err.response.status_code == status
    assert err.parsed is None or status == 422
    assert f"status {status}" in str(err)
    assert len(wire.requests) == 1  # a POST without an idempotency key is not retried


def test_the_documented_422_is_parsed_into_its_model(seed: ModuleType) -> None:
    detail = {
        "detail": [
            {"loc": ["body", "request", "model"], "msg": "Field required", "type": "missing"}
        ]
    }
    wire = Wire(httpx.Response(422, json=detail))
    with pytest.raises(seed.UnprocessableEntityError) as caught:
        create(client(seed, wire))
    parsed = caught.value.parsed
    assert isinstance(parsed, seed.models.HTTPValidationError)
    assert parsed.detail[0].msg == "Field required"
    assert caught.value.body == detail


def test_a_non_json_error_body_is_kept_as_text(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(502, text="<html>bad gateway</html>"))
    with pytest.raises(seed.InternalServerError) as caught:
        create(client(seed, wire))
    assert caught.value.body == "<html>bad gateway</html>"
    assert caught.value.parsed is None


# ---------------------------------------------------------------------------- retries


def test_retry_after_seconds_and_milliseconds_are_honoured_and_counted(seed: ModuleType) -> None:
    wire = Wire(
        httpx.Response(429, headers={"Retry-After": "2"}, json={}),
        httpx.Response(503, headers={"retry-after-ms": "1500"}, json={}),
        httpx.Response(200, json=CREATED),
    )
    c = client(seed, wire)
    result = create(c, idempotency_key="k-1")
    assert result.id == "req-1"
    assert c.sleeps == [2.0, 1.5]
    assert [r.headers.get("x-retry-count") for r in wire.requests] == [None, "1", "2"]
    assert len(set(wire.bodies)) == 1


def test_retry_after_as_a_date_and_beyond_the_cap(seed: ModuleType) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    wire = Wire(
        httpx.Response(429, headers={"Retry-After": later}),
        httpx.Response(429, headers={"Retry-After": "3600"}),
        httpx.Response(200, json=CREATED),
    )
    c = client(seed, wire)
    create(c, idempotency_key="k")
    assert 25 < c.sleeps[0] <= 30
    assert c.sleeps[1] == 60.0  # capped


def test_retries_are_bounded_with_exponential_backoff_and_jitter(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(503, json={"error": "busy"}))
    c = client(seed, wire)
    with pytest.raises(seed.InternalServerError):
        create(c, idempotency_key="k")
    assert len(wire.requests) == 3  # the first attempt and max_retries=2
    assert 0.375 <= c.sleeps[0] <= 0.5
    assert 0.75 <= c.sleeps[1] <= 1.0
    c3 = client(seed, wire := Wire(httpx.Response(503)), max_retries=5)
    with pytest.raises(seed.InternalServerError):
        create(c3, idempotency_key="k")
    assert len(wire.requests) == 6
    assert max(c3.sleeps) <= 8.0


def test_a_post_is_retried_only_with_an_idempotency_key_or_an_opt_in(seed: ModuleType) -> None:
    def attempts(**options: Any) -> int:
        wire = Wire(httpx.Response(500), httpx.Response(200, json=CREATED))
        call_options = options.pop("call", {})
        c = client(seed, wire, **options)
        try:
            create(c, **call_options)
        except seed.InternalServerError:
            pass
        return len(wire.requests)

    assert attempts() == 1
    assert attempts(call={"idempotency_key": "k"}) == 2
    assert attempts(call={"extra_headers": {"Idempotency-Key": "k"}}) == 2
    assert attempts(default_headers={"Idempotency-Key": "k"}) == 2
    assert attempts(retry_non_idempotent=True) == 2
    assert attempts(call={"retry": True}) == 2
    assert attempts(call={"idempotency_key": "k", "retry": False}) == 1
    assert attempts(call={"idempotency_key": None}) == 1  # a null key is no key


def test_retries_are_logged_without_secrets(
    seed: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wire = Wire(
        httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, json=CREATED)
    )
    create(client(seed, wire), idempotency_key="k")
    retries = [r for r in caplog.records if r.name == "seed_api"]
    assert len(retries) == 1
    assert "retrying POST /async/chat/completions" in retries[0].getMessage()
    assert "retry 1 of 2" in retries[0].getMessage()
    assert all(KEY not in r.getMessage() for r in caplog.records)


def test_timeouts_raise_api_timeout_error_after_the_retries(seed: ModuleType) -> None:
    wire = Wire(httpx.ReadTimeout("slow"))
    c = client(seed, wire)
    with pytest.raises(seed.APITimeoutError) as caught:
        create(c, idempotency_key="k")
    assert isinstance(caught.value, seed.APIConnectionError)
    assert len(wire.requests) == 3
    assert KEY not in str(caught.value)
    wire = Wire(httpx.ReadTimeout("slow"))
    with pytest.raises(seed.APITimeoutError):
        create(client(seed, wire))
    assert len(wire.requests) == 1  # the server may have acted on it: no key, no retry


def test_a_connection_never_made_is_retried_even_without_a_key(seed: ModuleType) -> None:
    wire = Wire(httpx.ConnectError("refused"), httpx.Response(200, json=CREATED))
    assert create(client(seed, wire)).id == "req-1"
    assert len(wire.requests) == 2
    wire = Wire(httpx.ConnectError("refused"))
    with pytest.raises(seed.APIConnectionError) as caught:
        create(client(seed, wire, max_retries=0))
    assert not isinstance(caught.value, seed.APITimeoutError)


def test_timeouts_have_a_finite_default_and_can_be_changed_per_client_and_per_call(
    seed: ModuleType,
) -> None:
    wire = Wire()
    c = client(seed, wire)
    assert c.timeout == httpx.Timeout(600.0, connect=5.0)
    create(c)
    create(c, timeout=3.5)
    create(c.with_options(timeout=httpx.Timeout(10.0, connect=1.0)))
    create(client(seed, wire, timeout=None))
    seen = [r.extensions["timeout"] for r in wire.requests]
    assert seen[0] == {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}
    assert seen[1] == {"connect": 3.5, "read": 3.5, "write": 3.5, "pool": 3.5}
    assert seen[2] == {"connect": 1.0, "read": 10.0, "write": 10.0, "pool": 10.0}
    assert seen[3] == {"connect": None, "read": None, "write": None, "pool": None}


# ---------------------------------------------------------------------------- secrets


def test_the_key_never_shows_in_repr_errors_or_logs(
    seed: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wire = Wire(httpx.Response(401, json={"error": "bad key"}))
    c = client(seed, wire)
    assert KEY not in repr(c)
    assert KEY not in repr(c.__dict__)
    with pytest.raises(seed.AuthenticationError) as caught:
        create(c)
    err = caught.value
    assert KEY not in str(err)
    assert KEY not in repr(err)
    assert KEY not in repr(err.request.headers)
    assert all(KEY not in r.getMessage() for r in caplog.records)


def test_a_missing_key_fails_at_the_first_call_not_at_construction(
    seed: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PERPLEXITY_API_KEY", raising=False)
    wire = Wire()
    c = seed.Client(http_client=wire.http())
    with pytest.raises(seed.MissingCredentialsError, match="PERPLEXITY_API_KEY") as caught:
        create(c)
    assert "api_key=" in str(caught.value)
    assert wire.requests == []
    monkeypatch.setenv("PERPLEXITY_API_KEY", "sk-from-env")
    create(c)
    create(seed.Client(http_client=wire.http()))
    assert [r.headers["authorization"] for r in wire.requests] == ["Bearer sk-from-env"] * 2


def test_a_credential_header_of_the_callers_own_needs_no_key(
    seed: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PERPLEXITY_API_KEY", raising=False)
    wire = Wire()
    create(seed.Client(http_client=wire.http(), default_headers={"Authorization": "Bearer own"}))
    create(seed.Client(http_client=wire.http()), extra_headers={"Authorization": "Bearer call"})
    assert [r.headers["authorization"] for r in wire.requests] == ["Bearer own", "Bearer call"]
    with pytest.raises(seed.MissingCredentialsError):
        create(seed.Client(http_client=wire.http()), extra_headers={"Authorization": None})


def test_credentials_are_not_forwarded_on_a_redirect_to_another_host(seed: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.perplexity.ai" and request.url.path.endswith("completions"):
            return httpx.Response(307, headers={"Location": "https://elsewhere.example/collect"})
        return httpx.Response(200, json=CREATED)

    wire = Wire(answer)
    assert create(client(seed, wire)).id == "req-1"
    first, second = wire.requests
    assert first.headers["authorization"] == f"Bearer {KEY}"
    assert second.url.host == "elsewhere.example"
    assert "authorization" not in second.headers
    assert second.content == first.content  # 307 keeps the method and the body


def test_credentials_stay_on_a_redirect_within_the_same_host(seed: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/async/chat/completions":
            return httpx.Response(308, headers={"Location": "/v2/async/chat/completions"})
        return httpx.Response(200, json=CREATED)

    wire = Wire(answer)
    create(client(seed, wire))
    assert [r.headers["authorization"] for r in wire.requests] == [f"Bearer {KEY}"] * 2


def test_redirects_are_not_followed_when_the_http_client_says_so(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(302, headers={"Location": "https://elsewhere.example/"}))
    c = seed.Client(api_key=KEY, http_client=httpx.Client(transport=httpx.MockTransport(wire)))
    with pytest.raises(seed.APIStatusError) as caught:
        create(c)
    assert caught.value.status_code == 302
    assert len(wire.requests) == 1


# ---------------------------------------------------------------------------- parsing


def _drifted() -> dict[str, Any]:
    response = json.loads(json.dumps(COMPLETED))
    del response["response"]["choices"][0]["delta"]  # the spec marks it required
    response["status"] = "QUEUED"  # not in the spec's enum
    response["response"]["choices"][0]["logprobs"] = {"tokens": []}  # not in the spec
    return response


def test_forgiving_parsing_keeps_what_the_server_sent_and_logs_the_drift(
    seed: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    result = create(client(seed, Wire(httpx.Response(200, json=_drifted()))))
    assert isinstance(result, seed.models.AsyncApiChatCompletionsResponse)
    assert result.status == "QUEUED"
    choice = result.response.choices[0]
    assert isinstance(choice, seed.models.Choice)
    assert choice.delta is None
    assert choice.message.content == "Hi"
    assert result.to_dict() == _drifted()  # nothing lost, nothing added
    (warning,) = [r for r in caplog.records if r.name == "seed_api"]
    assert "does not match the spec" in warning.getMessage()
    assert "delta" in warning.getMessage()


def test_strict_parsing_turns_any_drift_into_an_error(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(200, json=_drifted()))
    with pytest.raises(seed.APIResponseValidationError) as caught:
        create(client(seed, wire, strict=True))
    err = caught.value
    locations = {tuple(e["loc"]) for e in err.errors}
    assert ("status",) in locations
    assert any("delta" in loc for loc in locations)
    assert json.loads(err.body) == _drifted()
    assert err.status_code == 200
    # unknown fields alone are not drift
    extra = {**CREATED, "queue_position": 1}
    assert (
        create(client(seed, Wire(httpx.Response(200, json=extra)), strict=True)).to_dict() == extra
    )


def test_the_documented_answer_parses_fully(seed: ModuleType) -> None:
    result = create(client(seed, Wire(httpx.Response(200, json=COMPLETED)), strict=True))
    assert result.response.choices[0].delta.content == "Hi"
    assert result.to_dict() == COMPLETED


def test_an_answer_that_is_not_json_fails_in_both_modes(seed: ModuleType) -> None:
    for strict in (False, True):
        wire = Wire(
            httpx.Response(200, text="not json", headers={"content-type": "application/json"})
        )
        with pytest.raises(seed.APIResponseValidationError, match="not valid JSON"):
            create(client(seed, wire, strict=strict))


# ---------------------------------------------------------------------------- the client


def test_with_raw_response_from_the_client_and_from_the_resource(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(200, json=CREATED, headers={"x-request-id": "abc"}))
    c = client(seed, wire)
    for raw in (
        c.with_raw_response.async_.chat.completions.create(request=REQUEST),
        c.async_.chat.completions.with_raw_response.create(request=REQUEST),
        c.async_.with_raw_response.chat.completions.create(body={"request": REQUEST}),
    ):
        assert isinstance(raw, seed.RawResponse)
        assert raw.status_code == 200
        assert raw.headers["x-request-id"] == "abc"
        assert json.loads(raw.content) == CREATED
        assert raw.retries_taken == 0
        parsed = raw.parse()
        assert isinstance(parsed, seed.models.AsyncApiChatCompletionsResponse)
        assert raw.parse() is parsed
        assert raw.validation_errors == []
    drift = client(seed, Wire(httpx.Response(200, json=_drifted())))
    raw = drift.with_raw_response.async_.chat.completions.create(request=REQUEST)
    assert raw.validation_errors  # recorded for the caller, beside the log line
    assert create(c).id == "req-1"  # the plain resource still returns values


def test_with_options_copies_without_touching_the_original(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(503))
    c = client(seed, wire)
    quiet = c.with_options(max_retries=0, api_key="sk-other", default_headers={"X-Extra": "1"})
    quiet._sleep = c._sleep
    with pytest.raises(seed.InternalServerError):
        create(quiet, idempotency_key="k")
    assert len(wire.requests) == 1
    assert wire.requests[0].headers["authorization"] == "Bearer sk-other"
    assert wire.requests[0].headers["x-extra"] == "1"
    assert c.max_retries == 2
    assert quiet._http is c._http
    with pytest.raises(seed.InternalServerError):
        create(c, idempotency_key="k")
    assert wire.requests[-1].headers["authorization"] == f"Bearer {KEY}"
    assert "x-extra" not in wire.requests[-1].headers


def test_closing_closes_only_the_pool_the_client_made(seed: ModuleType) -> None:
    with seed.Client(api_key=KEY) as own:
        pool = own._http
    assert pool.is_closed
    mine = Wire().http()
    with seed.Client(api_key=KEY, http_client=mine) as c:
        create(c)
    assert not mine.is_closed
    c.close()
    assert not mine.is_closed


def test_the_package_works_under_another_name(seed_out: Path, tmp_path: Path) -> None:
    shutil.copytree(seed_out / "seed_api", tmp_path / "vendored_sdk")
    vendored = import_fresh(tmp_path, "vendored_sdk")
    try:
        wire = Wire()
        c = vendored.Client(api_key=KEY, http_client=wire.http())
        assert isinstance(
            c.async_.chat.completions.create(request=REQUEST),
            vendored.models.AsyncApiChatCompletionsResponse,
        )
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "vendored_sdk"]:
            del sys.modules[name]


def test_a_missing_base_url_fails_at_the_first_call(seed: ModuleType) -> None:
    wire = Wire()
    c = seed.Client(api_key=KEY, http_client=wire.http(), base_url="/relative/only")
    with pytest.raises(seed.APIError, match=r"absolute base URL.*SEED_API_BASE_URL"):
        create(c)
    assert wire.requests == []


def test_an_injected_pool_keeps_its_headers_params_and_cookies(seed: ModuleType) -> None:
    wire = Wire()
    pool = httpx.Client(
        transport=httpx.MockTransport(wire),
        headers={"X-Pool": "p", "User-Agent": "overridden"},
        params={"tenant": "t1"},
        cookies={"session": "s1"},
    )
    create(seed.Client(api_key=KEY, http_client=pool), extra_query={"debug": "1"})
    (sent,) = wire.requests
    assert sent.headers["x-pool"] == "p"
    assert sent.headers["user-agent"].startswith("seed_api/")
    assert dict(sent.url.params) == {"tenant": "t1", "debug": "1"}
    assert sent.headers["cookie"] == "session=s1"


def test_models_load_on_first_use_and_import_every_way(seed_out: Path) -> None:
    code = (
        "import sys\n"
        "import seed_api\n"
        "assert 'seed_api.models' not in sys.modules\n"
        "from seed_api import models\n"
        "import seed_api.models as again\n"
        "assert models is again is seed_api.models\n"
        "print(models.Choice.__name__)\n"
    )
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, cwd=seed_out, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Choice"
