"""A vault of named secrets behind HTTP Basic authentication (alice / wonderland).

Bug: ``any-password``: the password is never compared, any one opens the vault.
"""

import secrets
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import BaseModel, Field

from tests.servers.common import STRICT, UNREADABLE, Detail, answer_405

BUGS = ("any-password",)
USER = "alice"
PASSWORD = "wonderland"
NAME = r"^[a-z][a-z0-9-]{0,31}$"


class SecretIn(BaseModel):
    model_config = STRICT
    name: Annotated[str, Field(pattern=NAME)]
    value: Annotated[str, Field(min_length=1, max_length=200)]


class Secret(BaseModel):
    name: str
    value: str
    owner: str


def make(bug: str | None = None) -> FastAPI:
    """The vault, with ``bug`` planted."""
    app = FastAPI(title="Vault", version="1.0.0")
    answer_405(app)
    basic = HTTPBasic()
    vault: dict[str, Secret] = {}
    refused = {401: {"model": Detail, "description": "Not authenticated"}}

    def user(credentials: Annotated[HTTPBasicCredentials, Depends(basic)]) -> str:
        right_user = secrets.compare_digest(credentials.username.encode(), USER.encode())
        right_password = secrets.compare_digest(credentials.password.encode(), PASSWORD.encode())
        if bug == "any-password":
            right_user = right_password = True
        if not (right_user and right_password):
            raise HTTPException(401, "wrong credentials", headers={"WWW-Authenticate": "Basic"})
        return credentials.username

    @app.get("/secrets", response_model=list[str], responses=refused)
    def names(owner: Annotated[str, Depends(user)]) -> Any:
        return sorted(vault)

    @app.put("/secrets", response_model=Secret, responses={**refused, **UNREADABLE})
    def store(secret: SecretIn, owner: Annotated[str, Depends(user)]) -> Any:
        vault[secret.name] = Secret(name=secret.name, value=secret.value, owner=owner)
        return vault[secret.name]

    @app.get(
        "/secrets/{name}", response_model=Secret, responses={**refused, 404: {"model": Detail}}
    )
    def read(name: Annotated[str, Path(pattern=NAME)], owner: Annotated[str, Depends(user)]) -> Any:
        if name not in vault:
            raise HTTPException(404, "no such secret")
        return vault[name]

    return app
