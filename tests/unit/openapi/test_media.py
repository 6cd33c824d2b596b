"""Media types: one normalisation and one classification for every reader."""

from __future__ import annotations

from typing import get_args

import pytest

from generator import ir
from generator.openapi import (
    MEDIA_KINDS,
    MediaKind,
    base_media_type,
    classify,
    covers,
    is_json,
    is_range,
)

KINDS: list[tuple[str, MediaKind]] = [
    ("application/json", "json"),
    ("Application/JSON; charset=utf-8", "json"),
    ("application/problem+json", "json"),
    ("application/vnd.x+json", "json"),
    ("application/vnd.github.v3.star+json", "json"),
    ("text/plain", "text"),
    ("text/csv", "text"),
    ("text/csv; header=present", "text"),
    ("text/markdown", "text"),
    ("text/html", "text"),
    ("application/xml", "text"),
    ("application/atom+xml", "text"),
    ("text/event-stream", "event_stream"),
    ("text/event-stream; charset=utf-8", "event_stream"),
    ("application/x-www-form-urlencoded", "form"),
    ("multipart/form-data", "multipart"),
    ("multipart/mixed; boundary=x", "multipart"),
    ("application/octet-stream", "binary"),
    ("image/png", "binary"),
    ("application/vnd.github.diff", "binary"),
    ("application/jsonl", "binary"),
    ("*/*", "binary"),
    ("application/*", "binary"),
    ("", "binary"),
]


@pytest.mark.parametrize(("media", "kind"), KINDS)
def test_each_media_type_has_one_kind(media: str, kind: MediaKind) -> None:
    assert classify(media) == kind
    assert is_json(media) == (kind == "json")


def test_every_kind_is_reachable_and_the_ir_names_the_same_kinds() -> None:
    assert {kind for _, kind in KINDS} == set(MEDIA_KINDS)
    assert get_args(ir.MediaKind) == MEDIA_KINDS


@pytest.mark.parametrize(
    ("media", "found"),
    [
        ("Text/CSV ; header=present", "text/csv"),
        ("application/json", "application/json"),
        (None, ""),
        ("", ""),
    ],
)
def test_the_base_type_drops_parameters_and_case(media: str | None, found: str) -> None:
    assert base_media_type(media) == found


@pytest.mark.parametrize(
    ("documented", "media", "covered"),
    [
        ("*/*", "image/png", True),
        ("application/*", "application/json", True),
        ("application/*", "text/plain", False),
        ("text/*; charset=utf-8", "text/csv", True),
        ("text/csv", "Text/CSV; charset=utf-8", True),
        ("text/csv", "text/plain", False),
        ("application/json", "application/problem+json", False),
    ],
)
def test_a_range_covers_the_types_under_it(documented: str, media: str, covered: bool) -> None:
    assert covers(documented, media) is covered
    assert is_range(documented) is ("*" in documented)
