"""Greetings steered by header and cookie parameters: enums, patterns, bounds, optional ones.

Bug: ``undocumented-status``: a German greeting is answered 202, which the spec never lists.
"""

from typing import Annotated, Any, Literal

from fastapi import Cookie, FastAPI, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tests.servers.common import STRICT, UNREADABLE, WHOLE, answer_405

BUGS = ("undocumented-status",)
WORDS = {"en": "Hello", "fr": "Bonjour", "de": "Hallo"}


class Greeting(BaseModel):
    greeting: str
    lang: Literal["en", "fr", "de"]
    request_id: str | None
    theme: Literal["light", "dark"]


class Preferences(BaseModel):
    model_config = STRICT
    theme: Literal["light", "dark"]
    font_size: Annotated[int, Field(ge=8, le=32), WHOLE]


def make(bug: str | None = None) -> FastAPI:
    """The greeting service, with ``bug`` planted."""
    app = FastAPI(title="Greetings", version="0.3.0")
    answer_405(app)

    @app.get("/greeting", response_model=Greeting)
    def greet(
        x_lang: Annotated[Literal["en", "fr", "de"], Header()],
        x_request_id: Annotated[str | None, Header(pattern=r"^[a-f0-9]{8}$")] = None,
        x_max_length: Annotated[int | None, Header(ge=5, le=80)] = None,
        theme: Annotated[Literal["light", "dark"], Cookie()] = "light",
    ) -> Any:
        text = f"{WORDS[x_lang]}, visitor"[: x_max_length or None]
        answer = Greeting(greeting=text, lang=x_lang, request_id=x_request_id, theme=theme)
        if bug == "undocumented-status" and x_lang == "de":
            return JSONResponse(answer.model_dump(), status_code=202)
        return answer

    @app.put("/preferences", response_model=Preferences, responses=UNREADABLE)
    def save(
        preferences: Preferences,
        x_csrf_token: Annotated[str, Header(min_length=16, max_length=64)],
    ) -> Any:
        return preferences

    return app
