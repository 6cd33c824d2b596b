"""Account sign-up with e-mail addresses (pydantic's ``EmailStr``, checked by email-validator).

Bugs: ``malformed-json-500`` (an error handler re-reads the body as JSON to log it, and
breaks on a body that is not JSON), ``any-media-type`` (a middleware "fixing" clients'
headers labels every request body JSON, so a ``text/plain`` body, or one without
Content-Type, is read as JSON).
"""

import json
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Path
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, EmailStr, Field
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tests.servers.common import STRICT, UNREADABLE, WHOLE, Detail, answer_405

BUGS = ("malformed-json-500", "any-media-type")


class SignupIn(BaseModel):
    model_config = STRICT
    email: EmailStr
    display_name: Annotated[str, Field(min_length=3, max_length=30, pattern=r"^[A-Za-z0-9_]+$")]
    age: Annotated[int | None, Field(ge=13, le=120), WHOLE] = None
    plan: Literal["free", "pro"] = "free"
    newsletter: bool = False


class Account(BaseModel):
    id: int
    email: EmailStr
    display_name: str
    plan: Literal["free", "pro"]
    newsletter: bool


class _JsonLabel:
    """Every request body is labelled ``application/json``, whatever the client said."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-type"]
            scope = {**scope, "headers": [*headers, (b"content-type", b"application/json")]}
        await self.app(scope, receive, send)


def make(bug: str | None = None) -> FastAPI:
    """The sign-up service, with ``bug`` planted."""
    app = FastAPI(title="Signup", version="0.9.0")
    answer_405(app)
    if bug == "any-media-type":
        app.add_middleware(_JsonLabel)
    accounts: dict[int, Account] = {}

    if bug == "malformed-json-500":

        @app.exception_handler(RequestValidationError)
        async def logged(request: Request, exc: RequestValidationError) -> Response:
            json.loads(await request.body() or b"{}")  # "log" the offending payload
            return await request_validation_exception_handler(request, exc)

    @app.post("/accounts", status_code=201, response_model=Account, responses=UNREADABLE)
    def sign_up(signup: SignupIn) -> Any:
        account = Account(
            id=len(accounts) + 1,
            email=signup.email,
            display_name=signup.display_name,
            plan=signup.plan,
            newsletter=signup.newsletter,
        )
        accounts[account.id] = account
        return account

    @app.get("/accounts/{account_id}", response_model=Account, responses={404: {"model": Detail}})
    def read(account_id: Annotated[int, Path(ge=1)]) -> Any:
        if account_id not in accounts:
            raise HTTPException(404, "no such account")
        return accounts[account_id]

    return app
