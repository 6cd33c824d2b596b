"""A valid request refused as a duplicate of what the server stored (a value an earlier
request of the run carried at the same place: an email at the top, an email nested in an
object, a handle in an array of objects, an integer id, a slug under a pattern) is sent again
with new values; taken then, it is a warning. A server refusing valid values for another
reason still fails."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_unique_values_30.yaml"
OPERATIONS = ("createUser", "createTeam", "createPet", "createTag")

# what each operation keeps unique, read from a valid body; None: the body is not valid
Keys = Callable[[Any], list[object] | None]


def _email(value: object, longest: int) -> bool:
    return isinstance(value, str) and "@" in value and len(value) <= longest


def _user(longest: int) -> Keys:
    def keys(body: Any) -> list[object] | None:
        name = body.get("name")
        ok = _email(body.get("email"), longest) and isinstance(name, str) and len(name) <= 30
        return [body["email"]] if ok else None

    return keys


def _team(longest: int) -> Keys:
    def keys(body: Any) -> list[object] | None:
        owner, members = body.get("owner"), body.get("members")
        if not isinstance(owner, dict) or not _email(owner.get("email"), longest):
            return None
        if not isinstance(members, list) or len(members) > 3:
            return None
        handles = [m.get("handle") if isinstance(m, dict) else None for m in members]
        if not all(isinstance(h, str) and 1 <= len(h) <= 20 for h in handles):
            return None
        return [("owner", owner["email"]), *(("member", h) for h in handles)]

    return keys


def _pet(highest: int) -> Keys:
    def keys(body: Any) -> list[object] | None:
        found = body.get("id")
        ok = isinstance(found, int) and not isinstance(found, bool) and 1 <= found <= highest
        return [found] if ok else None

    return keys


def _tag(longest: int) -> Keys:
    def keys(body: Any) -> list[object] | None:
        slug, code = body.get("slug"), body.get("code")
        ok = isinstance(slug, str) and re.fullmatch(f"[a-z]{{1,{longest}}}", slug) is not None
        ok = ok and isinstance(code, str) and re.fullmatch("[A-Z]{2}-[0-9]{3}", code) is not None
        return [slug] if ok else None

    return keys


def _app(longest: int, highest: int, slug: int = 8) -> Starlette:
    """Each route refuses a body repeating a value it stored (400), as a unique column does;
    ``longest`` is the longest email it takes, ``highest`` the highest id and ``slug`` the
    longest slug (correct: 60, 1,000,000 and 8, what the spec says)."""

    def route(path: str, keys: Keys) -> Route:
        stored: set[object] = set()

        async def create(request: Request) -> Response:
            body, refused = await json_body(request)
            if refused is not None:
                return refused
            found = keys(body) if isinstance(body, dict) else None
            if found is None:
                return JSONResponse({"detail": "invalid body"}, 400)
            if stored.intersection(found) or len(set(found)) < len(found):
                return JSONResponse({"detail": "already registered"}, 400)
            stored.update(found)
            return JSONResponse({}, 201)

        return Route(path, create, methods=["POST"])

    return Starlette(
        routes=[
            route("/users", _user(longest)),
            route("/teams", _team(longest)),
            route("/pets", _pet(highest)),
            route("/tags", _tag(slug)),
        ]
    )


def _run(app: Starlette) -> Report:
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=25, seed=0, allow_status=set()
        )


@pytest.fixture(scope="module")
def correct() -> Report:
    return _run(_app(longest=60, highest=1_000_000))


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_duplicate_refused_is_probed_with_new_values_and_warned(
    correct: Report, operation: str
) -> None:
    assert not correct.failures, correct.to_text()
    assert correct.stats[(operation, "valid_request_accepted")].warned, correct.to_text()


def test_the_warning_names_the_repeated_value_by_its_place(correct: Report) -> None:
    text = correct.to_text()
    assert "owner/email=" in text or "members/*/handle=" in text, text


def test_a_valid_value_refused_for_itself_still_fails() -> None:
    # bugs: longer emails, higher ids and longer slugs are valid
    report = _run(_app(longest=12, highest=1000, slug=3))
    for operation in OPERATIONS:
        assert (operation, "valid_request_accepted") in report.failures, report.to_text()
