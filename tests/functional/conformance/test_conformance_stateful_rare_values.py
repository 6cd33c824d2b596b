"""The stateful phase finds a fault behind a rarer value of an optional property, whatever the
seed: on a project service (``tests/servers/projects.py``, UUID ids) each planted bug needs a
created id and one value of an optional property (an enum's, a boolean's) that a body drawn
the simplest way leaves out. Every seed finds each, shrunk to its two calls; the correct
service gives no finding under the same seeds.
"""

from __future__ import annotations

import json

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.conformance import Report, run_conformance
from generator.mock import serving
from tests.servers import projects
from tests.support import ROOT

MAX_EXAMPLES = 10
SEEDS = range(6)
CREATE = "create_projects_post"
UPDATE = "update_projects__project_id__patch"
ADD_MEMBER = "add_member_projects__project_id__members_post"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> ir.Api:
    from generator.pipeline import build

    folder = tmp_path_factory.mktemp("projects")
    spec = folder / "projects.openapi.json"
    spec.write_text(json.dumps(projects.make(None).openapi()), encoding="utf-8")
    return build(SpecConfig(spec=spec, output=folder), ROOT)[1]


def _run(api: ir.Api, bug: str | None, seed: int) -> Report:
    with serving(projects.make(bug)) as url:
        return run_conformance(
            api,
            base_url=url,
            token=None,
            max_examples=MAX_EXAMPLES,
            seed=seed,
            phases=frozenset({"stateful"}),
        )


def _failures(report: Report) -> str:
    return "\n\n".join(f.to_text() for f in report.failed()) or "(none)"


# bug, the operation it breaks, the property and value it needs
PLANTED = [
    ("archive-500", UPDATE, "stage", "archived"),
    ("admin-500", ADD_MEMBER, "admin", True),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("planted", PLANTED, ids=[p[0] for p in PLANTED])
def test_every_seed_finds_the_bug_with_the_shortest_sequence(
    api: ir.Api, planted: tuple[str, str, str, object], seed: int
) -> None:
    bug, operation, prop, value = planted
    report = _run(api, bug, seed)
    (failure,) = report.failed()
    assert (failure.operation, failure.check, failure.kind) == (
        operation,
        "no_server_error",
        "stateful",
    ), _failures(report)
    assert [step.operation for step in failure.steps] == [CREATE, operation], failure.to_text()
    assert failure.steps[-1].request["body"][prop] == value


@pytest.mark.parametrize("seed", SEEDS)
def test_the_correct_service_gives_no_finding(api: ir.Api, seed: int) -> None:
    report = _run(api, None, seed)
    assert not report.failures, _failures(report)
    # every link was followed: the reads of a created project and of a created member too
    assert report.links_followed == (0, len(api.links))
