"""A valid request refused for its credentials (a password, anything sent to an OAuth2 token
URL) is a warning: no drawn value is a password the server holds. Any other refusal fails.

The service is ``tests/servers/credentials.py``'s.
"""

from __future__ import annotations

from pathlib import Path

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers import credentials

CHECK = "valid_request_accepted"


def _run(bug: str | None, folder: Path) -> Report:
    with serving(credentials.make(bug)) as url:
        return run_conformance(
            build(credentials.spec_of(folder)),
            base_url=url,
            token=None,
            max_examples=5,
            seed=0,
            allow_status=set(),
        )


def test_a_login_refusing_drawn_credentials_gets_a_warning(tmp_path: Path) -> None:
    report = _run(None, tmp_path)
    assert not report.failures, report.to_text()
    for operation, named in (("login", "body password="), ("unlock", "body passphrase=")):
        stat = report.stats[operation, CHECK]
        assert stat.warned and not stat.failed, report.to_text()
        assert "credentials only the server can know" in stat.warning
        assert named in stat.warning
    assert report.stats["addNote", CHECK].passed


def test_a_refusal_no_credential_explains_still_fails(tmp_path: Path) -> None:
    report = _run("notes", tmp_path)
    assert report.stats["addNote", CHECK].failed, report.to_text()
    assert not report.stats["login", CHECK].failed
