"""A spec named by a URL: fetched over HTTP(S) into the cache, revalidated by its ETag.

``apiforge generate https://host/openapi.json`` reads the document the user named; ``$ref``s
inside it that lead to other URLs stay refused unless remote refs are allowed. The copy lives
in the cache folder (:func:`generator.load.cache.cache_dir`) under a name derived from the URL,
beside what the server said of it (``ETag``, ``Last-Modified``); the next run asks the server
whether it changed (``If-None-Match``/``If-Modified-Since``) and reads the copy on ``304``.
``offline`` reads the copy without asking. The body is held to the spec size limit while it
arrives, and written to the cache only once complete (a temporary file, then a rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import urllib.parse
from pathlib import Path, PurePosixPath

import httpx

from generator.errors import EXIT_USAGE, fail
from generator.load.cache import cache_dir
from generator.load.files import LIMIT_HINT, max_spec_bytes

__all__ = ["FETCH_TIMEOUT", "cached_copy", "fetch"]

FETCH_TIMEOUT = 30.0  # seconds for each step of the fetch
_MAX_REDIRECTS = 5
_SUFFIXES = (".json", ".yaml", ".yml")
_CURRENT: set[str] = set()  # URLs fetched or revalidated by this process: not asked twice


def _folder() -> Path:
    root = cache_dir()
    if root is None:  # caching turned off: a folder of this user's, for this run's copies
        return Path(tempfile.gettempdir()) / f"apiforge-fetched-{os.getuid()}"
    return root / "fetched"


def cached_copy(url: str) -> Path:
    """Where the copy of ``url`` is kept (no network): a name derived from the URL, with the
    suffix of its path when that tells JSON from YAML."""
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    suffix = PurePosixPath(urllib.parse.urlsplit(url).path).suffix.lower()
    return _folder() / key / ("spec" + (suffix if suffix in _SUFFIXES else ""))


def fetch(url: str, *, offline: bool = False) -> Path:
    """The file holding the document at ``url``, fetched or revalidated unless ``offline``.

    A failure (no answer, an error status, a body over the size limit) is a usage error
    naming the URL; with ``offline``, a URL never fetched before is one too.
    """
    copy = cached_copy(url)
    meta_path = copy.with_name("meta.json")
    meta = _meta(meta_path, url)
    if offline or (url in _CURRENT and copy.is_file()):
        if meta is None or not copy.is_file():
            raise fail(url, "not fetched before: run once without --offline", exit_code=EXIT_USAGE)
        return copy
    headers = {"accept": "application/json, application/yaml, text/yaml, */*;q=0.5"}
    if meta is not None and copy.is_file():
        for header, key in (("if-none-match", "etag"), ("if-modified-since", "last_modified")):
            value = meta.get(key)
            if value:
                headers[header] = value
    try:
        with (
            httpx.Client(
                timeout=FETCH_TIMEOUT, follow_redirects=True, max_redirects=_MAX_REDIRECTS
            ) as http,
            http.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304 and meta is not None and copy.is_file():
                _CURRENT.add(url)
                return copy
            if response.status_code != 200:
                message = f"cannot fetch the spec: HTTP {response.status_code}"
                raise fail(url, message, exit_code=EXIT_USAGE)
            body = _body(url, response)
            told = {
                "url": url,
                "etag": response.headers.get("etag"),
                "last_modified": response.headers.get("last-modified"),
                "sha256": hashlib.sha256(body).hexdigest(),
            }
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise fail(url, f"cannot fetch the spec: {reason}", exit_code=EXIT_USAGE) from None
    _save(copy, body, meta_path, told)
    _CURRENT.add(url)
    return copy


def _body(url: str, response: httpx.Response) -> bytes:
    limit = max_spec_bytes()
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            message = f"the spec is larger than {limit:,} bytes (raise the limit with {LIMIT_HINT})"
            raise fail(url, message, exit_code=EXIT_USAGE)
        chunks.append(chunk)
    return b"".join(chunks)


def _meta(path: Path, url: str) -> dict[str, str | None] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("url") == url else None


def _save(copy: Path, body: bytes, meta_path: Path, meta: dict[str, str | None]) -> None:
    """The copy, then what was said of it; each complete or not there at all."""
    try:
        copy.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path, data in ((copy, body), (meta_path, json.dumps(meta).encode("utf-8"))):
            handle, temporary = tempfile.mkstemp(dir=copy.parent, prefix=".fetch-")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
    except OSError as exc:
        message = f"cannot keep the fetched spec: {exc.strerror or exc}"
        raise fail(str(copy.parent), message, exit_code=EXIT_USAGE) from None
