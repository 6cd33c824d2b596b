"""One function per CLI command: arguments in, exit code out, lines to an :class:`Output`."""

from __future__ import annotations

import argparse
import time
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator import inputs
from generator.collector import loading
from generator.config import Config, SpecConfig, load_config, spec_config
from generator.errors import EXIT_FINDING, EXIT_OK, EXIT_USAGE, ApiforgeError, Problem, fail
from generator.load import size_limit
from generator.load.files import read_regular
from generator.openapi import METHODS, path_items
from generator.output import Output
from generator.write import AtomicFile, Staging, stale

if TYPE_CHECKING:
    from generator import pipeline
    from generator.conformance import Cassette


def _targets(args: argparse.Namespace, config: Config, specs: list[Path | str]) -> list[SpecConfig]:
    overrides = {
        "allow_remote_refs": getattr(args, "allow_remote_refs", None),
        "allow_external_refs": getattr(args, "allow_external_refs", None),
        "offline": getattr(args, "offline", None),
    }
    if specs:
        return [spec_config(config, s, **overrides) for s in specs]
    if not config.specs:
        raise fail(
            str(config.root),
            "no spec given and no [[tool.apiforge.specs]] in a pyproject.toml here or above",
            exit_code=EXIT_USAGE,
        )
    return [spec_config(config, _given(s), **overrides) for s in config.specs]


def spec_size(args: argparse.Namespace) -> AbstractContextManager[None]:
    """The spec size limit a command reads under: its ``--max-spec-bytes``, and the project's
    ``max_spec_bytes`` (read only when asked; ``diff`` reads no project configuration).
    Which one wins is the loader's rule (:func:`generator.load.max_spec_bytes`)."""
    configured = None if args.command == "diff" else lambda: load_config().max_spec_bytes
    return size_limit(flag=getattr(args, "max_spec_bytes", None), configured=configured)


def _given(target: SpecConfig) -> Path | str:
    """The spec as its user named it: a path, or a URL."""
    return target.url or target.spec


def _specs_arg(args: argparse.Namespace) -> list[Path | str]:
    many = getattr(args, "specs", None)
    if many is not None:
        return list(many)
    one = getattr(args, "spec", None)
    return [one] if one is not None else []


def _each(args: argparse.Namespace, out: Output, step: object) -> int:
    """Run ``step(spec_config, config)`` for every target; collect the worst exit code."""
    config = load_config()
    worst = EXIT_OK
    for target in _targets(args, config, _specs_arg(args)):
        out.begin(str(_given(target)))
        try:
            code = step(target, config)  # type: ignore[operator]
        except ApiforgeError as exc:
            for problem in exc.problems:
                out.problem(problem)
            code = exc.exit_code
        out.end(int(code))
        worst = max(worst, int(code))
    return worst


def run_validate(args: argparse.Namespace, out: Output) -> int:
    """``apiforge validate``."""
    with loading():
        from generator import pipeline
        from generator.validate.notes import notes

    def step(target: SpecConfig, config: Config) -> int:
        doc = pipeline.load_valid(target)
        for note in notes(doc):
            out.problem(note, "warning")
        data = doc.data
        out.info(
            f"{_given(target)}: valid OpenAPI {data.get('openapi')} "
            f"({sum(1 for _ in path_items(data.get('paths')))} paths, "
            f"{len((data.get('components') or {}).get('schemas') or {})} schemas)"
        )
        return EXIT_OK

    return _each(args, out, step)


def _summary(gen: pipeline.Generated) -> str:
    api, data = gen.api, gen.document.data
    in_spec = len((data.get("components") or {}).get("schemas") or {})
    ops_in_spec = sum(
        1
        for _, item in path_items(data.get("paths"))
        if isinstance(item, dict)
        for method in METHODS
        if isinstance(item.get(method), dict)
    )
    return (
        f"{api.spec_file}: {len(api.operations)}/{ops_in_spec} operations, "
        f"{in_spec} component schemas -> {len(api.models)} models, {len(api.enums)} enums, "
        f"{len(api.aliases)} aliases; {len(api.skipped)} skipped"
    )


def run_generate(args: argparse.Namespace, out: Output) -> int:
    """``apiforge generate``."""
    with loading():
        from generator import pipeline
        from generator.render import template_names

    if args.list_templates:
        for name in template_names():
            out.info(name)
        return EXIT_OK
    specs = _specs_arg(args)
    if (args.package or args.vendor) and len(specs) > 1:
        raise fail(
            "apiforge generate", "--package and --vendor take a single spec", exit_code=EXIT_USAGE
        )

    def step(target: SpecConfig, config: Config) -> int:
        output = args.vendor or args.output
        target = spec_config(
            config,
            _given(target),
            output=output if output is None else Path(output),
            package=args.package,
            templates=args.templates,
            base_url=args.base_url,
            strict=args.strict,
            models_engine=args.models_engine,
            project=args.project,
            allow_remote_refs=target.allow_remote_refs,
            allow_external_refs=target.allow_external_refs,
            offline=target.offline,
        )
        tests = args.vendor is None
        # the inputs of a recorded generation and its output intact: told again, not made
        # again (`--validate` asks for the checks a record does not vouch for)
        known = None if args.validate else inputs.up_to_date(target, config.root, tests=tests)
        if known is not None and known.told is not None and known.summary is not None:
            for problem in known.told_as(str(target.spec)):
                out.problem(problem, "warning")
            out.info(known.summary)
            out.info(f"{target.output / known.package}: up to date, nothing written")
            return EXIT_OK
        with Staging(target.output, force=args.force) as staging:
            gen = pipeline.generate(
                target,
                config.root,
                tests=tests,
                full=args.validate,
                locate_skipped=True,
                stage=staging.add,
            )
            removed = staging.commit(gen.api.package, gen.files)
        summary = _summary(gen)
        pipeline.remember(gen, summary)
        for problem in gen.skip_problems():
            out.problem(problem, "warning")
        out.info(summary)
        out.info(
            f"wrote {len(gen.files)} files to {target.output / gen.api.package}"
            + (f"; removed {len(removed)} stale" if removed else "")
        )
        return EXIT_OK

    return _each(args, out, step)


def run_check(args: argparse.Namespace, out: Output) -> int:
    """``apiforge check``: exit 1 with a diff per stale file."""

    def step(target: SpecConfig, config: Config) -> int:
        if args.output is not None or args.package is not None:
            output = Path(args.output) if args.output is not None else None
            target = spec_config(
                config, _given(target), output=output, package=args.package, offline=target.offline
            )
        known = inputs.up_to_date(target, config.root)
        if known is not None:  # the inputs of a recorded generation, its files intact
            out.info(f"{target.output / known.package}: up to date")
            return EXIT_OK
        with loading():  # only now: rendering's imports are most of a fast check
            from generator import pipeline

        package = target.package or pipeline.package_of(target)
        tests, project = inputs.generated_with(target.output, package, target)
        target = replace(target, project=project)

        gen = pipeline.generate(target, config.root, tests=tests)
        found = stale(target.output, gen.files, gen.api.package)
        if found:
            # which files first, then their diffs, then what to do
            for item in found:
                if item.rel:
                    mark = "  (edited by hand since apiforge wrote it)" if item.edited else ""
                    out.error(f"stale: {target.output / item.rel}{mark}")
            for item in found:
                out.error(item.report.rstrip("\n"))
            edited = sum(item.edited for item in found)
            advice = (
                f"{edited} edited by hand: `apiforge generate --force` replaces them, "
                "or move the edits out first"
                if edited
                else "run `apiforge generate`"
            )
            out.error(f"{target.output / gen.api.package}: {len(found)} stale files; {advice}")
            return EXIT_FINDING
        pipeline.remember(gen)
        out.info(f"{target.output / gen.api.package}: up to date")
        return EXIT_OK

    return _each(args, out, step)


def run_diff(args: argparse.Namespace, out: Output) -> int:
    """``apiforge diff OLD NEW``."""
    with loading():
        from generator import pipeline
        from generator.diff import (
            compare_surfaces,
            diff_documents,
            exit_code,
            operation_tags,
            render_report,
        )
        from generator.render.surface import surface

    specs = [spec_config(Config(root=Path.cwd()), given) for given in (args.old, args.new)]
    try:
        if args.sdk:  # the IR of each version, to name what the generated package exposes
            (old, old_api), (new, new_api) = (pipeline.build(s, Path.cwd()) for s in specs)
            sdk = compare_surfaces(surface(old_api), surface(new_api))
        else:
            old, new = (pipeline.load_valid(s, full=False) for s in specs)
            sdk = None
    except ApiforgeError as exc:
        # an invalid spec cannot be compared: unreadable input (2), never the 1 of a breaking change
        if exc.exit_code == EXIT_FINDING:
            raise ApiforgeError(exc.problems, EXIT_USAGE) from None
        raise
    changes = diff_documents(old.data, new.data)
    report = render_report(
        changes,
        str(args.old),
        str(args.new),
        fmt=args.format,
        tags=operation_tags(old.data, new.data),
        sdk=sdk,
    )
    out.info(report.rstrip("\n"))
    return exit_code(changes, args.fail_on, sdk or ())


def run_mock(args: argparse.Namespace, out: Output) -> int:
    """``apiforge mock``: serve until interrupted."""
    with loading():
        from generator import pipeline
        from generator.mock import DEFAULT_TOKEN, faults_option, serve

    config = load_config()
    target = _targets(args, config, _specs_arg(args))[0]
    _, api = pipeline.build(target, config.root)
    faults = faults_option(args.faults) if args.faults else ()
    if args.any_token and args.token:
        raise fail("--any-token", "give --token or --any-token, not both", exit_code=EXIT_USAGE)
    token = None if args.any_token else args.token or DEFAULT_TOKEN
    about = []
    if token is None:
        about.append("credentials: any non-empty one is accepted")
    elif not args.token:
        about.append(f"credentials: the token {token} (--token chooses another)")
    if token is not None and any(s.kind == "basic" for s in api.security_schemes):
        pair = "the token given" if args.token else f"{token} (any:{token})"
        about.append(f"credentials of HTTP basic: any user name, its password {pair}")
    if args.stateless:
        about.append("memory: none (--stateless): every answer is drawn afresh")
    else:
        about.append(
            f"memory: what its {len(api.links)} links create is read back, changed and "
            "deleted (--stateless: nothing is remembered)"
        )
    if args.cors:
        about.append("cors: browsers on any origin may call it and read its answers")
    given = (
        "request_faults",
        "max_delay",
        "request_timeout",
        "idle_timeout",
        "max_connections",
        "max_resources",
    )
    limits = {name: getattr(args, name) for name in given if getattr(args, name) is not None}
    serve(
        api,
        host=args.host,
        port=args.port,
        seed=args.seed,
        token=token,
        log=out.error,
        faults=faults,
        max_body=args.max_body,
        validate_requests=not args.no_validate,
        enforce_security=not args.no_auth,
        stateless=args.stateless,
        cors=args.cors,
        about=about,
        **limits,
    )
    return EXIT_OK


def run_conformance(args: argparse.Namespace, out: Output) -> int:
    """``apiforge conformance``: exit 0 when every check passed, 1 when one failed, 2 when
    ``--max-time`` cut it short before anything failed. Without a spec, every configured
    spec, one after the other, with a summary line at the end."""
    started = time.monotonic()  # --max-time counts building the spec too
    with loading():
        from generator import conformance, pipeline
        from generator.conformance import FIELDS

    if args.replay is not None:
        return _replay(args, out)
    conformance.check_options(
        max_examples=args.max_examples,
        timeout=args.timeout,
        max_time=args.max_time,
        max_body=args.max_body,
        base_url=args.base_url,
        workers=args.workers,
        rate_limit=args.rate_limit,
        proxy=args.proxy,
    )
    selection = conformance.Selection(
        include={
            name: tuple(getattr(args, f"include_{name.replace('-', '_')}")) for name in FIELDS
        },
        exclude={
            name: tuple(getattr(args, f"exclude_{name.replace('-', '_')}")) for name in FIELDS
        },
    )
    checks = conformance.checks_option(args.checks, args.exclude_checks)
    phases = conformance.phases_option(args.phases)
    reports: list[conformance.Report] = []
    specs = len(_targets(args, load_config(), _specs_arg(args)))
    if specs > 1 and args.record is not None:
        raise fail("--record", "records the run of one spec: name it", exit_code=EXIT_USAGE)
    file = _cassette_file(args)  # claimed before the run: a path it cannot write fails now
    junit = None if not args.junit_xml else AtomicFile(args.junit_xml, "the JUnit XML report")
    json_file = None if not args.json_report else AtomicFile(args.json_report, "the JSON report")

    def step(target: SpecConfig, config: Config) -> int:
        cassette = _cassette(args, target)
        _, api = pipeline.build(target, config.root)
        invalid = [] if args.show_links else _invalid(target)
        for problem in invalid:
            out.problem(problem, "warning")
        if args.show_links:
            out.info(f"{len(api.links)} links between the operations of {api.spec_file}")
            for line in conformance.describe_links(api.links):
                out.info(line)
            return EXIT_OK
        report = conformance.run_conformance(
            api,
            base_url=args.base_url,
            token=args.token,
            max_examples=args.max_examples,
            seed=args.seed,
            allow_status=set(args.allow_status),
            strict_types=args.strict_types,
            progress=conformance.ProgressBar(out.stderr) if out.stderr.isatty() else None,
            timeout=args.timeout,
            cases=args.cases,
            max_time=args.max_time,
            max_body=args.max_body,
            started=started,
            workers=args.workers,
            rate_limit=args.rate_limit,
            selection=selection,
            checks=checks,
            phases=phases,
            recorder=None if cassette is None else cassette.record,
            proxy=args.proxy,
        )
        if invalid:
            report.notes.append(
                f"the spec is not valid ({len(invalid)} problem{'s' * (len(invalid) > 1)}, told "
                "above): a verdict may "
                "stand on what it gets wrong; `apiforge validate` tells them"
            )
        if file is not None and cassette is not None:
            file.commit(cassette.to_har())
            out.error(f"apiforge conformance: {len(cassette)} exchanges recorded in {args.record}")
        reports.append(report)
        out.info(report.to_text().rstrip("\n"))
        if report.cut_short and not report.failures:
            out.error(
                f"apiforge conformance: cut short by --max-time after {report.seconds:.1f}s "
                f"with no failure among the cases run; {report.not_run} cases were not run"
            )
        return int(report.exit_code)

    worst = _each(args, out, step)
    if specs > 1:
        failed = sum(1 for r in reports if r.failures)
        incomplete = sum(1 for r in reports if r.cut_short and not r.failures)
        passed = len(reports) - failed - incomplete
        out.info(
            f"apiforge conformance: {specs} specs: {passed} passed, {failed} failed, "
            f"{incomplete} cut short, {specs - len(reports)} could not run; exit {worst}"
        )
    if (reports or specs > 1) and junit is not None:
        junit.commit(conformance.junit_xml(reports, specs > 1))
    if (reports or specs > 1) and json_file is not None:
        json_file.commit(conformance.reports_json(reports, specs > 1))
    return worst


def _invalid(target: SpecConfig) -> list[Problem]:
    """The problems the full validation finds in ``target``'s spec (remembered when there are
    none, as ``apiforge validate`` remembers them): a server is judged by the spec, so a run
    says where the spec itself is wrong."""
    from generator import pipeline

    try:
        pipeline.load_valid(target, full=True)
    except ApiforgeError as exc:
        if exc.exit_code != EXIT_FINDING:
            raise
        return exc.problems
    return []


def _cassette_file(args: argparse.Namespace) -> AtomicFile | None:
    """Where ``--record`` writes (None: nowhere)."""
    if args.record is None:
        if args.record_secrets:
            raise fail("--record-secrets", "applies to --record only", exit_code=EXIT_USAGE)
        return None
    return AtomicFile(args.record, "the cassette")


def _cassette(args: argparse.Namespace, target: SpecConfig) -> Cassette | None:
    from generator.conformance import Cassette

    if args.record is None:
        return None
    about = {
        "spec": str(_given(target)),
        "target": "server" if args.base_url else "mock",
        "base_url": args.base_url,
        "seed": args.seed,
        "max_examples": args.max_examples,
        "cases": args.cases,
        "allow_status": sorted(args.allow_status),
        "strict_types": args.strict_types,
    }
    return Cassette(about, secrets=args.record_secrets)


def _replay(args: argparse.Namespace, out: Output) -> int:
    """``apiforge conformance --replay FILE``: the cassette's failing exchanges sent again."""
    from generator import pipeline
    from generator.conformance import MAX_CASSETTE_BYTES, read_cassette, replay

    if args.record is not None:
        raise fail("--replay", "give --record or --replay, not both", exit_code=EXIT_USAGE)
    raw = read_regular(args.replay, MAX_CASSETTE_BYTES, what="cassette")
    recording = read_cassette(args.replay, raw)  # an invalid one fails before the spec is built
    config = load_config()
    target = _targets(args, config, _specs_arg(args))[0]
    _, api = pipeline.build(target, config.root)
    report = replay(
        api,
        recording,
        cassette=str(args.replay),
        base_url=args.base_url,
        token=args.token,
        allow_status=set(args.allow_status),
        strict_types=args.strict_types,
        timeout=args.timeout,
        max_body=args.max_body,
        proxy=args.proxy,
    )
    out.info(report.to_text())
    gone = report.count("not in the spec")
    if gone and report.exit_code == EXIT_USAGE:
        out.error(
            f"apiforge conformance: {gone} exchanges of {args.replay} name an operation the "
            "spec no longer has and could not be replayed"
        )
    return report.exit_code
