"""What an output is made from, digested, and the record of which output given inputs make.

The digest covers everything generation reads: the spec's bytes, its name and configuration
as the manifest records them, apiforge's own code and templates (and a user's templates), and
the versions of the tools whose output becomes ours. A spec read from a URL or with ``$ref``s
to other files has no digest here (what it reads is not known before it is read), so it is
always generated in full. Once an output is written, or found up to date, the cache records
which manifest (by its sha256) those inputs make; `apiforge check` then answers without
rendering when the inputs are the same, the manifest on disk is that one and every file it
lists hashes as recorded (:func:`generator.write.intact`). A record that is damaged is a miss
(:class:`generator.write.store.Store`); one that names another manifest only sends the check
the long way.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from functools import cache
from pathlib import Path
from typing import Any

from generator import __version__
from generator.config import SpecConfig
from generator.errors import ApiforgeError, Problem
from generator.formatting import versions
from generator.load.cache import cache_dir
from generator.load.files import read_regular
from generator.records import record
from generator.write import MANIFEST, intact, manifest_data
from generator.write.store import Store

__all__ = [
    "Record",
    "code_digest",
    "digest",
    "generated_with",
    "manifest_config",
    "recall",
    "remember",
    "renderer_version",
    "spec_sha256",
    "up_to_date",
    "versions_of",
]

_CODE = Path(__file__).resolve().parent


def _folder_digest(folder: Path, pattern: str) -> str:
    """The digest of every file under ``folder`` matching ``pattern``: names and contents."""
    total = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        data = path.read_bytes()
        rel = path.relative_to(folder).as_posix().encode()
        total.update(b"%d:%s%d:" % (len(rel), rel, len(data)) + data)
    return total.hexdigest()


@cache
def code_digest() -> str:
    """apiforge's own files: any change of its code or built-in templates is a new output.

    Every file of the package (an installed apiforge keeps its templates there) and, in a
    source checkout, the templates beside it; nothing of ``generator.render`` is imported
    for this (a fast check does without its imports).
    """
    parts = [_folder_digest(_CODE, "*")]
    checkout = _CODE.parent / "templates"
    if checkout.is_dir():
        parts.append(_folder_digest(checkout, "*"))
    return ":".join(parts)


def manifest_config(config: SpecConfig, root: Path, tests: bool) -> dict[str, object]:
    """The configuration a manifest records."""
    return config.as_dict(root) | {"tests": tests}


def versions_of(config: SpecConfig) -> dict[str, str]:
    """The versions a manifest records: apiforge's, ruff's, and the models engine's."""
    if config.models_engine != "apiforge":
        from generator.render import dcg  # its versions only when it is used

        if config.models_engine == dcg.ENGINE:
            return versions() | dcg.versions()
    return versions()


def spec_sha256(config: SpecConfig) -> str | None:
    """The sha256 of the spec file's bytes (None for a URL, or a file that cannot be read)."""
    if config.url is not None:
        return None
    try:
        return hashlib.sha256(read_regular(config.spec)).hexdigest()
    except (OSError, ApiforgeError):
        return None


def digest(
    config: SpecConfig,
    root: Path,
    manifest_config: Mapping[str, Any],
    spec: str,
    versions: Mapping[str, str],
) -> str:
    """The digest of one generation's inputs: ``spec`` is the spec's sha256,
    ``manifest_config`` the configuration the manifest records."""
    templates = config.templates
    data = {
        "apiforge": __version__,
        "code": code_digest(),
        "templates": _folder_digest(templates, "*") if templates is not None else None,
        "spec": spec,
        "config": manifest_config,
        "versions": dict(versions),
        "jinja2": renderer_version(),
        "python": list(sys.version_info[:2]),
    }
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def renderer_version() -> str:
    """jinja2's version: its own ``__version__`` where it is loaded (rendering), else its
    distribution's (``check``, which renders nothing: 20 ms of imports against jinja2's 25)."""
    loaded = sys.modules.get("jinja2")
    if loaded is not None:
        return str(loaded.__version__)
    from importlib.metadata import version

    return version("jinja2")


def _store() -> Store:
    return Store(cache_dir(), "inputs", limit=2_000)


@record
class Record:
    """What the inputs of a recorded generation made: the package, its manifest's sha256,
    and, when `generate` made it, the warnings and the summary it told (told again when
    the output is found up to date; None when the record was made by `check`)."""

    package: str
    manifest: str
    told: tuple[Problem, ...] | None = None
    summary: str | None = None
    label: str = ""  # how the warnings named the spec: the path it was given by

    def told_as(self, label: str) -> tuple[Problem, ...]:
        """The warnings, the spec named as ``label`` (the path it is given by this time)."""
        return tuple(replace(p, file=label) if p.file == self.label else p for p in self.told or ())


def remember(
    key: str,
    package: str,
    manifest: str,
    *,
    told: Sequence[Problem] | None = None,
    summary: str | None = None,
    label: str = "",
) -> None:
    """Record that the inputs ``key`` make ``package`` with the manifest text ``manifest``
    (and that generating it told ``told`` and ``summary``, the spec named ``label``)."""
    sha = hashlib.sha256(manifest.encode("utf-8")).hexdigest()
    data: dict[str, object] = {"package": package, "manifest": sha}
    if told is not None and summary is not None:
        data |= {"told": [asdict(p) for p in told], "summary": summary, "label": label}
    store = _store()
    store.put(key, json.dumps(data).encode())
    store.trim()


def _told(data: object) -> tuple[Problem, ...] | None:
    """The warnings a record lists; None when it lists none or they do not read back."""
    if not isinstance(data, list):
        return None
    try:
        told = tuple(Problem(**item) for item in data)
    except TypeError:
        return None
    for p in told:
        places = (p.line, p.column)
        if not isinstance(p.file, str) or not isinstance(p.message, str):
            return None
        if not all(x is None or (isinstance(x, int) and not isinstance(x, bool)) for x in places):
            return None
        if p.pointer is not None and not isinstance(p.pointer, str):
            return None
    return told


def recall(key: str) -> Record | None:
    """What is recorded for the inputs ``key``; None when nothing is (or it does not read)."""
    data = _store().get(key, limit=1 << 22)
    if data is None:
        return None
    try:
        found = json.loads(data)
        package, manifest = found["package"], found["manifest"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(package, str) or not isinstance(manifest, str):
        return None
    told, summary, label = _told(found.get("told")), found.get("summary"), found.get("label")
    if told is None or not isinstance(summary, str) or not isinstance(label, str):
        return Record(package, manifest)
    return Record(package, manifest, told, summary, label)


def generated_with(output: Path, package: str, config: SpecConfig) -> tuple[bool, bool]:
    """Whether the output on disk was generated with its tests (vendored packages are not),
    and with its project file, as its manifest says (else: with tests, as configured)."""
    recorded = manifest_data(output, package).get("config")
    if not isinstance(recorded, dict):
        return True, config.project
    return bool(recorded.get("tests", True)), bool(recorded.get("project", config.project))


def _candidates(config: SpecConfig) -> list[str]:
    """The packages the output may hold for ``config``, each with a manifest: the configured
    one, else each folder of the output (the spec's title, which names it, is not read here)."""
    if config.package is not None:
        return [config.package] if (config.output / config.package / MANIFEST).is_file() else []
    try:
        folders = sorted(p.name for p in config.output.iterdir() if (p / MANIFEST).is_file())
    except OSError:
        return []
    return folders[:64]


def up_to_date(config: SpecConfig, root: Path, *, tests: bool | None = None) -> Record | None:
    """The record, when the output is known to be what ``config`` generates now without
    rendering it: the inputs of a recorded generation of that package, and its files intact
    on disk. None: not known (generate and compare).

    ``tests``: whether the output is generated with its tests (`generate` knows); None reads
    it, and whether the project file is, from the manifest on disk (`check`).
    """
    # no record without a cache, and nothing on disk to vouch for without a manifest there
    # (a first generation): the digests, which read every file of apiforge, are not taken
    candidates = _candidates(config)
    if cache_dir() is None or not candidates:
        return None
    spec = spec_sha256(config)
    if spec is None:
        return None
    versions = versions_of(config)
    for package in candidates:
        with_tests, project = (
            generated_with(config.output, package, config)
            if tests is None
            else (tests, config.project)
        )
        target = replace(config, project=project)
        made = manifest_config(target, root, with_tests)
        found = recall(digest(target, root, made, spec, versions))
        if found is not None and found.package == package:
            if intact(config.output, package, found.manifest):
                return found
    return None
