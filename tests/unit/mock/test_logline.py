"""Log lines show what a request brought escaped: one request, one line, no terminal control."""

from __future__ import annotations

import pytest

from generator.mock.logline import line, shown


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/items/1", "/items/1"),
        ("/caf\u00e9/\u65e5\u672c", "/caf\u00e9/\u65e5\u672c"),  # printable text stays itself
        ("/a\nGET /b 200", "/a\\nGET\\x20/b\\x20200"),
        ("/a\r\n", "/a\\r\\n"),
        ("/\x1b[31mred\x1b[0m", "/\\x1b[31mred\\x1b[0m"),
        ("/\x00\x07\x7f", "/\\x00\\x07\\x7f"),
        ("/c1\x85\x9b2J", "/c1\\x85\\x9b2J"),  # NEL and the 8-bit CSI
        ("/\u2028\u2029", "/\\u2028\\u2029"),  # Unicode line and paragraph separators
        ("/\u202eevil", "/\\u202eevil"),  # a bidi override
        ("/\u00a0\u3000", "/\\xa0\\u3000"),  # spaces that would split a field
        ("/\U000e0041", "/\\U000e0041"),  # a tag character
        ("/\ud800", "/\\ud800"),  # a lone surrogate (from a latin-1 decode it cannot occur)
        ("/back\\slash", "/back\\\\slash"),  # so an escape in the log is always an escape
    ],
)
def test_every_control_and_separator_is_escaped(raw: str, expected: str) -> None:
    assert shown(raw) == expected
    assert shown(raw).isprintable() and " " not in shown(raw)


def test_a_line_keeps_its_fields_apart() -> None:
    text = line("GET", "/a 200 1ms\nPOST /b", "404", "1.0ms")
    assert text.split(" ") == ["GET", "/a\\x20200\\x201ms\\nPOST\\x20/b", "404", "1.0ms"]
    assert line("GET", "", "200") == "GET - 200"
