"""``[tool.apiforge]`` in pyproject.toml, found by walking up from the working directory."""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Mapping
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from generator.errors import EXIT_USAGE, fail
from generator.records import record

_PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# a generated package shares sys.path with what it and its tests import: none of these may be
# shadowed (the runtime needs httpx and pydantic; the tests pytest, hypothesis, jsonschema and
# openapi-schema-validator; each with what it imports in turn)
DEPENDENCY_MODULES = frozenset(
    {
        "_pytest",
        "annotated_types",
        "anyio",
        "attr",
        "attrs",
        "certifi",
        "conftest",
        "exceptiongroup",
        "h11",
        "h2",
        "hpack",
        "httpcore",
        "httpx",
        "hyperframe",
        "hypothesis",
        "idna",
        "iniconfig",
        "jsonschema",
        "jsonschema_specifications",
        "openapi_schema_validator",
        "packaging",
        "pluggy",
        "py",
        "pydantic",
        "pydantic_core",
        "pygments",
        "pytest",
        "referencing",
        "rfc3339_validator",
        "rpds",
        "six",
        "sniffio",
        "sortedcontainers",
        "tomli",
        "typing_extensions",
        "typing_inspection",
    }
)
# names Windows keeps for devices, whatever the case or extension
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])", re.IGNORECASE)
TESTS_SUFFIX = "_tests"  # the generated tests' package is <package>_tests
MAX_PACKAGE = 64  # the longest package name, its tests' suffix included
# what writes <package>/models.py: apiforge's own templates, or datamodel-code-generator
MODELS_ENGINES = ("apiforge", "datamodel-codegen")


def package_problem(name: str) -> str | None:
    """Why ``name`` cannot name a package and ``<name>_tests`` its tests (None: it can)."""
    reason = _package_reason(name)
    if reason is None:
        return None
    shown = name if len(name) <= 60 else f"{name[:40]}...({len(name)} characters)"
    return f"package name {shown!r} {reason}"


def _package_reason(name: str) -> str | None:
    if not _PACKAGE.fullmatch(name):
        return "is not a Python identifier (ASCII letters, digits and _, not first a digit)"
    if len(name) + len(TESTS_SUFFIX) > MAX_PACKAGE:
        return f"is longer than {MAX_PACKAGE - len(TESTS_SUFFIX)} characters"
    for candidate in (name, name + TESTS_SUFFIX):
        who = "" if candidate == name else f"gives the tests package {candidate!r}, which "
        if keyword.iskeyword(candidate):
            return f"{who}is a Python keyword"
        if candidate.startswith("__") and candidate.endswith("__"):
            return f"{who}is a name Python reserves"
        if candidate in sys.stdlib_module_names:
            return f"{who}would shadow the standard library's {candidate!r}"
        if candidate in DEPENDENCY_MODULES:
            return f"{who}would shadow {candidate!r}, which the generated code or its tests import"
        if _WINDOWS_RESERVED.fullmatch(candidate):
            return f"{who}is a device name on Windows"
    return None


def check_package(name: str, where: str) -> str:
    """``name`` if it can name a generated package; else a usage error located at ``where``."""
    problem = package_problem(name)
    if problem is None:
        return name
    raise fail(where, problem, exit_code=EXIT_USAGE)


@record
class SpecConfig:
    """How to build one spec."""

    spec: Path
    output: Path  # the folder that receives <package>/ and its tests
    package: str | None = None  # None: derived from info.title
    base_url: str | None = None
    api_key_env: str | None = None
    base_url_env: str | None = None
    templates: Path | None = None  # a folder whose templates override the built-in ones
    # operationId -> "group.sub.method" (e.g. "async_.chat.completions.create")
    operation_names: Mapping[str, str] = field(default_factory=dict)
    # component schema key -> class name
    schema_names: Mapping[str, str] = field(default_factory=dict)
    allow_remote_refs: bool = False
    allow_external_refs: bool = False
    strict: bool = False
    models_engine: str = "apiforge"
    project: bool = False  # a pyproject.toml beside the package, so the output builds a wheel
    url: str | None = None  # a spec named by a URL: fetched (``spec`` is then only its name)
    offline: bool = False  # a URL spec: read the copy fetched before, without asking the server

    def as_dict(self, root: Path) -> dict[str, Any]:
        """A JSON-ready view for the manifest (paths relative to ``root`` where possible)."""

        def rel(p: Path | None) -> str | None:
            if p is None:
                return None
            try:
                return p.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                return p.as_posix()

        return {
            "spec": self.url or rel(self.spec),
            "package": self.package,
            "base_url": self.base_url,
            "api_key_env": self.api_key_env,
            "base_url_env": self.base_url_env,
            "templates": rel(self.templates),
            "operation_names": dict(sorted(self.operation_names.items())),
            "schema_names": dict(sorted(self.schema_names.items())),
            "allow_remote_refs": self.allow_remote_refs,
            "allow_external_refs": self.allow_external_refs,
            "strict": self.strict,
            # recorded only when not the default, so existing manifests stay as they are
            **({"models_engine": self.models_engine} if self.models_engine != "apiforge" else {}),
            **({"project": True} if self.project else {}),
        }


@record
class Config:
    """The project: where pyproject.toml is and the specs it lists."""

    root: Path
    specs: tuple[SpecConfig, ...] = ()
    pyproject: Path | None = None
    max_spec_bytes: int | None = None  # the largest spec file read, in bytes (None: the default)

    def for_spec(self, spec: Path | str) -> SpecConfig | None:
        """The configured entry for ``spec`` (a path or a URL), if the config lists it."""
        if isinstance(spec, str):
            return next((entry for entry in self.specs if entry.url == spec), None)
        target = spec.resolve()
        for entry in self.specs:
            if entry.url is None and entry.spec.resolve() == target:
                return entry
        return None


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address: a spec given by URL."""
    return text[:8].lower().startswith(("http://", "https://"))


def spec_source(text: str | Path) -> Path | str:
    """A spec argument as given: a URL stays a string, anything else is a path."""
    return text if isinstance(text, str) and is_url(text) else Path(text)


def url_spec(url: str, output: Path) -> SpecConfig:
    """The settings of a spec named by ``url``; ``spec`` is the last segment of its path."""
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "spec"
    return SpecConfig(spec=Path(name), output=output, url=url)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.apiforge]`` table, walking up."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            import tomllib  # only where there is a file to read

            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "apiforge" in data.get("tool", {}):
                return candidate
    return None


def _str(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise fail(where, f"`{key}` must be a string", exit_code=EXIT_USAGE)
    return value


def _names(table: Mapping[str, Any], key: str, where: str) -> dict[str, str]:
    value = table.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise fail(where, f"`{key}` must be a table of strings", exit_code=EXIT_USAGE)
    return dict(value)


def _spec_entry(table: Mapping[str, Any], root: Path, output: Path, where: str) -> SpecConfig:
    spec = _str(table, "spec", where)
    if not spec:
        raise fail(
            where, 'each [[tool.apiforge.specs]] needs `spec = "path"`', exit_code=EXIT_USAGE
        )
    package = _str(table, "package", where)
    if package is not None:
        check_package(package, where)
    templates = _str(table, "templates", where)
    out = _str(table, "output", where)
    engine = _str(table, "models_engine", where) or "apiforge"
    if engine not in MODELS_ENGINES:
        raise fail(
            where,
            f"`models_engine = {engine!r}` is not one of {', '.join(MODELS_ENGINES)}",
            exit_code=EXIT_USAGE,
        )
    where_to = root / out if out else output
    base = (
        url_spec(spec, where_to) if is_url(spec) else SpecConfig(spec=root / spec, output=where_to)
    )
    return replace(
        base,
        package=package,
        base_url=_str(table, "base_url", where),
        api_key_env=_str(table, "api_key_env", where),
        base_url_env=_str(table, "base_url_env", where),
        templates=root / templates if templates else None,
        operation_names=_names(table, "operation_names", where),
        schema_names=_names(table, "schema_names", where),
        allow_remote_refs=bool(table.get("allow_remote_refs", False)),
        allow_external_refs=bool(table.get("allow_external_refs", False)),
        strict=bool(table.get("strict", False)),
        models_engine=engine,
        project=bool(table.get("project", False)),
    )


def load_config(start: Path | None = None) -> Config:
    """The configuration in force in ``start`` (the working directory by default)."""
    start = start or Path.cwd()
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Config(root=start.resolve())
    root = pyproject.parent
    where = str(pyproject)
    import tomllib

    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["apiforge"]
    output = root / (_str(table, "output", where) or "generated")
    specs = table.get("specs", [])
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise fail(
            where, "`[[tool.apiforge.specs]]` must be an array of tables", exit_code=EXIT_USAGE
        )
    entries = tuple(_spec_entry(s, root, output, where) for s in specs)
    limit = table.get("max_spec_bytes")
    if limit is not None and (type(limit) is not int or limit <= 0):
        message = f"`max_spec_bytes = {limit!r}` must be a positive whole number of bytes"
        raise fail(where, message, exit_code=EXIT_USAGE)
    return Config(root=root, specs=entries, pyproject=pyproject, max_spec_bytes=limit)


def spec_config(
    config: Config, spec: Path | str, output: Path | None = None, **overrides: Any
) -> SpecConfig:
    """The settings for ``spec`` (a path, or a URL given as a string): its config entry if
    listed, CLI overrides on top."""
    default = config.root / "generated"
    if isinstance(spec, str):
        entry = config.for_spec(spec) or url_spec(spec, default)
    else:
        entry = config.for_spec(spec) or SpecConfig(spec=spec, output=default)
        entry = replace(entry, spec=spec)
    if output is not None:
        entry = replace(entry, output=output)
    changes = {k: v for k, v in overrides.items() if v is not None}
    return replace(entry, **changes)
