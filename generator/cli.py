"""``apiforge``: flags to configuration, configuration to commands. Only this module prints.

Exit codes: 0 success; 1 a finding (invalid spec, stale output, breaking change, failed
check); 2 a usage error or unreadable input; 3 an internal error (a bug: please report it;
``APIFORGE_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator import __version__, commands
from generator.config import MODELS_ENGINES
from generator.errors import EXIT_USAGE, ApiforgeError

EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"apiforge: error: {message} (see `{self.prog} --help`)\n")


def _spec_args(p: argparse.ArgumentParser, many: bool = False) -> None:
    help_text = (
        "spec file(s); default: every spec in [tool.apiforge]"
        if many
        else "spec file; default: [tool.apiforge]"
    )
    p.add_argument(
        "specs" if many else "spec", nargs="*" if many else "?", type=Path, help=help_text
    )
    p.add_argument(
        "--allow-remote-refs", action="store_true", default=None, help="allow http(s) $refs"
    )
    p.add_argument(
        "--allow-external-refs",
        action="store_true",
        default=None,
        help="allow $refs to files outside the spec's folder",
    )


def _limit_args(p: argparse.ArgumentParser) -> None:
    """How long `conformance` waits and how much of an answer it reads."""
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="wall-clock deadline of one request in seconds, from connecting to the last byte "
        "(default 10; raise it for a slow server: a later answer is reported as none)",
    )
    p.add_argument(
        "--max-time",
        type=float,
        help="stop sending after this many seconds for the whole run and report what ran; "
        "a run cut short without a failure exits 2",
    )
    p.add_argument(
        "--max-body",
        type=int,
        help="most bytes of one answer's body read (default 32 MiB); a longer answer fails "
        "the answer_size check",
    )


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = _Parser(
        prog="apiforge",
        description="OpenAPI 3.x in; a typed, vendorable Python SDK and its tests out.",
    )
    top.add_argument("--version", action="version", version=f"apiforge {__version__}")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("validate", help="validate specs; report every problem as FILE:LINE:COL")
    _spec_args(p, many=True)

    p = sub.add_parser("generate", help="generate the package and its tests")
    _spec_args(p, many=True)
    p.add_argument(
        "-o", "--output", type=Path, help="folder that receives <package>/ and <package>_tests/"
    )
    p.add_argument("--package", help="Python package name (default: config, else info.title)")
    p.add_argument(
        "--vendor", type=Path, metavar="DIR", help="write only the package into DIR (no tests)"
    )
    p.add_argument(
        "--templates", type=Path, help="folder of templates that override the built-in ones by name"
    )
    p.add_argument("--base-url", help="default base URL of the client")
    p.add_argument("--force", action="store_true", help="overwrite generated files edited by hand")
    p.add_argument(
        "--strict", action="store_true", default=None, help="fail when anything cannot be generated"
    )
    p.add_argument(
        "--models-engine",
        choices=MODELS_ENGINES,
        help="what writes models.py: apiforge's own templates (default) or datamodel-code-generator"
        " (pip install 'apiforge[dcg]')",
    )
    p.add_argument(
        "--list-templates", action="store_true", help="print the template names and exit"
    )
    p.add_argument(
        "--validate",
        action="store_true",
        help="run the full validation of `apiforge validate` first",
    )

    p = sub.add_parser("check", help="fail when generated output is not what the spec generates")
    _spec_args(p, many=True)
    p.add_argument("-o", "--output", type=Path, help="folder holding <package>/ (default: config)")
    p.add_argument("--package", help="Python package name (default: config, else info.title)")

    p = sub.add_parser("diff", help="classify changes between two versions of a spec")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--fail-on", choices=("breaking", "warning", "none"), default="breaking")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    p = sub.add_parser("mock", help="serve a spec with a validating mock server")
    _spec_args(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    p.add_argument("--port", type=int, default=4010)
    p.add_argument("--seed", type=int, default=0, help="same seed and request -> same response")
    p.add_argument(
        "--token",
        help="the only credential accepted (default: apiforge-conformance-token, what "
        "`apiforge conformance` sends by default)",
    )
    p.add_argument(
        "--any-token", action="store_true", help="accept any non-empty credential instead"
    )
    p.add_argument("--faults", default="", help="faults for every request, e.g. '429;rate=0.1'")
    p.add_argument("--max-body", type=int, default=1_048_576, help="largest request body (bytes)")
    p.add_argument("--no-validate", action="store_true", help="do not validate requests")
    p.add_argument("--no-auth", action="store_true", help="do not enforce the spec's security")

    p = sub.add_parser(
        "conformance", help="run the conformance suite against a server (default: the mock)"
    )
    _spec_args(p)
    p.add_argument("--base-url", help="server to test (default: start the built-in mock server)")
    p.add_argument(
        "--token",
        help="credential to send (default: apiforge-conformance-token, what `apiforge mock` "
        "accepts by default; a server that refuses it gets only the missing-credential check)",
    )
    p.add_argument("--max-examples", type=int, default=25)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--allow-status",
        action="append",
        default=[],
        help="treat this undocumented status as documented",
    )
    _limit_args(p)
    p.add_argument(
        "--cases",
        choices=("generated", "builtin"),
        default="generated",
        help="where cases come from: the spec's generated test package (default), or the "
        "built-in generator, which draws them from the spec",
    )
    p.add_argument("--junit-xml", type=Path)
    p.add_argument("--json", type=Path, dest="json_report")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    args = parser().parse_args(argv)
    out = commands.Output(stdout=sys.stdout, stderr=sys.stderr)
    try:
        return int(getattr(commands, f"run_{args.command}")(args, out))
    except ApiforgeError as exc:
        for problem in exc.problems:
            out.error(str(problem))
        return exc.exit_code
    except KeyboardInterrupt:
        out.error("apiforge: interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("APIFORGE_DEBUG"):
            traceback.print_exc()
        detail = str(exc).splitlines()[0] if str(exc) else ""
        out.error(f"apiforge: internal error ({type(exc).__name__}: {detail}); please report it")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
