"""No credential reaches the client's logs or errors, on ``specs/secrets_31.yaml``.

One operation per kind of security scheme (API key in a header, the query and a cookie; HTTP
basic and bearer; OAuth 2 and OpenID Connect tokens), called against a loopback server that
hands every credential back (``tests/servers/credential_echo.py``): in a redirect Location,
in error bodies, in a stream's error event. Logs are captured at DEBUG for every logger; every
form of every error is searched for each secret, raw and encoded; and the server must still
have received each one.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import traceback
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import quote, quote_plus, unquote

import httpx
import pytest

from tests.servers.credential_echo import Received, serving
from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "secrets_31.yaml"
PACKAGE = "secrets_api"
USER = "ada"
# characters that percent-encoding, form encoding and base64 all write differently
TAIL = "-T0p/S3cr3t+k=y@v%l~!"
# client keyword -> the resource whose operation needs that credential
OPERATIONS = {
    "header_key": "hitems",
    "query_key": "qitems",
    "cookie_key": "citems",
    "api_key": "basic",  # the basic scheme: the first by name takes ``api_key``
    "bearer": "bearer",
    "oauth": "oauth",
    "oidc": "oidc",
}
SECRETS = {keyword: keyword + TAIL for keyword in OPERATIONS}
URL_PASSWORD = "userinfo" + TAIL


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("secrets")
    generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE)


class Keep(logging.Handler):
    """A handler of the user's own: keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """Every record at DEBUG, as a user's configuration would catch it: a handler on the root
    logger, and the same handler on httpx's and httpcore's HTTP/1.1 loggers, which are told
    not to propagate."""
    caplog.set_level(logging.DEBUG)
    keep = Keep()
    own = [logging.getLogger(name) for name in ("", "httpx", "httpcore.http11")]
    for logger in own:
        logger.addHandler(keep)
    own[1].propagate = own[2].propagate = False
    try:
        yield keep.records
    finally:
        own[1].propagate = own[2].propagate = True
        for logger in own:
            logger.removeHandler(keep)


def credentials() -> dict[str, Any]:
    return {k: (USER, v) if k == "api_key" else v for k, v in SECRETS.items()}


def forms(secret: str, received: list[Received] = ()) -> set[str]:  # type: ignore[assignment]
    """The ways ``secret`` may be written: raw, percent-encoded, form-encoded, as the server
    saw it in a query, and the base64 of a Basic header."""
    out = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}
    out |= {f.lower() for f in out if "%" in f}
    for r in received:
        for pair in r.target.partition("?")[2].split("&"):
            value = pair.partition("=")[2]
            if unquote(value.replace("+", " ")) == secret:
                out.add(value)
    out.add(base64.b64encode(f"{USER}:{secret}".encode()).decode())
    return out


def shown(error: BaseException) -> str:
    """Everything an error shows: str, repr and args of it and of every exception it chains
    to, its traceback, and the requests (their URL and headers) each refers to."""
    parts = ["".join(traceback.format_exception(error))]
    todo: list[BaseException | None] = [error]
    seen: set[int] = set()
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        parts += [str(exc), repr(exc), repr(exc.args), repr(getattr(exc, "message", ""))]
        for value in vars(exc).values():
            responses = [value, *value.history] if isinstance(value, httpx.Response) else []
            requests = [r.request for r in responses] + [
                r.next_request for r in responses if r.next_request is not None
            ]
            if isinstance(value, httpx.Request):
                requests.append(value)
            for request in requests:
                parts += [repr(request), str(request.url), repr(request.url)]
                parts += [repr(request.headers), repr(request.headers.raw)]
        todo += [exc.__cause__, exc.__context__]
    return "\n".join(parts)


def with_locals(error: BaseException) -> str:
    """The traceback of ``error`` with the locals of every frame past the test's own, as an
    error reporter that records locals would show it."""
    below = error.__traceback__.tb_next if error.__traceback__ is not None else None
    shown = traceback.TracebackException(type(error), error, below, capture_locals=True)
    return "".join(shown.format())


def logged(records: list[logging.LogRecord]) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(r) for r in records)


def assert_hidden(text: str, secrets: list[str], received: list[Received]) -> None:
    for secret in secrets:
        for form in forms(secret, received):
            assert form not in text, f"{form!r} shows"


def test_no_credential_of_any_scheme_reaches_logs_or_errors(
    api: ModuleType, logs: list[logging.LogRecord]
) -> None:
    with serving() as (url, received):
        c = api.Client(base_url=url, timeout=2, max_retries=0, **credentials())
        errors = []
        for resource in OPERATIONS.values():
            with pytest.raises(api.AuthenticationError) as caught:
                getattr(c, resource).list()
            errors.append(caught.value)
        with pytest.raises(api.APIError, match="the stream reported an error") as caught:
            list(c.events.list())
        errors.append(caught.value)
        c.close()
    text = "\n".join([repr(c), logged(logs), *map(shown, errors)])
    text += "".join(map(with_locals, errors[:-1]))  # the stream's error: its locals hold data
    assert_hidden(text, list(SECRETS.values()), received)
    # the server did receive every credential, where its scheme says
    by_path = {r.target.partition("?")[0]: r for r in received}
    assert by_path["/hitems"].headers["x-custom-key"] == SECRETS["header_key"]
    assert by_path["/qitems"].query["api_key"] == SECRETS["query_key"]  # the redirected one too
    assert [r.query.get("hop") for r in received if r.target.startswith("/qitems")] == [None, "1"]
    assert by_path["/citems"].headers["cookie"] == f"sid={SECRETS['cookie_key']}"
    basic = base64.b64encode(f"{USER}:{SECRETS['api_key']}".encode()).decode()
    assert by_path["/basic"].headers["authorization"] == f"Basic {basic}"
    for keyword in ("bearer", "oauth", "oidc"):
        authorization = by_path[f"/{keyword}"].headers["authorization"]
        assert authorization == f"Bearer {SECRETS[keyword]}"
    # what was hidden is marked, and the rest of the message stays readable
    assert "api_key=[REDACTED]" in logged(logs)
    assert any(r.name.startswith("httpcore.") for r in logs)
    qitems = errors[1]
    assert qitems.request.url.params["api_key"] == "[REDACTED]"
    assert qitems.request.url.params["hop"] == "1"
    assert qitems.response.history[0].request.url.params["api_key"] == "[REDACTED]"
    assert errors[0].request.headers["x-custom-key"] == "[REDACTED]"
    assert "401 Unauthorized from GET /hitems" in str(errors[0])


def test_userinfo_of_the_base_url_is_hidden_and_still_sent(
    api: ModuleType, logs: list[logging.LogRecord]
) -> None:
    with serving() as (url, received):
        host = url.removeprefix("http://")
        base = f"http://{USER}:{quote(URL_PASSWORD, safe='')}@{host}"
        c = api.Client(base_url=base, timeout=2, max_retries=0, bearer="b" + TAIL)
        with pytest.raises(api.AuthenticationError) as caught:
            c.bearer.list()
    text = "\n".join([repr(c), logged(logs), shown(caught.value)])
    assert_hidden(text, [URL_PASSWORD, "b" + TAIL], received)
    assert f"http://[REDACTED]@{host}" in logged(logs)
    assert repr(c).startswith("Client(base_url='http://") and host in repr(c)
    # httpx sends the userinfo as Basic credentials
    basic = base64.b64encode(f"{USER}:{URL_PASSWORD}".encode()).decode()
    assert received[0].headers["authorization"] == f"Basic {basic}"


def test_the_async_client_hides_them_too(api: ModuleType, logs: list[logging.LogRecord]) -> None:
    async def run(url: str) -> list[BaseException]:
        errors: list[BaseException] = []
        async with api.AsyncClient(base_url=url, timeout=2, max_retries=0, **credentials()) as c:
            for resource in ("qitems", "hitems", "citems"):
                try:
                    await getattr(c, resource).list()
                except api.AuthenticationError as error:
                    errors.append(error)
            try:
                async for _ in await c.events.list():
                    pass
            except api.APIError as error:
                errors.append(error)
        return errors

    with serving() as (url, received):
        errors = asyncio.run(run(url))
    assert len(errors) == 4
    text = "\n".join([logged(logs), *map(shown, errors)])
    assert_hidden(text, list(SECRETS.values()), received)
    assert received[0].query["api_key"] == SECRETS["query_key"]


class Hostile(Exception):
    """An exception whose text comes from neither its args nor a text attribute."""

    def __init__(self, shown: str) -> None:
        super().__init__("hostile")
        self.shown = [shown]

    def __str__(self) -> str:
        return f"could not send {self.shown[0]}"


def test_exception_chains_and_foreign_exceptions_are_redacted(api: ModuleType) -> None:
    secret = SECRETS["query_key"]
    sent: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        cause = Hostile(str(request.url))
        raise httpx.ConnectError(f"cannot reach {request.url} {request.headers}") from cause

    def fail(request: httpx.Request) -> httpx.Response:
        raise Hostile(f"{request.url} {request.headers['x-custom-key']}")

    def client(answer: Any, **options: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(answer))
        return api.Client(
            base_url="https://api.secrets.test", http_client=http, **credentials(), **options
        )

    with pytest.raises(api.APIConnectionError) as caught:
        client(refuse, max_retries=1).qitems.list()
    error = caught.value
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert "api_key=[REDACTED]" in str(error.__cause__)
    assert error.__cause__.request.url.params["api_key"] == "[REDACTED]"
    assert "Hostile" in str(error.__cause__.__cause__)  # stands in for the one that leaked
    # a request that was retried went out both times with the key, as sent
    assert [r.url.params["api_key"] for r in sent] == [secret, secret]
    with pytest.raises(Exception) as foreign:
        client(fail).hitems.list()
    assert "Hostile" in str(foreign.value)
    text = shown(error) + shown(foreign.value) + with_locals(error) + with_locals(foreign.value)
    assert_hidden(text, [secret, SECRETS["header_key"]], [])


def test_strict_parsing_errors_and_raw_responses_refer_to_redacted_requests(
    api: ModuleType,
) -> None:
    secret = SECRETS["query_key"]
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text=f"not JSON: {request.url}")

    http = httpx.Client(transport=httpx.MockTransport(answer))
    c = api.Client(
        base_url="https://api.secrets.test", http_client=http, strict=True, **credentials()
    )
    with pytest.raises(api.APIResponseValidationError) as caught:
        c.qitems.list()
    raw = c.with_raw_response.qitems.list()
    with pytest.raises(api.APIResponseValidationError) as parsed:
        raw.parse()
    assert_hidden(shown(caught.value) + shown(parsed.value), [secret], [])
    assert caught.value.request.url.params["api_key"] == "[REDACTED]"
    assert sent[0].url.params["api_key"] == secret  # the request itself was not touched


def test_credentials_set_later_are_hidden_and_other_loggers_are_left_alone(
    api: ModuleType, logs: list[logging.LogRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    later, rotated = "env" + TAIL, "rotated" + TAIL
    monkeypatch.setenv("SECRETS_API_BEARER", later)

    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, text=f"bad {request.headers['authorization']}")

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    c = api.Client(base_url="https://api.secrets.test", http_client=http)
    errors = []
    for client in (c, c.with_options(credentials={"bearer": rotated})):
        with pytest.raises(api.AuthenticationError) as caught:
            client.bearer.list()
        errors.append(caught.value)
    assert_hidden("\n".join(map(shown, errors)) + logged(logs), [later, rotated], [])
    assert "bad Bearer [REDACTED]" in str(errors[1])
    # the user's own loggers keep their records as they were written
    logging.getLogger("tests.app").warning("rotated to %s", rotated)
    assert logs[-1].name == "tests.app"
    assert logs[-1].getMessage() == f"rotated to {rotated}"


def test_echoes_in_any_encoding_and_short_credentials(
    api: ModuleType, logs: list[logging.LogRecord]
) -> None:
    secret = 'ключ k/ey+é"1234'
    short = "k1"

    def answer(request: httpx.Request) -> httpx.Response:
        key = request.url.params.get("api_key") or request.url.params.get("again", "")
        if request.url.path == "/qitems":
            location = f"/keys/{quote(key, safe='')}?again={quote_plus(key)}"
            return httpx.Response(307, headers={"Location": location})
        echo = {
            "detail": key,
            "twice": quote(quote(key, safe=""), safe=""),
            "raw": str(request.url),
        }
        return httpx.Response(401, text=json.dumps(echo))

    http = httpx.Client(transport=httpx.MockTransport(answer), follow_redirects=True)
    c = api.Client(base_url="https://api.secrets.test", http_client=http, query_key=secret)
    with pytest.raises(api.AuthenticationError) as caught:
        c.qitems.list()
    escaped = json.dumps(secret)[1:-1]
    text = shown(caught.value) + logged(logs)
    assert_hidden(text, [secret], [])
    for form in (escaped, quote(quote(secret, safe=""), safe="")):
        assert form not in text
    assert caught.value.request.url.path == "/keys/[REDACTED]"
    assert '{"detail": "[REDACTED]", "twice": "[REDACTED]"' in str(caught.value)
    # a short credential: hidden where the client puts it, not searched for in text
    own = c.with_options(api_key=("ada", "pw"), credentials={"header_key": short})
    with pytest.raises(api.AuthenticationError) as caught:
        own.hitems.list()
    assert caught.value.request.headers["x-custom-key"] == "[REDACTED]"
    assert short not in repr(caught.value.request.headers.raw)
    # a copy's credentials leave with it: the client it was made from does not keep them
    assert "pw" not in c._redactor.values and short not in c._redactor.values


def test_userinfo_of_a_url_the_client_follows_is_hidden(
    api: ModuleType, logs: list[logging.LogRecord]
) -> None:
    planted = "planted-by-the-server"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.secrets.test":
            return httpx.Response(302, headers={"Location": f"https://eve:{planted}@e.test/x"})
        return httpx.Response(401, text="no")

    http = httpx.Client(transport=httpx.MockTransport(answer), follow_redirects=True)
    c = api.Client(base_url="https://api.secrets.test", http_client=http, header_key="k" + TAIL)
    with pytest.raises(api.AuthenticationError) as caught:
        c.hitems.list()
    assert caught.value.request.url.host == "e.test"
    assert "x-custom-key" not in caught.value.request.headers  # not forwarded to e.test
    assert_hidden(shown(caught.value) + logged(logs), [planted, "k" + TAIL], [])
    assert "https://[REDACTED]@e.test/x" in logged(logs)
