"""Where a path's text goes among a template's expressions: every split the template allows,
the first one a predicate on the parts takes; and the order of templates that take one path."""

from __future__ import annotations

import pytest

from generator.openapi.paths import EXPRESSION
from generator.openapi.splits import Template, pieces, specificity, split
from generator.render.static import builtin_templates


def test_a_template_reads_as_literals_around_its_expressions() -> None:
    assert pieces("/files/{name}.{ext}") == Template(("/files/", ".", ""), ("name", "ext"))
    assert pieces("/{a}{b}") == Template(("/", "", ""), ("a", "b"))
    assert pieces("/v{major}/x?beta=true#frag") == Template(("/v", "/x"), ("major",))
    assert pieces("/items") == Template(("/items",), ())


@pytest.mark.parametrize(
    ("template", "path", "parts"),
    [
        ("/{a}{b}", "/xyz", ("xy", "z")),  # the earlier part the longest
        ("/files/{name}.{ext}", "/files/a.b.c", ("a.b", "c")),
        ("/reports/{year}-{month}", "/reports/2024-05", ("2024", "05")),
        ("/items/{id}.json", "/items/7.json", ("7",)),
        ("/v{major}.{minor}/status", "/v1.2/status", ("1", "2")),
        ("/items/{id}.json", "/items/.json", None),  # an empty value is never sent
        ("/{a}{b}", "/x", None),
        ("/files/{name}.{ext}", "/files/a/b.c", None),  # a part holds no "/"
        ("/files/{name}.{ext}", "/files/ab", None),
        ("/items", "/items", ()),
        ("/items", "/items/", None),
    ],
)
def test_a_path_splits_among_the_expressions_of_its_segment(
    template: str, path: str, parts: tuple[str, ...] | None
) -> None:
    assert split(template, path) == parts


def test_parts_are_decoded_and_an_escape_is_never_cut() -> None:
    # %41%42 is "AB": cut inside an escape it would read "%4" and "1B", or "A%4" and "2"
    assert split("/{a}{b}", "/%41%42") == ("A", "B")
    assert split("/files/{name}.{ext}", "/files/a%2Fb.c") == ("a/b", "c")
    # the template's literal text matches itself or its percent-encoding
    assert split("/my files/{id}", "/my%20files/3") == ("3",)
    assert split("/my files/{id}", "/my files/3") == ("3",)
    assert split("/a/{id}", "/a%2F3") is None  # a separator only as itself


def test_the_first_split_whose_parts_all_fit_is_taken() -> None:
    extensions = {"json", "tar.gz"}

    def typed(index: int, text: str) -> bool:
        return index == 0 or text in extensions

    assert split("/f/{name}.{ext}", "/f/x.tar.gz", typed) == ("x", "tar.gz")
    assert split("/f/{name}.{ext}", "/f/x.json", typed) == ("x", "json")
    assert split("/f/{name}.{ext}", "/f/x.md", typed) is None

    def prefix_then_number(index: int, text: str) -> bool:
        return text in {"A", "AB"} if index == 0 else text.isdigit()

    assert split("/c/{p}{n}", "/c/AB12", prefix_then_number) == ("AB", "12")
    assert split("/c/{p}{n}", "/c/A12", prefix_then_number) == ("A", "12")
    assert split("/c/{p}{n}", "/c/B12", prefix_then_number) is None


def test_a_long_segment_is_split_in_polynomial_time() -> None:
    # the last part never fits: every split fails, and there are C(119, 3) of them; a part
    # that failed from one place is not tried from there again
    asked: list[tuple[int, str]] = []

    def never_last(index: int, text: str) -> bool:
        asked.append((index, text))
        return index < 3

    size = 120
    assert split("/{a}{b}{c}{d}", "/" + "a" * size, never_last) is None
    assert len(asked) <= 4 * size * size


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("/items/new", "/items/{id}"),  # a literal segment before a templated one
        ("/files/{name}.{ext}", "/files/{name}"),  # the more literal text in the segment
        ("/items/{id}.json", "/items/{id}"),
        ("/{x}-{y}", "/{id}"),
        ("/{id}", "/{a}{b}"),  # then the fewer expressions
        ("/a/{x}", "/b/{x}"),  # and last the path itself
    ],
)
def test_the_most_specific_template_comes_first(first: str, then: str) -> None:
    assert specificity(first) < specificity(then)


def test_the_generated_tests_read_a_template_s_expressions_alike() -> None:
    # their runtime imports nothing of apiforge: its copy of the pattern is kept equal here
    runtime = (builtin_templates() / "tests" / "static" / "_http.py").read_text(encoding="utf-8")
    assert f'_EXPRESSION = re.compile(r"{EXPRESSION.pattern}")' in runtime
