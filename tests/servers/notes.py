"""Notes kept in an in-memory SQLite database: create, list, read, update, delete.

Unknown ids are 404 everywhere. Bug: ``patch-500``: updating a note's tags breaks on a
misspelt column, so it fails only on an id that a ``POST`` created first.
"""

import json
import sqlite3
import threading
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Query, Response
from pydantic import BaseModel, Field

from tests.servers.common import STRICT, UNREADABLE, WHOLE, Detail, answer_405

BUGS = ("patch-500",)

Title = Annotated[str, Field(min_length=1, max_length=100)]
Tags = Annotated[list[Annotated[str, Field(pattern=r"^[a-z]{1,12}$")]], Field(max_length=5)]
Priority = Annotated[int, Field(ge=1, le=5), WHOLE]
NoteId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # SQLite's largest integer


class NoteIn(BaseModel):
    model_config = STRICT
    title: Title
    body: Annotated[str, Field(max_length=1000)] = ""
    tags: Tags = []
    priority: Priority = 3


class NotePatch(BaseModel):
    model_config = STRICT
    title: Title | None = None
    body: Annotated[str | None, Field(max_length=1000)] = None
    tags: Tags | None = None
    priority: Priority | None = None


class Note(BaseModel):
    id: int
    title: str
    body: str
    tags: list[str]
    priority: int


_COLUMNS = ("title", "body", "tags", "priority")


def make(bug: str | None = None) -> FastAPI:
    """The notes service on a fresh database, with ``bug`` planted."""
    app = FastAPI(title="Notes", version="1.0.0")
    answer_405(app)
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,"
        " body TEXT NOT NULL, tags TEXT NOT NULL, priority INTEGER NOT NULL)"
    )
    lock = threading.Lock()
    missing = {404: {"model": Detail, "description": "No such note"}}
    columns = {c: c for c in _COLUMNS}
    if bug == "patch-500":
        columns["tags"] = "tag"

    def row(values: tuple[Any, ...]) -> Note:
        id_, title, body, tags, priority = values
        return Note(id=id_, title=title, body=body, tags=json.loads(tags), priority=priority)

    def fetch(note_id: int) -> Note:
        found = db.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        if found is None:
            raise HTTPException(404, "no such note")
        return row(found)

    @app.post("/notes", status_code=201, response_model=Note, responses=UNREADABLE)
    def create(note: NoteIn) -> Any:
        with lock:
            cursor = db.execute(
                "INSERT INTO notes (title, body, tags, priority) VALUES (?, ?, ?, ?)",
                (note.title, note.body, json.dumps(note.tags), note.priority),
            )
            return fetch(int(cursor.lastrowid or 0))

    @app.get("/notes", response_model=list[Note])
    def list_notes(
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> Any:
        with lock:
            rows = db.execute(
                "SELECT * FROM notes ORDER BY id LIMIT ? OFFSET ?", (limit, offset)
            ).fetchall()
        return [row(r) for r in rows]

    @app.get("/notes/{note_id}", response_model=Note, responses=missing)
    def read(note_id: NoteId) -> Any:
        with lock:
            return fetch(note_id)

    @app.patch("/notes/{note_id}", response_model=Note, responses={**missing, **UNREADABLE})
    def update(note_id: NoteId, patch: NotePatch) -> Any:
        with lock:
            fetch(note_id)
            changes = patch.model_dump(exclude_none=True)
            if "tags" in changes:
                changes["tags"] = json.dumps(changes["tags"])
            for name, value in changes.items():  # column names from a fixed table, never input
                db.execute(f"UPDATE notes SET {columns[name]} = ? WHERE id = ?", (value, note_id))
            return fetch(note_id)

    @app.delete("/notes/{note_id}", status_code=204, responses=missing)
    def delete(note_id: NoteId) -> Response:
        with lock:
            fetch(note_id)
            db.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        return Response(status_code=204)

    return app
