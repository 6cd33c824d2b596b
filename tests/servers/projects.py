"""Projects and their members kept in memory under UUIDs.

A project is created, read, updated and deleted; members are created under a project and
read there. Every id is a UUID a ``POST`` returned, so each bug is reachable only through a
sequence, and only with a value of an optional property that a body may well leave out:

* ``archive-500``: an update that sets the stage to ``archived`` (one value of an optional
  enum) breaks on a missing archive record (500);
* ``admin-500``: adding a member to a project breaks when the optional ``admin`` flag is
  true (500).
"""

import threading
from typing import Annotated, Any, Literal
from uuid import UUID, uuid4

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

from tests.servers.common import STRICT, UNREADABLE, Detail, answer_405

BUGS = ("archive-500", "admin-500")

Name = Annotated[str, Field(min_length=1, max_length=40)]


Stage = Literal["draft", "active", "paused", "archived"]


class ProjectIn(BaseModel):
    model_config = STRICT
    name: Name
    stage: Stage = "draft"


class ProjectPatch(BaseModel):
    model_config = STRICT
    name: Name | None = None
    stage: Stage | None = None


class Project(BaseModel):
    id: UUID
    name: str
    stage: Stage


class MemberIn(BaseModel):
    model_config = STRICT
    name: Name
    admin: bool = False


class Member(BaseModel):
    id: UUID
    name: str
    admin: bool


def make(bug: str | None = None) -> FastAPI:
    """The project service with an empty store, with ``bug`` planted."""
    app = FastAPI(title="Projects", version="1.0.0")
    answer_405(app)
    projects: dict[UUID, Project] = {}
    members: dict[UUID, dict[UUID, Member]] = {}
    archives: dict[UUID, str] = {}
    lock = threading.Lock()
    missing = {404: {"model": Detail, "description": "No such project or member"}}

    def fetch(project_id: UUID) -> Project:
        if project_id not in projects:
            raise HTTPException(404, "no such project")
        return projects[project_id]

    @app.post("/projects", status_code=201, response_model=Project, responses=UNREADABLE)
    def create(project: ProjectIn) -> Any:
        made = Project(id=uuid4(), **project.model_dump())
        with lock:
            projects[made.id] = made
            members[made.id] = {}
        return made

    @app.get("/projects/{project_id}", response_model=Project, responses=missing)
    def read(project_id: UUID) -> Any:
        with lock:
            return fetch(project_id)

    @app.patch(
        "/projects/{project_id}", response_model=Project, responses={**missing, **UNREADABLE}
    )
    def update(project_id: UUID, patch: ProjectPatch) -> Any:
        with lock:
            project = fetch(project_id)
            changes = patch.model_dump(exclude_none=True)
            if changes.get("stage") == "archived" and bug == "archive-500":
                archives[project_id].upper()  # never set: KeyError, a 500
            updated = project.model_copy(update=changes)
            projects[project_id] = updated
            return updated

    @app.delete("/projects/{project_id}", status_code=204, responses=missing)
    def delete(project_id: UUID) -> Response:
        with lock:
            fetch(project_id)
            del projects[project_id]
            del members[project_id]
        return Response(status_code=204)

    @app.post(
        "/projects/{project_id}/members",
        status_code=201,
        response_model=Member,
        responses={**missing, **UNREADABLE},
    )
    def add_member(project_id: UUID, member: MemberIn) -> Any:
        with lock:
            fetch(project_id)
            if member.admin and bug == "admin-500":
                raise RuntimeError("no admin role to grant")  # a 500
            made = Member(id=uuid4(), **member.model_dump())
            members[project_id][made.id] = made
            return made

    @app.get("/projects/{project_id}/members/{member_id}", response_model=Member, responses=missing)
    def read_member(project_id: UUID, member_id: UUID) -> Any:
        with lock:
            fetch(project_id)
            if member_id not in members[project_id]:
                raise HTTPException(404, "no such member")
            return members[project_id][member_id]

    return app
