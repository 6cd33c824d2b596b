"""Tasks kept in memory under UUIDs: create, read, update, delete.

An id no ``POST`` returned is 404 everywhere, and a random UUID never names a task, so
every bug here is reachable only through an id a ``POST`` returned. Each answer also
carries what a server sets itself (``created_at``, a ``revision`` counted up by each
update): values reading back may change without any bug. Bugs:

* ``done-500``: updating whether a task is done breaks on a missing completion record (500);
* ``lost-create``: the 201 gives an id that was never stored (a read of it is 404);
* ``stale-update``: an update answers the task changed but stores nothing of it;
* ``ghost-delete``: a delete answers 204 but the task stays readable.
"""

import threading
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

from tests.servers.common import STRICT, UNREADABLE, WHOLE, Detail, answer_405

BUGS = ("done-500", "lost-create", "stale-update", "ghost-delete")

Title = Annotated[str, Field(min_length=1, max_length=50)]
Priority = Annotated[int, Field(ge=1, le=5), WHOLE]


class TaskIn(BaseModel):
    model_config = STRICT
    title: Title
    done: bool = False
    priority: Priority = 3


class TaskPatch(BaseModel):
    model_config = STRICT
    title: Title | None = None
    done: bool | None = None
    priority: Priority | None = None


class Task(BaseModel):
    id: UUID
    title: str
    done: bool
    priority: int
    created_at: datetime
    revision: int


def make(bug: str | None = None) -> FastAPI:
    """The task service with an empty store, with ``bug`` planted."""
    app = FastAPI(title="Tasks", version="1.0.0")
    answer_405(app)
    store: dict[UUID, Task] = {}
    completed: dict[UUID, datetime] = {}
    lock = threading.Lock()
    missing = {404: {"model": Detail, "description": "No such task"}}

    def fetch(task_id: UUID) -> Task:
        if task_id not in store:
            raise HTTPException(404, "no such task")
        return store[task_id]

    @app.post("/tasks", status_code=201, response_model=Task, responses=UNREADABLE)
    def create(task: TaskIn) -> Any:
        made = Task(id=uuid4(), created_at=datetime.now(UTC), revision=0, **task.model_dump())
        with lock:
            if bug != "lost-create":
                store[made.id] = made
        return made

    @app.get("/tasks/{task_id}", response_model=Task, responses=missing)
    def read(task_id: UUID) -> Any:
        with lock:
            return fetch(task_id)

    @app.patch("/tasks/{task_id}", response_model=Task, responses={**missing, **UNREADABLE})
    def update(task_id: UUID, patch: TaskPatch) -> Any:
        with lock:
            task = fetch(task_id)
            changes = patch.model_dump(exclude_none=True)
            if "done" in changes and bug == "done-500":
                completed[task_id].isoformat()  # never set: KeyError, a 500
            updated = task.model_copy(update={**changes, "revision": task.revision + 1})
            if bug != "stale-update":
                store[task_id] = updated
            return updated

    @app.delete("/tasks/{task_id}", status_code=204, responses=missing)
    def delete(task_id: UUID) -> Response:
        with lock:
            fetch(task_id)
            if bug != "ghost-delete":
                del store[task_id]
        return Response(status_code=204)

    return app
