"""The generated ``test_links.py``: links followed live, against the mock that remembers and
against a task service whose create loses what it made."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import SpecConfig
from generator.mock import running
from generator.mock.server import serving
from generator.pipeline import build
from tests.functional.suite.test_live_runs import _counts, _run, _tail
from tests.servers import boxes, tasks
from tests.support import ROOT, generate_into

TOKEN = "links-token"


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("links")
    spec = out / "tasks.openapi.json"
    spec.write_text(json.dumps(tasks.make(None).openapi()), encoding="utf-8")
    generate_into(spec, out, "tasks_api")
    yield out, spec


def test_the_suite_has_a_test_per_link(suite: tuple[Path, Path]) -> None:
    out, _ = suite
    text = (out / "tasks_api_tests" / "test_links.py").read_text(encoding="utf-8")
    assert '"create_tasks_post->read_tasks__task_id__get"' in text
    assert (out / "tasks_api_tests" / "_links.py").is_file()


def test_links_pass_against_the_mock_that_remembers(suite: tuple[Path, Path]) -> None:
    out, spec = suite
    api = build(SpecConfig(spec=spec, output=out), ROOT)[1]
    with running(api, seed=1, token=TOKEN) as url:
        done = _run(
            out, "tasks_api_tests", "-k", "links", APIFORGE_BASE_URL=url, APIFORGE_TOKEN=TOKEN
        )
    assert done.returncode == 0, _tail(done)
    assert _counts(done).get("passed", 0) >= 3, _tail(done)


def test_a_create_that_loses_what_it_made_fails(suite: tuple[Path, Path]) -> None:
    out, _ = suite
    with serving(tasks.make("lost-create")) as url:
        done = _run(out, "tasks_api_tests", "-k", "links", APIFORGE_BASE_URL=url)
    assert done.returncode == 1, _tail(done)
    assert "as if nothing had been created" in done.stdout, _tail(done)
    with serving(tasks.make(None)) as url:
        fixed = _run(out, "tasks_api_tests", "-k", "links", APIFORGE_BASE_URL=url)
    assert fixed.returncode == 0, _tail(fixed)


def test_the_sequences_catch_a_delete_that_keeps_the_resource(suite: tuple[Path, Path]) -> None:
    out, _ = suite
    with serving(tasks.make("ghost-delete")) as url:
        done = _run(
            out,
            "tasks_api_tests",
            "-k",
            "sequences",
            APIFORGE_BASE_URL=url,
            APIFORGE_SHRINK_SECONDS="30",  # the shortest sequence is what is asserted
        )
    assert done.returncode == 1, _tail(done)
    assert _counts(done) == {"failed": 1}, _tail(done)
    assert "after a DELETE of it answered 2xx: the resource is still there" in done.stdout
    # the failing sequence, call by call: the create, its delete, the read that found it
    calls = re.findall(r"^(POST|DELETE|GET) /tasks\S* answered (\d+)$", done.stdout, re.M)
    assert calls[-3:] == [("POST", "201"), ("DELETE", "204"), ("GET", "200")], _tail(done)
    with serving(tasks.make(None)) as url:
        fixed = _run(out, "tasks_api_tests", "-k", "sequences", APIFORGE_BASE_URL=url)
    assert fixed.returncode == 0 and _counts(fixed) == {"passed": 1}, _tail(fixed)


def test_without_a_server_the_link_tests_are_skipped(suite: tuple[Path, Path]) -> None:
    out, _ = suite
    done = _run(out, "tasks_api_tests", "-k", "links")
    assert done.returncode == 0 and "APIFORGE_BASE_URL" in done.stdout, _tail(done)


INT = {"type": "integer"}
LOCATED = {
    "openapi": "3.1.0",
    "info": {"title": "Located", "version": "1"},
    "paths": {
        "/boxes": {
            "post": {
                "operationId": "createBox",
                "responses": {
                    "201": {
                        "description": "made",
                        "headers": {"Location": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
        "/boxes/{box_id}": {
            "get": {
                "operationId": "getBox",
                "parameters": [
                    {
                        "name": "box_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {"200": {"description": "ok"}, "404": {"description": "none"}},
            }
        },
    },
}


def test_an_integer_id_from_a_location_header_is_sent_as_an_integer(tmp_path: Path) -> None:
    """The id in ``Location: /boxes/7`` is text; the client takes the integer it reads as."""
    from starlette.applications import Starlette

    app = Starlette(routes=_boxes(keeps=True))
    spec = tmp_path / "located.json"
    spec.write_text(json.dumps(LOCATED), encoding="utf-8")
    generate_into(spec, tmp_path, "located_api")
    links = (tmp_path / "located_api_tests" / "test_links.py").read_text(encoding="utf-8")
    assert '"json": True' in links
    with serving(app) as url:
        done = _run(tmp_path, "located_api_tests", "-k", "links", APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    # the one link alone, and the sequences along it
    assert _counts(done).get("passed", 0) == 2, _tail(done)


def _conflicting_first(keeps: bool) -> Any:
    """A box service whose first create conflicts (409, documented), as a server that
    already holds the first drawn body would; later creates succeed, and the read finds
    them when ``keeps``."""
    from starlette.responses import JSONResponse, Response

    calls: list[int] = []
    made: set[int] = set()

    async def create(request: object) -> Response:
        calls.append(1)
        if len(calls) == 1:
            return Response(status_code=409)
        made.add(len(calls))
        return Response(status_code=201, headers={"Location": f"/boxes/{len(calls)}"})

    async def read(request: Any) -> Response:
        box = int(request.path_params["box_id"])
        return JSONResponse({}) if keeps and box in made else Response(status_code=404)

    return _service(create, read)


def _service(create: Any, read: Any) -> Any:
    """A box service of these two endpoints: ``POST /boxes``, ``GET /boxes/{box_id}``."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    return Starlette(
        routes=[
            Route("/boxes", create, methods=["POST"]),
            Route("/boxes/{box_id}", read, methods=["GET"]),
        ]
    )


@pytest.mark.parametrize("keeps", [False, True], ids=["loses-what-it-made", "correct"])
def test_a_first_create_that_conflicts_does_not_end_the_link_test(
    tmp_path: Path, keeps: bool
) -> None:
    """One pair whose source answers another documented status (409) is one pair: the next
    draws follow the link, so a read that loses the create is still caught."""
    spec = json.loads(json.dumps(LOCATED))
    spec["paths"]["/boxes"]["post"]["responses"]["409"] = {"description": "exists"}
    path = tmp_path / "conflicting.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    generate_into(path, tmp_path, "conflicting_api")
    with serving(_conflicting_first(keeps)) as url:
        done = _run(tmp_path, "conflicting_api_tests", "-k", "followed_live", APIFORGE_BASE_URL=url)
    if keeps:
        assert done.returncode == 0 and _counts(done) == {"passed": 1}, _tail(done)
    else:
        assert done.returncode == 1, _tail(done)
        assert "as if nothing had been created" in done.stdout, _tail(done)


def _boxes(*, keeps: bool) -> list[Any]:
    """The routes of a box service: a create answering ``Location: /boxes/N``, and a read that
    finds each box made when ``keeps``."""
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    made: set[int] = set()

    async def create(request: object) -> Response:
        made.add(len(made) + 1)
        return Response(status_code=201, headers={"Location": f"/boxes/{len(made)}"})

    async def read(request: Any) -> Response:
        box = int(request.path_params["box_id"])
        return JSONResponse({}) if keeps and box in made else Response(status_code=404)

    return [
        Route("/boxes", create, methods=["POST"]),
        Route("/boxes/{box_id}", read, methods=["GET"]),
    ]


def _boxes_with_labels(keeps: bool) -> Any:
    """:func:`_boxes` with a label below each box, made by a call of its own (none here): a
    new box's label is rightly 404."""
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def label(request: object) -> Response:
        return Response(status_code=404)  # no box has a label until one is put there

    return Starlette(
        routes=[*_boxes(keeps=keeps), Route("/boxes/{box_id}/label", label, methods=["GET"])]
    )


@pytest.mark.parametrize("keeps", [False, True], ids=["loses-what-it-made", "correct"])
def test_a_read_below_what_a_create_made_may_find_nothing(tmp_path: Path, keeps: bool) -> None:
    """The create-then-read check holds for the created item itself, not for what is below
    it (a box's label is made by a call of its own): a 404 there is no finding."""
    spec = json.loads(json.dumps(LOCATED))
    spec["paths"]["/boxes/{box_id}/label"] = {
        "get": {
            "operationId": "getLabel",
            "parameters": spec["paths"]["/boxes/{box_id}"]["get"]["parameters"],
            "responses": {"200": {"description": "ok"}, "404": {"description": "none yet"}},
        }
    }
    path = tmp_path / "labelled.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    generate_into(path, tmp_path, "labelled_api")
    links = (tmp_path / "labelled_api_tests" / "test_links.py").read_text(encoding="utf-8")
    assert "createBox->getLabel" in links  # the label is still a link's target, followed
    with serving(_boxes_with_labels(keeps)) as url:
        done = _run(tmp_path, "labelled_api_tests", "-k", "links", APIFORGE_BASE_URL=url)
    if keeps:
        assert done.returncode == 0, _tail(done)
        assert _counts(done).get("passed", 0) == 3, _tail(done)  # two links, their sequences
    else:
        assert done.returncode == 1, _tail(done)
        assert "GET /boxes/{box_id} after POST /boxes" in done.stdout, _tail(done)
        assert "/label after POST /boxes answered 201: the read" not in done.stdout


def test_the_sequences_draw_the_same_whatever_a_server_answered_before(tmp_path: Path) -> None:
    """What a sequence draws does not depend on earlier answers: a server whose state moves
    on between sequences is no Hypothesis error (FlakyStrategyDefinition), it passes."""
    path = tmp_path / "boxes.json"
    path.write_text(json.dumps(boxes.spec()), encoding="utf-8")
    generate_into(path, tmp_path, "moving_api")
    with serving(boxes.make()) as url:
        done = _run(
            tmp_path,
            "moving_api_tests",
            "-k",
            "sequences",
            APIFORGE_BASE_URL=url,
            APIFORGE_LIVE_EXAMPLES="60",
        )
    assert done.returncode == 0 and _counts(done) == {"passed": 1}, _tail(done)


def _named() -> dict[str, Any]:
    """:data:`LOCATED` with a create answering its id in a JSON body, and a read by any text."""
    spec = json.loads(json.dumps(LOCATED))
    body = {
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "required": ["id"],
    }
    spec["paths"]["/boxes"]["post"]["responses"]["201"] = {
        "description": "made",
        "content": {"application/json": {"schema": body}},
    }
    spec["paths"]["/boxes/{box_id}"]["get"]["parameters"][0]["schema"] = {"type": "string"}
    return spec


def _unsendable_ids(keeps: bool) -> Any:
    """A box service whose creates answer ids that no path can carry, ``""`` (valid: the spec
    asks for any string), every other time; the read finds the others when ``keeps``."""
    from starlette.responses import JSONResponse, Response

    made: list[str] = []

    async def create(request: object) -> Response:
        made.append("" if len(made) % 2 == 0 else f"box{len(made)}")
        return JSONResponse({"id": made[-1]}, status_code=201)

    async def read(request: Any) -> Response:
        found = keeps and request.path_params["box_id"] in made
        return JSONResponse({}) if found else Response(status_code=404)

    return _service(create, read)


@pytest.mark.parametrize("keeps", [False, True], ids=["loses-what-it-made", "correct"])
def test_an_answer_whose_value_no_request_can_carry_is_not_followed(
    tmp_path: Path, keeps: bool
) -> None:
    """An id of ``""`` is valid where the spec asks for any string, yet no path can carry it:
    the client refuses that read before sending it. That pair is not followed (not a failure
    of the server's), and the others still catch a create that loses what it made."""
    path = tmp_path / "named.json"
    path.write_text(json.dumps(_named()), encoding="utf-8")
    generate_into(path, tmp_path, "named_api")
    links = (tmp_path / "named_api_tests" / "test_links.py").read_text(encoding="utf-8")
    assert "createBox->getBox" in links
    with serving(_unsendable_ids(keeps)) as url:
        done = _run(tmp_path, "named_api_tests", "-k", "links", APIFORGE_BASE_URL=url)
    if keeps:
        assert done.returncode == 0 and _counts(done) == {"passed": 2}, _tail(done)
    else:
        assert done.returncode == 1, _tail(done)
        assert "as if nothing had been created" in done.stdout, _tail(done)
    assert "no answer from" not in done.stdout, _tail(done)


def _kept_service() -> Any:
    """A correct box service: each create (``POST`` or ``PUT`` of ``/boxes``) makes a new box
    (ids never reused), a read finds it until a delete removes it."""
    from starlette.responses import JSONResponse, Response

    made: list[str] = []
    gone: set[str] = set()

    async def create(request: object) -> Response:
        made.append(f"box{len(made)}")
        return JSONResponse({"id": made[-1]}, status_code=201)

    async def read(request: Any) -> Response:
        box = request.path_params["box_id"]
        return JSONResponse({}) if box in made and box not in gone else Response(status_code=404)

    async def remove(request: Any) -> Response:
        box = request.path_params["box_id"]
        if box not in made or box in gone:
            return Response(status_code=404)
        gone.add(box)
        return Response(status_code=204)

    app = _service(create, read)
    app.add_route("/boxes", create, methods=["PUT"])
    app.add_route("/boxes/{box_id}", remove, methods=["DELETE"])
    return app


def test_a_create_after_a_delete_does_not_bring_back_what_was_deleted(tmp_path: Path) -> None:
    """A sequence creates a box, deletes it, creates another, then reads the first: its 404 is
    right. The second create (a write above the first box) may have made it again or not, so
    the read is not asserted to find it."""
    spec = _named()
    post = spec["paths"]["/boxes"]["post"]
    # a second way to create, a second start: its link the spec's own
    made = {"description": "made", "content": post["responses"]["201"]["content"]}
    made["links"] = {
        "read": {"operationId": "getBox", "parameters": {"box_id": "$response.body#/id"}}
    }
    spec["paths"]["/boxes"]["put"] = {"operationId": "putBox", "responses": {"201": made}}
    get = spec["paths"]["/boxes/{box_id}"]["get"]
    spec["paths"]["/boxes/{box_id}"]["delete"] = {
        "operationId": "deleteBox",
        "parameters": get["parameters"],
        "responses": {"204": {"description": "gone"}, "404": {"description": "none"}},
    }
    path = tmp_path / "kept.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    generate_into(path, tmp_path, "kept_api")
    with serving(_kept_service()) as url:
        done = _run(
            tmp_path,
            "kept_api_tests",
            "-k",
            "sequences",
            APIFORGE_BASE_URL=url,
            APIFORGE_LIVE_EXAMPLES="100",
        )
    assert done.returncode == 0 and _counts(done) == {"passed": 1}, _tail(done)
