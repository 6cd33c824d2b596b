"""A shelf of books, read only: list them, read one; an unknown id is an undocumented 404.

Bug: ``untitled``: the list gives each book a ``null`` title, which the spec's ``string``
refuses; reading one book stays correct.
"""

from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel

BUGS = ("untitled",)


class Book(BaseModel):
    id: int
    title: str
    year: int


BOOKS = (
    Book(id=1, title="Middlemarch", year=1871),
    Book(id=2, title="Kokoro", year=1914),
)


def make(bug: str | None = None) -> FastAPI:
    """The shelf, with ``bug`` planted."""
    app = FastAPI(title="Shelf", version="1.0.0")

    @app.get("/books", response_model=list[Book])
    def list_books() -> Any:
        books = [b.model_dump() for b in BOOKS]
        if bug == "untitled":
            books = [{**b, "title": None} for b in books]
        return JSONResponse(books)

    @app.get("/books/{book_id}", response_model=Book)
    def read(book_id: Annotated[int, Path(ge=0)]) -> Any:
        for book in BOOKS:
            if book.id == book_id:
                return book
        raise HTTPException(404, "no such book")

    return app
