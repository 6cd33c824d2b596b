"""Password login by form (OAuth2's password flow) and a bearer token for the rest.

``POST /token`` takes ``application/x-www-form-urlencoded`` fields and answers a token for
alice's password, 401 for any other; the token ``tok-alice`` opens the ``/users/me`` routes.

Bug: ``auth-not-enforced``: the ``/users/me`` routes answer without a token.
"""

import secrets
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, HTTPException, Query
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

from tests.servers.common import UNREADABLE, Detail, answer_405

BUGS = ("auth-not-enforced",)
TOKEN = "tok-alice"
PASSWORD = "wonderland"  # alice's


class Token(BaseModel):
    access_token: str
    token_type: str


class User(BaseModel):
    username: str
    full_name: str
    disabled: bool


class Item(BaseModel):
    id: int
    title: str
    owner: str


class LoginForm:
    """The password flow's fields, each one bounded so that an empty value is invalid."""

    def __init__(
        self,
        grant_type: Annotated[str, Form(pattern=r"^password$")],
        username: Annotated[str, Form(min_length=1, max_length=50)],
        password: Annotated[str, Form(min_length=1, max_length=100)],
        scope: Annotated[str, Form()] = "",
    ):
        self.grant_type = grant_type
        self.username = username
        self.password = password
        self.scopes = scope.split()


def make(bug: str | None = None) -> FastAPI:
    """The login service, with ``bug`` planted."""
    app = FastAPI(title="Login", version="1.2.0")
    answer_405(app)
    scheme = OAuth2PasswordBearer(tokenUrl="token", auto_error=bug != "auth-not-enforced")
    refused = {401: {"model": Detail, "description": "Not authenticated"}}

    def current_user(token: Annotated[str | None, Depends(scheme)]) -> User:
        if bug == "auth-not-enforced" and token is None:
            token = TOKEN
        if token is None or not secrets.compare_digest(token.encode(), TOKEN.encode()):
            raise HTTPException(401, "invalid token", headers={"WWW-Authenticate": "Bearer"})
        return User(username="alice", full_name="Alice Liddell", disabled=False)

    @app.post("/token", response_model=Token, responses={**refused, **UNREADABLE})
    def login(form: Annotated[LoginForm, Depends()]) -> Any:
        right = form.username == "alice" and secrets.compare_digest(
            form.password.encode(), PASSWORD.encode()
        )
        if not right:
            raise HTTPException(401, "wrong username or password")
        return Token(access_token=TOKEN, token_type="bearer")

    @app.get("/users/me", response_model=User, responses=refused)
    def me(user: Annotated[User, Depends(current_user)]) -> Any:
        return user

    @app.get("/users/me/items", response_model=list[Item], responses=refused)
    def my_items(
        user: Annotated[User, Depends(current_user)],
        limit: Annotated[int, Query(ge=1, le=20)] = 5,
    ) -> Any:
        return [Item(id=i, title=f"item {i}", owner=user.username) for i in range(1, limit + 1)]

    return app
