"""Logins a conformance run cannot pass with drawn values, for conformance.opaque's credentials.

``make()`` is correct: ``POST /token`` is an OAuth2 password flow's token URL and answers a
wrong username or password 400 ``invalid_grant`` (RFC 6749 5.2); ``POST /unlock`` takes a
JSON body whose ``passphrase`` is of ``format: password`` and refuses a wrong one with 400;
``POST /notes`` takes any valid note. The planted ``notes`` bug refuses every note with 400:
a refusal no credential explains. The spec is the correct service's own document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Form, HTTPException
from pydantic import BaseModel, Field, SecretStr

BUGS = ("notes",)


class Unlock(BaseModel):
    box: Annotated[str, Field(max_length=20)]
    passphrase: SecretStr


class Note(BaseModel):
    text: Annotated[str, Field(max_length=50)]


class Failure(BaseModel):
    detail: str


def make(bug: str | None = None) -> FastAPI:
    """The service, with ``bug`` planted."""
    app = FastAPI(title="credentials", version="1")
    refused = {400: {"model": Failure, "description": "wrong credentials"}}

    @app.post("/token", operation_id="login", responses=refused)
    def login(username: Annotated[str, Form()], password: Annotated[str, Form()]) -> dict[str, str]:
        if (username, password) != ("alice", "wonderland"):
            raise HTTPException(400, "invalid_grant")
        return {"access_token": "tok", "token_type": "bearer"}

    @app.post("/unlock", operation_id="unlock", responses=refused)
    def unlock(body: Unlock) -> dict[str, str]:
        if body.passphrase.get_secret_value() != "open sesame":
            raise HTTPException(400, "wrong passphrase")
        return {"box": body.box}

    @app.post("/notes", operation_id="addNote", responses=refused)
    def add_note(note: Note) -> Note:
        if bug == "notes":
            raise HTTPException(400, "notes are closed")
        return note

    return app


def spec_of(folder: Path) -> Path:
    """The correct service's own OpenAPI document, written into ``folder``, with the
    password flow its token URL belongs to."""
    doc = make().openapi()
    doc.setdefault("components", {})["securitySchemes"] = {
        "oauth": {"type": "oauth2", "flows": {"password": {"tokenUrl": "token", "scopes": {}}}}
    }
    spec = folder / "credentials.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    return spec
