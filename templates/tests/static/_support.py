"""Building blocks of the generated strategies: formats, numbers, extras, recursion limits.

Every helper returns a Hypothesis strategy whose values are JSON as it travels on the wire
(``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``).
"""

from __future__ import annotations

import copy
import json
import math
import re
import string
from base64 import b16encode, b32encode, b32hexencode, b64encode, urlsafe_b64encode
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC
from fractions import Fraction
from functools import cache, partial
from random import Random
from typing import Any, Generic, NoReturn, TypeVar
from unittest import SkipTest

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from .validation import accepts, conforms, is_multiple

__all__ = [
    "FORMATS",
    "RECURSION_DEPTH",
    "apart",
    "carried",
    "checked",
    "cookie_text",
    "counted",
    "deep_styled",
    "draws",
    "excluding",
    "exclusive",
    "form_fields",
    "formats",
    "frozen",
    "header_text",
    "holding",
    "in_style",
    "json_key",
    "json_scalars",
    "json_values",
    "keys_apart",
    "listed",
    "multiple_of",
    "multiples",
    "no_object",
    "non_integral",
    "numbers",
    "path_text",
    "pattern",
    "positional",
    "searches",
    "segment",
    "sized",
    "skip_test",
    "styled",
    "tagged",
    "text_draws",
    "texts",
    "unblank",
    "unique",
]

T = TypeVar("T")
R = TypeVar("R", str, bytes, list[Any])  # what a drawn run is repeated in

# how deep recursive schemas nest in drawn values
RECURSION_DEPTH = 3

_LOWER = string.ascii_lowercase
_ALNUM = string.ascii_letters + string.digits
_PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))
_COOKIE = "".join(c for c in _PRINTABLE if c not in '",;\\')
_CARRIED = {"header": _PRINTABLE, "cookie": _COOKIE}  # what each carries as it is


@cache
def json_scalars(within: str | None = None) -> st.SearchStrategy[Any]:
    """A JSON null, boolean, number or short string; ``within`` ``"header"`` or ``"cookie"``:
    its text only of the characters one carries as they are."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        _short_text(10, within),
    )


@cache
def json_values(within: str | None = None) -> st.SearchStrategy[Any]:
    """Any JSON value, kept small: scalars, and lists and objects of them, two levels deep;
    ``within`` one of a header or cookie, as :func:`json_scalars`."""
    scalars = json_scalars(within)
    nested = st.one_of(
        st.lists(scalars, max_size=3),
        st.dictionaries(_short_text(5, within), scalars, max_size=3),
    )
    return st.one_of(scalars, nested, st.lists(nested, max_size=2))


def _short_text(high: int, within: str | None) -> st.SearchStrategy[str]:
    """Text of at most ``high`` characters, of those ``within`` carries (none: any)."""
    if within is None:
        return st.text(max_size=high)
    return st.text(alphabet=_CARRIED[within], max_size=high)


def header_text(min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    """Text a header or cookie can carry as it is: printable ASCII, no spaces."""
    return _bounded_text(_PRINTABLE, min_size, max_size)


def cookie_text(min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    """Text a cookie can carry as it is (RFC 6265 cookie-octets)."""
    return _bounded_text(_COOKIE, min_size, max_size)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def header_safe(value: Any) -> bool:
    """A header can carry every text in the value (an object's keys too) as it is."""
    return all(c in _PRINTABLE for text in _texts(value) for c in text)


def cookie_safe(value: Any) -> bool:
    """A cookie can carry every text in the value (an object's keys too) as it is."""
    return all(c in _COOKIE for text in _texts(value) for c in text)


_SAFE = {"header": header_safe, "cookie": cookie_safe}


def carried(values: list[Any], within: str) -> st.SearchStrategy[Any]:
    """One of ``values`` that a header or cookie (``within``) carries as it is; none: nothing,
    so that a request needing one has no draw at all (see ``cases.sendable``). An array or an
    object is drawn as :func:`listed` draws it, a copy of its own."""
    kept = [value for value in values if _SAFE[within](value)]
    if not kept:
        return st.nothing()
    if any(isinstance(value, list | dict) for value in kept):
        return listed(kept)
    return st.just(kept[0]) if len(kept) == 1 else st.sampled_from(kept)


def listed(values: list[Any]) -> st.SearchStrategy[Any]:
    """One of ``values`` (an ``enum`` or a ``const`` holding arrays or objects), each draw a
    copy of its own: a test that changes the value it drew changes no other draw."""
    return st.sampled_from(values).map(copy.deepcopy)


def _primitive(value: Any) -> bool:
    # what an item has text for: null has none (``v=`` is the empty string, another value)
    return value is not None and not isinstance(value, list | dict)


def styled(value: Any) -> bool:
    """A value an OpenAPI style writes: a list's items and an object's values primitives,
    none null; and no list of one empty text, which writes what the empty list writes
    (``a=``, an empty header) and is read back as it."""
    if isinstance(value, list):
        return value != [""] and all(_primitive(v) for v in value)
    if isinstance(value, dict):
        return all(_primitive(v) for v in value.values())
    return True


def deep_styled(value: Any) -> bool:
    """A value the ``deepObject`` style writes: an object (no other value) whose values are
    primitives, none null, or objects in turn, not empty, written ``name[a][b]=v``."""
    if not isinstance(value, dict):
        return False
    return all(
        (deep_styled(v) and bool(v)) if isinstance(v, dict) else _primitive(v)
        for v in value.values()
    )


def in_style(style: str, value: Any) -> bool:
    """Whether ``style`` writes ``value`` (JSON text, style ``json``, writes any)."""
    return style == "json" or (deep_styled if style == "deepObject" else styled)(value)


def no_object(value: Any) -> bool:
    """A value that is no object (or an empty one, which writes nothing): what a parameter or
    form field carries where exploded ``form`` style would spread an object into pairs of its
    own names and its type declares no properties to gather them back by."""
    return not (isinstance(value, dict) and value)


def keys_apart(taken: list[str]) -> Callable[[Any], bool]:
    """Whether a value spread in exploded ``form`` style holds no property named like another
    parameter (``taken``): a server reads such a pair as that parameter's."""
    names = frozenset(taken)

    def apart(value: Any) -> bool:
        return not (isinstance(value, dict) and names.intersection(value))

    return apart


def form_fields(
    as_json: Collection[str], deep: Collection[str] = (), spread: Collection[str] = ()
) -> Callable[[Any], bool]:
    """A predicate: a form body each of whose fields has text in its style (:func:`styled`,
    :func:`deep_styled` for the ``deep`` ones), but those sent as JSON text (``as_json``),
    which hold any value; and the fields of ``spread`` hold no object (:func:`no_object`)."""

    def check(body: Any) -> bool:
        if not isinstance(body, dict):
            return True
        return all(
            value is None
            or (
                in_style("deepObject" if key in deep else "form", value)
                and (key not in spread or no_object(value))
            )
            for key, value in body.items()
            if key not in as_json  # a null field is no field: not sent
        )

    return check


def filled(value: Any) -> bool:
    """A value a required parameter can carry: an empty list or object is sent as nothing."""
    return not (isinstance(value, list | dict) and not value)


def unblank(value: Any) -> bool:
    """A value not written as the empty text (``""``, an empty list or object): a header, a
    cookie or a query parameter sent empty may be read as no value at all."""
    return not (isinstance(value, str | list | dict) and not value)


def segment(value: Any) -> bool:
    """A value a path parameter carries: an empty text, no value, an empty list or object, or
    a list of one such value leaves no segment to send."""
    if isinstance(value, list) and len(value) == 1:
        return segment(value[0])
    return value != "" and value is not None and filled(value)


def path_text(min_size: int = 1, max_size: int | None = None) -> st.SearchStrategy[str]:
    """A path segment no URL library rewrites: letters and digits."""
    return _bounded_text(_ALNUM, max(1, min_size), max_size)


def sized(min_size: int | None = None, max_size: int | None = None) -> Callable[[str], bool]:
    """A predicate: the string's length (in code points) is within the bounds."""

    def check(value: str) -> bool:
        return (min_size is None or len(value) >= min_size) and (
            max_size is None or len(value) <= max_size
        )

    return check


def searches(regex: str) -> Callable[[str], bool]:
    """A predicate: ``regex`` matches somewhere in the string, as JSON Schema's ``pattern``."""
    return partial(_search, re.compile(regex))


def _search(compiled: re.Pattern[str], value: str) -> bool:
    return compiled.search(value) is not None


# Characters a pattern's class takes one way in ECMA-262 and another in the regex engines
# servers validate with: \x1c-\x1f and U+0085 are whitespace (``\s``) to Python's ``re``,
# U+0085 to Rust's regex (pydantic), U+FEFF and U+180E to ECMA-262 or an older Unicode only.
# A valid value is drawn without them wherever the pattern lets it, so a server on another
# engine is not refused a value its pattern reads otherwise.
_CONTESTED = "\x1c\x1d\x1e\x1f\x85\u180e\ufeff"


def _agreed(regex: str, fullmatch: bool, within: str | None = None) -> st.SearchStrategy[str]:
    """``st.from_regex`` without the contested characters, unless the pattern needs one, and
    never a lone surrogate (UTF-8 cannot carry it; JSON parsers refuse its escape); only of
    the characters a header or cookie carries as they are, ``within`` one (none such: none)."""
    if within is not None:
        found = st.from_regex(regex, fullmatch=fullmatch, alphabet=_CARRIED[within])
        try:
            found.validate()
        except HypothesisException:  # the pattern asks for a character HTTP cannot carry here
            return st.nothing()
        return found
    alphabet = st.characters(codec="utf-8", exclude_characters=_CONTESTED)
    found = st.from_regex(regex, fullmatch=fullmatch, alphabet=alphabet)
    try:
        found.validate()
    except HypothesisException:  # a literal contested character: the pattern asks for it
        return st.from_regex(regex, fullmatch=fullmatch, alphabet=st.characters(codec="utf-8"))
    return found


def pattern(
    regex: str,
    min_size: int | None = None,
    max_size: int | None = None,
    within: str | None = None,
    also: Sequence[str] = (),
    *,
    plan: Sequence[Any] | None = None,
) -> st.SearchStrategy[str]:
    """Strings in which ``regex`` matches somewhere (an unanchored search, as in JSON Schema);
    ``within`` ``"header"`` or ``"cookie"``: only of the characters one carries as they are;
    with length bounds, or other patterns that must match too (``also``), drawn as
    :func:`texts` draws them (to a length, by the pattern's ``plan`` where it has one)."""
    if min_size is None and max_size is None and not also:
        return _agreed(regex, fullmatch=False, within=within)
    return texts(
        regex=regex, also=also, min_size=min_size, max_size=max_size, within=within, plan=plan
    )


# Format values are drawn so that the validators servers use accept them, not only JSON
# Schema's letter: a host name is dotted and ends in a real top-level domain (python's
# email-validator, behind pydantic's EmailStr, refuses "a@b" and special-use names like .test).
_TLDS = ("com", "org", "net", "io", "dev")


def _dns_label() -> st.SearchStrategy[str]:
    return st.text(alphabet=_LOWER, min_size=1, max_size=10)


def _hostnames() -> st.SearchStrategy[str]:
    labels = st.lists(_dns_label(), min_size=1, max_size=2).map(".".join)
    return st.builds("{}.{}".format, labels, st.sampled_from(_TLDS))


def _uris() -> st.SearchStrategy[str]:
    paths = st.lists(st.text(alphabet=_ALNUM, min_size=1, max_size=8), max_size=3).map("/".join)
    return st.builds("{}://{}/{}".format, st.sampled_from(["http", "https"]), _hostnames(), paths)


def _pointers() -> st.SearchStrategy[str]:
    tokens = st.lists(st.text(max_size=6), max_size=4)
    return tokens.map(
        lambda parts: "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)
    )


def _durations() -> st.SearchStrategy[str]:
    parts = st.tuples(
        st.integers(0, 99), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)
    )
    return parts.map(lambda p: f"P{p[0]}DT{p[1]}H{p[2]}M{p[3]}S")


def _times() -> st.SearchStrategy[str]:
    """Times of day as the validator reads ``time``: JSON Schema since draft 7 (so OpenAPI
    3.1) reads RFC 3339's full-time, whose offset from UTC is required, while
    openapi-schema-validator's OpenAPI 3.0 checker reads draft 3's bare ``HH:MM:SS``, which
    refuses any offset (it is built on jsonschema's checker of no draft, where draft 3's
    ``time`` was registered last). Each shape is drawn where the checker takes its sample,
    so a version of either package that reads ``time`` otherwise is followed; the models
    take any text."""
    utc = st.times(timezones=st.just(UTC)).map(lambda t: t.isoformat())
    shapes = (
        ("23:59:59+00:00", utc),
        ("23:59:59Z", utc.map(_zulu)),
        ("23:59:59", st.times().map(lambda t: t.replace(microsecond=0).isoformat())),
    )
    return st.one_of([drawn for sample, drawn in shapes if conforms(sample, "time")])


def _zulu(text: str) -> str:
    """A time in UTC written with RFC 3339's ``Z`` rather than ``+00:00``."""
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


@cache
def _formats() -> dict[str, st.SearchStrategy[str]]:
    utc = st.just(UTC)
    instants = st.datetimes(timezones=utc).map(lambda d: d.isoformat())
    emails = st.builds(
        "{}@{}".format, st.text(alphabet=_ALNUM, min_size=1, max_size=10), _hostnames()
    )
    return {
        "date-time": st.one_of(instants, instants.map(_zulu)),
        "date": st.dates().map(lambda d: d.isoformat()),
        "time": st.deferred(_times),  # the checker is asked when a time is first drawn
        "duration": _durations(),
        "email": emails,
        "idn-email": emails,
        "hostname": _hostnames(),
        "idn-hostname": _hostnames(),
        "ipv4": st.ip_addresses(v=4).map(str),
        "ipv6": st.ip_addresses(v=6).map(str),
        "ipvanyaddress": st.ip_addresses().map(str),  # pydantic's name for either
        "uri": _uris(),
        "url": _uris(),
        "iri": _uris(),
        "uri-reference": st.one_of(_uris(), st.just("")),
        "iri-reference": st.one_of(_uris(), st.just("")),
        "uuid": st.uuids().map(str),
        # OpenAPI's format registry: a fixed-point number written as text (Django's and
        # pydantic's Decimal refuse "" and "-", which a pattern beside it may allow)
        "decimal": st.integers(0, 3).flatmap(_decimals),
        "byte": _encoded("base64"),
        "json-pointer": _pointers(),
        "relative-json-pointer": st.builds("{}{}".format, st.integers(0, 9), _pointers()),
        "regex": st.sampled_from(["^a", "[0-9]+", "x|y", "^$", "(ab)*c"]),
    }


def _decimals(places: int) -> st.SearchStrategy[str]:
    """Fixed-point texts with ``places`` digits after the point, most of them short."""
    bound = 10**6
    return st.decimals(-bound, bound, places=places).map(lambda value: format(value, "f"))


def formats(name: str) -> st.SearchStrategy[str]:
    """Valid strings of a known ``format`` (date-time, email, uuid, ipv4, ...)."""
    return _formats()[name]


# ---------------------------------------------------------------------------- strings whole

# characters drawn beyond minLength where a string with constraints has no maxLength
TEXT_SPREAD = 16
# the most characters drawn beyond minLength to a drawn length, whatever maxLength allows (a
# value of megabytes costs every check and round trip of it; the coverage cases reach the
# bounds themselves)
LONG_SPREAD = 4096
# the longest run of characters drawn one by one: Hypothesis holds a few thousand choices in
# one example, so a longer text repeats a drawn run to its length
DRAWN_RUN = 256
# the most items of an array (entries of a map) drawn one by one: each item is a few of the
# 8,192 choices Hypothesis holds in one example, so a longer array repeats a drawn run of them
DRAWN_ITEMS = 256
# the most distinct items drawn: each is two choices at the least (its own and one to go on)
DRAWN_DISTINCT = 4096
# what a pattern's match is padded with to a drawn length (a space and punctuation beside
# letters, so that a word boundary can fall between them), in a header or cookie as it is
_FILLER: dict[str | None, str] = {None: _ALNUM + " -._", "header": _PRINTABLE, "cookie": _COOKIE}
# why a string of several constraints may be given up on
_TIGHT = "its constraints together leave few of the values drawn, or none"


def texts(
    *,
    format: str | None = None,
    regex: str | None = None,
    also: Sequence[str] = (),
    min_size: int | None = None,
    max_size: int | None = None,
    within: str | None = None,
    encoding: str | None = None,
    media: str | None = None,
    plan: Sequence[Any] | None = None,
) -> st.SearchStrategy[str]:
    """Strings under all of a string schema's constraints at once: a known ``format`` (a
    format that is no encoding wins over ``encoding``), bytes of ``media`` written in
    ``encoding`` (``contentEncoding``: ``base64``, ``base64url``, ``base32``, ``base32hex``,
    ``base16``), ``regex`` and each pattern of ``also`` matching somewhere (values drawn for
    ``regex``), a length within the bounds, only characters a header or cookie (``within``)
    carries as they are.

    Values are drawn to fit where that is sound (a format stretched to a drawn length, a
    pattern's ``plan`` drawn to one, or its match padded to one where it has none) and checked
    whole; each is drawn up to ``TRIES`` times in
    one example, and the constraints are given up on as :func:`checked` gives up on a schema:
    where ``GIVE_UP`` examples found none, the calling test is skipped, naming them.
    """
    found, check, where = text_draws(
        format=format,
        regex=regex,
        also=tuple(also),
        min_size=min_size,
        max_size=max_size,
        within=within,
        encoding=encoding,
        media=media,
        plan=None if plan is None else frozen(plan),
    )
    test = partial(_found_by, check, where)
    return _or_again(found, test, _retries(found, test, where, _TIGHT))


@cache
def text_draws(
    *,
    format: str | None = None,
    regex: str | None = None,
    also: tuple[str, ...] = (),
    min_size: int | None = None,
    max_size: int | None = None,
    within: str | None = None,
    encoding: str | None = None,
    media: str | None = None,
    plan: Plan | None = None,
) -> tuple[st.SearchStrategy[str], Callable[[str], bool], str]:
    """What :func:`texts` draws from, the check of each value and the constraints as a skip
    names them: the one reading of a string's constraints, the coverage cases' too."""
    low, high = min_size or 0, max_size
    if format in _ENCODED_FORMATS:  # drawn as text of its encoding, lengths and all
        encoding, media = _ENCODED_FORMATS[format or ""], None
        format = None
    if format is not None and format in _formats():
        found = formats(format)
        exact = _EXACT.get(format)
        if exact is not None and (low or high is not None):
            found = st.one_of(found, _lengths(low, high).flatmap(partial(_stretched, exact, found)))
    elif encoding in _ENCODINGS:
        found = _encoded(encoding, media, low, high)
    elif regex is not None:
        fitting = _fitting(plan or (), low, high)
        found = (
            _planned(fitting, low, high, within) if fitting else _padded(regex, low, high, within)
        )
    else:
        found = _bounded_text(_FILLER[within], low, high)
    searched = tuple(re.compile(each) for each in (regex, *also) if each is not None)
    check = partial(_fits, searched, low, high, within)
    if also and regex is not None and format is None and encoding is None:
        # several patterns: a value drawn for one matches the others too rarely for a
        # test's few draws; candidates of each, many per example, find one that fits all
        sampled = partial(_sampled, _sketches((regex, *also)), check)
        found = st.one_of(found, st.integers(0, 2**32 - 1).map(sampled))
    where = _described(
        format=format,
        regex=regex,
        also=also,
        low=low,
        high=high,
        within=within,
        encoding=encoding,
        media=media,
    )
    return found, check, where


# candidates :func:`_sampled` tries per value, and the most an open repeat adds to its least
_SAMPLES = 128
_SAMPLED_REPEAT = 8
# what a candidate's negated classes and wildcards are drawn from (the check decides)
_SAMPLED_CHARS = string.ascii_letters + string.digits + " !#$%&'()*+,-./:;<=>?@[]^_`{|}~"
_CATEGORIES = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_NOT_DIGIT": string.ascii_letters + " -.",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": string.ascii_letters + string.digits,
    "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
    "CATEGORY_NOT_WORD": " -.,:;!?",
}


@cache
def _sketches(patterns: tuple[str, ...]) -> tuple[Any, ...]:
    """Each Python pattern parsed, for :func:`_sampled` (those Python cannot parse left out)."""
    from re import _parser  # type: ignore[attr-defined]

    found = []
    for regex in patterns:
        try:
            found.append(_parser.parse(regex))
        except Exception:  # a proposer only: the check still decides every value
            continue
    return tuple(found)


def _sampled(sketches: tuple[Any, ...], check: Callable[[str], bool], seed: int) -> str:
    """The first of many candidates drawn from ``seed`` (one draw of the test's: the many
    candidates cost it nothing) that ``check`` passes, else the last one (which the caller's
    check refuses, and draws again). The candidates take turns: a text of each pattern, then
    texts of all of them one after the other (where each pattern only needs to match
    somewhere, ``^[A-Z]`` and ``[0-9]$`` say)."""
    rng = Random(seed)
    text = ""
    turns = len(sketches) + 1
    for attempt in range(_SAMPLES if sketches else 0):
        turn = attempt % turns
        chosen = sketches if turn == len(sketches) else (sketches[turn],)
        text = "".join(_sketched(sketch, rng, {}) for sketch in chosen)
        if check(text):
            return text
    return text


def _sketched(items: Any, rng: Random, groups: dict[int, str]) -> str:
    """A text the parsed pattern ``items`` likely matches: each part drawn once with ``rng``,
    anchors and lookarounds left to the check."""
    out = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name in ("NOT_LITERAL", "ANY"):
            out.append(rng.choice([c for c in _SAMPLED_CHARS if name == "ANY" or ord(c) != av]))
        elif name == "IN":
            out.append(_sketched_class(av, rng))
        elif name == "BRANCH":
            out.append(_sketched(rng.choice(av[1]), rng, groups))
        elif name == "SUBPATTERN":
            text = _sketched(av[3], rng, groups)
            if av[0] is not None:
                groups[av[0]] = text
            out.append(text)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            count = rng.randint(low, max(low, min(high, low + _SAMPLED_REPEAT)))
            out.extend(_sketched(sub, rng, groups) for _ in range(count))
        elif name == "ATOMIC_GROUP":
            out.append(_sketched(av, rng, groups))
        elif name == "GROUPREF":
            out.append(groups.get(av, ""))
        elif name == "GROUPREF_EXISTS":
            group, yes, no = av
            chosen = yes if group in groups else no
            out.append("" if chosen is None else _sketched(chosen, rng, groups))
    return "".join(out)


def _sketched_class(items: Any, rng: Random) -> str:
    """A character of a class: one of its members, or of :data:`_SAMPLED_CHARS` outside a
    negated one."""
    if items and str(items[0][0]) == "NEGATE":
        outside = [c for c in _SAMPLED_CHARS if not _in_class(items[1:], c)]
        return rng.choice(outside) if outside else "a"
    chosen: tuple[Any, Any] = rng.choice(items) if items else ("LITERAL", ord("a"))
    op, av = chosen
    name = str(op)
    if name == "RANGE":
        return chr(rng.randint(av[0], min(av[1], av[0] + 0x7F)))
    if name == "CATEGORY":
        return rng.choice(_CATEGORIES.get(str(av), "a"))
    return chr(av) if name == "LITERAL" else "a"


def _in_class(items: Any, char: str) -> bool:
    """Whether ``char`` is one of a class's members (its categories read as ASCII's)."""
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and ord(char) == av:
            return True
        if name == "RANGE" and av[0] <= ord(char) <= av[1]:
            return True
        if name == "CATEGORY":
            category = str(av)
            kind = category.removeprefix("CATEGORY_").removeprefix("NOT_")
            member = char in _CATEGORIES.get(f"CATEGORY_{kind}", "")
            if member != ("NOT_" in category):
                return True
    return False


def _fits(
    searched: tuple[re.Pattern[str], ...],
    low: int,
    high: int | None,
    within: str | None,
    value: str,
) -> bool:
    return (
        low <= len(value) <= (len(value) if high is None else high)
        and all(compiled.search(value) is not None for compiled in searched)
        and (within is None or _SAFE[within](value))
    )


def _described(
    *,
    format: str | None,
    regex: str | None,
    also: tuple[str, ...],
    low: int,
    high: int | None,
    within: str | None,
    encoding: str | None,
    media: str | None,
) -> str:
    """The constraints of a string, as a skip names them: "string of format 'hostname', at
    least 60 characters long"."""
    parts = []
    if format is not None:
        parts.append(f"of format {format!r}")
    if encoding is not None:
        parts.append(f"holding {media or 'bytes'} in {encoding}")
    if regex is not None:
        parts.append(f"in which the pattern {regex!r} matches")
    parts.extend(f"and the pattern {each!r}" for each in also)
    if high is None:
        parts.append(f"at least {low} characters long")
    else:
        parts.append(
            f"{low} characters long" if low == high else f"{low} to {high} characters long"
        )
    if within is not None:
        parts.append(f"that a {within} carries as it is")
    return "string " + ", ".join(parts)


def _lengths(low: int, high: int | None) -> st.SearchStrategy[int]:
    top = low + TEXT_SPREAD if high is None else min(high, low + LONG_SPREAD)
    return st.integers(low, max(low, top))


def _bounded_text(alphabet: str, low: int, high: int | None) -> st.SearchStrategy[str]:
    """Text of ``alphabet``, ``low`` to ``high`` characters long; past :data:`DRAWN_RUN`
    characters at the least, of a drawn length (:func:`_sized_text`)."""
    if low <= DRAWN_RUN:
        return st.text(alphabet=alphabet, min_size=low, max_size=high)
    return _lengths(low, high).flatmap(partial(_sized_text, alphabet))


def _sized_text(alphabet: str, size: int) -> st.SearchStrategy[str]:
    """Text of ``size`` characters of ``alphabet``: past :data:`DRAWN_RUN`, a drawn run of
    them repeated to that length."""
    if size <= DRAWN_RUN:
        return st.text(alphabet=alphabet, min_size=size, max_size=size)
    run = st.text(alphabet=alphabet, min_size=1, max_size=DRAWN_RUN)
    return run.map(partial(_repeated, size))


def _sized_bytes(size: int) -> st.SearchStrategy[bytes]:
    """:func:`_sized_text` for bytes."""
    if size <= DRAWN_RUN:
        return st.binary(min_size=size, max_size=size)
    return st.binary(min_size=1, max_size=DRAWN_RUN).map(partial(_repeated, size))


def _repeated(size: int, run: R) -> R:
    return (run * -(-size // len(run)))[:size]


@cache
def _matches(regex: str, within: str | None) -> st.SearchStrategy[str]:
    # whole matches first: they fit short bounds far more often than searches' draws
    both = (
        _agreed(regex, fullmatch=True, within=within),
        _agreed(regex, fullmatch=False, within=within),
    )
    return st.one_of(both)


# A pattern's plan (``generator.patterns.lengths``): the ways it matches, each
# ``(fewest, most, parts)``: the fewest and the most characters of a string it matches in that
# way (None: no bound), and the parts of such a string in order, each ``(unit, width, low,
# high)``: ``unit`` (a pattern; None: any filler character) drawn ``low`` to ``high`` times
# (None: no bound), each ``width`` characters long (None: as long as it is drawn)
Part = tuple[str | None, int | None, int, int | None]
Plan = tuple[tuple[int, int | None, tuple[Part, ...]], ...]


def frozen(value: Any) -> Any:
    """``value`` with each list in it a tuple: a plan as JSON or a literal writes it, as
    :func:`text_draws` (which keeps what it made by its arguments) takes it."""
    return tuple(map(frozen, value)) if isinstance(value, list | tuple) else value


def _fitting(plan: Plan, low: int, high: int | None) -> Plan:
    """The ways of ``plan`` that a string ``low`` to ``high`` characters long may match by."""
    return tuple(
        way
        for way in plan
        if (high is None or way[0] <= high) and (way[1] is None or low <= way[1])
    )


@st.composite
def _planned(draw: st.DrawFn, plan: Plan, low: int, high: int | None, within: str | None) -> str:
    """A string drawn by a pattern's plan, to a length: one of its ways, a length that way and
    the bounds allow, the parts of one count drawn first, and the length left spread over the
    repeats that may run more or fewer times (a share drawn for each, the last one taking what
    is left): a unit of one length drawn as many times as its share holds, another one drawn
    while its share has room (these first, so that the last share is one of the former, which
    fill it exactly). The caller checks the value whole: an anchor or a lookaround
    inside the pattern is left to that check, and so is a length no count reaches."""
    fewest, most, parts = draw(st.sampled_from(plan)) if len(plan) > 1 else plan[0]
    top = most if high is None else high if most is None else min(high, most)
    left = draw(_lengths(max(low, fewest), top))
    drawn: dict[int, str] = {}
    counts: dict[int, int] = {}
    growing = [at for at, part in enumerate(parts) if part[2] != part[3]]
    growing.sort(key=lambda at: parts[at][1] is not None)
    for at, (unit, width, count, most_count) in enumerate(parts):
        if width is not None:
            counts[at] = count
            left -= count * width
        elif count == most_count:
            drawn[at] = draw(_units(unit or "", count, within))
            left -= len(drawn[at])
    for turn, at in enumerate(growing):
        unit, width, count, most_count = parts[at]
        last = turn == len(growing) - 1
        if width is None:
            share = left if last else draw(st.integers(0, max(0, left)))
            found = _filled(unit or "", low=count, high=most_count, share=share, within=within)
            drawn[at] = draw(found)
            left -= len(drawn[at])
            continue
        room = max(0, left // width)
        room = room if most_count is None else min(room, most_count - count)
        more = room if last else draw(st.integers(0, room))
        counts[at] += more
        left -= more * width
    for at, count in counts.items():
        drawn[at] = draw(_repeats(parts[at][0], parts[at][1] or 1, count, within))
    return "".join(drawn[at] for at in range(len(parts)))


@cache
def _whole(regex: str, within: str | None) -> st.SearchStrategy[str]:
    """Whole matches of ``regex`` (a part of a plan)."""
    return _agreed(regex, fullmatch=True, within=within)


def _units(unit: str, count: int, within: str | None) -> st.SearchStrategy[str]:
    """``count`` whole matches of ``unit``, one after the other."""
    one = _whole(unit, within)
    return one if count == 1 else st.lists(one, min_size=count, max_size=count).map("".join)


@st.composite
def _filled(
    draw: st.DrawFn, unit: str, *, low: int, high: int | None, share: int, within: str | None
) -> str:
    """Matches of ``unit`` (of lengths that vary, none empty), ``low`` to ``high`` of them
    (None: no bound), one after the other while they are fewer than ``share`` characters
    long: a match that would make them longer ends them (but for the ``low`` first); past
    :data:`DRAWN_RUN` characters, the run drawn so far repeated, and the rest drawn after it."""
    one = _whole(unit, within)
    units: list[str] = []
    size = 0

    def add(limit: int) -> bool:
        # one more match while they are fewer than `limit` characters long; False: no more
        if len(units) >= low and (size >= limit or (high is not None and len(units) >= high)):
            return False
        text = draw(one)
        if len(units) >= low and size + len(text) > share:
            return False
        units.append(text)
        return bool(text)  # (a unit here is never empty)

    while add(min(share, DRAWN_RUN)):
        size += len(units[-1])
    if size < share and units and size and (high is None or len(units) < high):
        times = (share - size) // size
        if high is not None:
            times = min(times, (high - len(units)) // len(units))
        units, size = units * (times + 1), size * (times + 1)
        while add(share):  # fewer characters than a run holds
            size += len(units[-1])
    return "".join(units)


def _repeats(
    unit: str | None, width: int, count: int, within: str | None
) -> st.SearchStrategy[str]:
    """``count`` matches of ``unit`` (None: filler characters), each ``width`` characters
    long, one after the other: past :data:`DRAWN_RUN` characters, a drawn run of them
    repeated to that length."""
    if unit is None:
        return _sized_text(_FILLER[within], count)
    one = _whole(unit, within)
    if count * width <= DRAWN_RUN:
        return st.lists(one, min_size=count, max_size=count).map("".join)
    run = st.lists(one, min_size=1, max_size=max(1, DRAWN_RUN // width)).map("".join)
    return run.map(partial(_repeated, count * width))


@st.composite
def _padded(draw: st.DrawFn, regex: str, low: int, high: int | None, within: str | None) -> str:
    """A match of ``regex`` padded to a drawn length with other characters, after it, before
    it or around it (an anchor, a word boundary or a lookaround may refuse one padding or all:
    the caller checks the value whole)."""
    match = draw(_matches(regex, within))
    short = draw(_lengths(low, high)) - len(match)
    if short <= 0:
        return match
    pad = draw(_sized_text(_FILLER[within], short))
    at = draw(st.one_of(st.just(0), st.just(short), st.integers(0, short)))
    return pad[:at] + match + pad[at:]


def _stretched(
    exact: Callable[[int], st.SearchStrategy[str] | None], plain: st.SearchStrategy[str], size: int
) -> st.SearchStrategy[str]:
    # no value of that length: a plain one, which the check refuses (drawing nothing would
    # reject the whole example, not one try)
    found = exact(size)
    return plain if found is None else found


def _letters(size: int, alphabet: str = _LOWER) -> st.SearchStrategy[str]:
    return _sized_text(alphabet, size)


def _host_of(size: int) -> st.SearchStrategy[str] | None:
    """Host names ``size`` characters long (253 at most): labels of 63 letters at most, under
    a real top-level domain."""
    letters = size - len(".com")
    if letters < 1 or size > 253:
        return None
    labels = []
    while letters > 63:
        labels.append(min(63, letters - 2))  # a dot and a letter left for the next label
        letters -= labels[-1] + 1
    labels.append(letters)
    return st.tuples(*map(_letters, labels)).map(lambda parts: ".".join(parts) + ".com")


def _email_of(size: int) -> st.SearchStrategy[str] | None:
    """Addresses ``size`` characters long (254 at most, 64 before the ``@``)."""
    local = max(1, min(64, (size - 1) // 3))
    host = _host_of(size - 1 - local)
    if host is None or size > 254:
        return None
    return st.builds("{}@{}".format, _letters(local, _ALNUM), host)


def _uri_of(size: int) -> st.SearchStrategy[str] | None:
    """``https`` URIs ``size`` characters long: a host and a path of letters and digits."""
    room = size - len("https:///")
    host = _host_of(min(63, max(5, room // 2)))
    if host is None or room < 5:
        return None
    path = _letters(room - min(63, max(5, room // 2)), _ALNUM)
    return st.builds("https://{}/{}".format, host, path)


def _path_of(size: int) -> st.SearchStrategy[str] | None:
    """A URI reference or JSON pointer ``size`` characters long: ``/`` and a name, or none."""
    return st.just("") if size == 0 else _letters(size - 1, _ALNUM).map("/{}".format)


def _relative_of(size: int) -> st.SearchStrategy[str] | None:
    """A relative JSON pointer ``size`` characters long: ``0`` and a pointer."""
    found = _path_of(size - 1) if size >= 1 else None
    return None if found is None else found.map("0{}".format)


# the formats whose values can be drawn to a length: a function drawing those of one (None
# where there are none)
_EXACT: dict[str, Callable[[int], st.SearchStrategy[str] | None]] = {
    "hostname": _host_of,
    "idn-hostname": _host_of,
    "email": _email_of,
    "idn-email": _email_of,
    "uri": _uri_of,
    "url": _uri_of,
    "iri": _uri_of,
    "uri-reference": _path_of,
    "iri-reference": _path_of,
    "json-pointer": _path_of,
    "relative-json-pointer": _relative_of,
}
# formats that are an encoding of bytes (OpenAPI 3.0's `byte`: base64, RFC 4648)
_ENCODED_FORMATS = {"byte": "base64"}
# RFC 4648's encodings, as JSON Schema's contentEncoding names them: the encoder, and the
# bytes of each block and the characters it is written in (padded, as RFC 4648 asks); the
# generator's own table is ``generator.openapi.encodings``, tested equal
_ENCODINGS: dict[str, tuple[Callable[[bytes], bytes], int, int]] = {
    "base64": (b64encode, 3, 4),
    "base64url": (urlsafe_b64encode, 3, 4),
    "base32": (b32encode, 5, 8),
    "base32hex": (b32hexencode, 5, 8),
    "base16": (b16encode, 1, 2),
}


def _byte_counts(encoding: str, low: int, high: int | None) -> tuple[int, int]:
    """The fewest and the most bytes whose text in ``encoding`` is ``low`` to ``high``
    characters long (``high`` None: up to ``TEXT_SPREAD`` more); where none is, the fewest
    past ``low`` twice, which the caller's check of the length refuses."""
    _, block, written = _ENCODINGS[encoding]
    first = -(-low // written)  # blocks
    last = (
        first + -(-TEXT_SPREAD // written)
        if high is None
        else min(high, low + LONG_SPREAD) // written  # as _lengths bounds a drawn length
    )
    fewest = 0 if first == 0 else (first - 1) * block + 1
    return fewest, max(fewest, last * block)


def _encoded(
    encoding: str, media: str | None = None, low: int = 0, high: int | None = None
) -> st.SearchStrategy[str]:
    """Text of bytes of ``media`` (``contentMediaType``: JSON text, other text, or any bytes)
    in ``encoding``, ``low`` to ``high`` characters long: as many bytes as that takes."""
    fewest, most = _byte_counts(encoding, low, high)
    kind, encode = _media_kind(media), _ENCODINGS[encoding][0]
    if kind == "json":  # no byte is no JSON text
        fewest = min(max(fewest, 1), most)
    return (
        st.integers(fewest, most)
        .flatmap(partial(_payload, kind))
        .map(lambda data: encode(data).decode("ascii"))
    )


def _media_kind(media: str | None) -> str:
    name = (media or "").split(";")[0].strip().lower()
    if name == "application/json" or name.endswith("+json"):
        return "json"
    return "text" if name.startswith("text/") else "bytes"


def _payload(kind: str, size: int) -> st.SearchStrategy[bytes]:
    """``size`` bytes of a media kind: JSON text (padded with spaces, JSON's own whitespace),
    printable text, or any bytes."""
    if kind == "bytes":
        return _sized_bytes(size)
    if kind == "text":
        return _letters(size, _PRINTABLE + " ").map(str.encode)
    return json_values().map(partial(_json_bytes, size))


def _json_bytes(size: int, value: Any) -> bytes:
    text = json.dumps(value).encode()
    if len(text) > size:
        text = b"0"[:size]
    return text.ljust(size)


FORMATS = frozenset(_formats())


def numbers(
    low: float | None = None,
    high: float | None = None,
    *,
    exclude_low: bool = False,
    exclude_high: bool = False,
) -> st.SearchStrategy[int | float]:
    """JSON numbers within bounds: integers and finite floats."""
    floats = st.floats(
        min_value=low,
        max_value=high,
        exclude_min=exclude_low and low is not None,
        exclude_max=exclude_high and high is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    first = None if low is None else math.floor(low) + 1 if exclude_low else math.ceil(low)
    last = None if high is None else math.ceil(high) - 1 if exclude_high else math.floor(high)
    if first is not None and last is not None and first > last:
        return floats
    return st.one_of(st.integers(first, last), floats)


def multiple_of(step: float) -> Callable[[float], bool]:
    """A predicate: the value is a multiple of ``step`` (the validator's own test)."""
    return lambda value: is_multiple(value, step)


def multiples(
    step: float,
    low: float | None = None,
    high: float | None = None,
    *,
    exclude_low: bool = False,
    exclude_high: bool = False,
) -> st.SearchStrategy[int | float]:
    """Multiples of ``step`` within bounds, drawn as ``k * step`` (not by filtering numbers)."""
    first = None if low is None else math.ceil(low / step)
    last = None if high is None else math.floor(high / step)
    # k times the step as written (its shortest repr), to the float nearest that decimal
    exact = Fraction(repr(step))
    drawn: st.SearchStrategy[int | float] = st.integers(first, last).map(
        (lambda k: k * step) if isinstance(step, int) else (lambda k: float(k * exact))
    )
    if isinstance(step, float):
        drawn = drawn.filter(multiple_of(step))
    if exclude_low or exclude_high or isinstance(step, float):
        drawn = drawn.filter(
            lambda v: (
                (low is None or v > low or (v == low and not exclude_low))
                and (high is None or v < high or (v == high and not exclude_high))
            )
        )
    return drawn


def non_integral(numbers: st.SearchStrategy[int | float]) -> st.SearchStrategy[int | float]:
    """Numbers that are not integers (``oneOf`` of an integer and a number), each drawn up to
    ``TRIES`` times: more than half of ``numbers`` are integral, too many for a filter's
    three tries where a list holds several of them."""
    return _retried(numbers, _fractional)


def _fractional(value: float) -> bool:
    return isinstance(value, float) and not value.is_integer()


def excluding(values: st.SearchStrategy[T], taken: Sequence[Any]) -> st.SearchStrategy[T]:
    """``values`` except the members of ``taken`` (``oneOf`` beside constants)."""
    return values.filter(lambda v: not any(v == t and type(v) is type(t) for t in taken))


def exclusive(
    values: st.SearchStrategy[T], others: Iterable[str], own: str | None = None
) -> st.SearchStrategy[T]:
    """``values`` that no schema at ``others`` accepts (``oneOf`` of overlapping schemas).

    Drawn as :func:`checked` draws, up to ``TRIES`` times in one example, and given up as it
    gives up: members that overlap may leave few values to one of them, or none. The give-up
    is counted for the ``oneOf`` as a whole (``own``, the member's pointer, beside
    ``others``), so that a ``oneOf`` none of whose members draws a value of its own skips
    the calling test instead of failing Hypothesis's health check, a filter's rejections
    reaching no count.
    """
    pointers = tuple(others)
    where = "value valid under " + _one_of({*pointers, *([] if own is None else [own])})
    check = partial(_found_by, partial(_refused, pointers), where)
    return _or_again(values, check, _retries(values, check, where))


def _one_of(members: set[str]) -> str:
    """The ``oneOf`` of ``members`` as a skip names it: at its own pointer where they are its
    inline members, else by theirs."""
    parents = {m.rpartition("/oneOf/")[0] for m in members}
    if len(parents) == 1 and "" not in parents:
        return f"the spec's schema at {parents.pop()}"
    return f"exactly one of the spec's schemas at {', '.join(sorted(members))}"


def _refused(others: tuple[str, ...], value: Any) -> bool:
    return not any(accepts(p, value) for p in others)


def _beside(entries: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    return {**value, **entries}


def apart(
    values: st.SearchStrategy[dict[str, Any]], entries: dict[str, Any]
) -> st.SearchStrategy[dict[str, Any]]:
    """Objects of ``values`` with undeclared ``entries`` that the other ``oneOf`` members refuse."""
    return values.map(partial(_beside, dict(entries)))


# draws of a value before it is given up, where the validator picks them (`checked`)
TRIES = 24


def _retried(values: st.SearchStrategy[T], check: Callable[[T], bool]) -> st.SearchStrategy[T]:
    """A value of ``values`` that ``check`` takes, drawn up to ``TRIES`` times; built on
    ``values`` itself, so that it is empty exactly when ``values`` is (a schema of no value)."""
    return _or_again(values, check, _retries(values, check))


def _or_again(
    values: st.SearchStrategy[T], check: Callable[[T], bool], again: st.SearchStrategy[T]
) -> st.SearchStrategy[T]:
    """A value of ``values`` that ``check`` takes, else one of ``again`` (the retries). The
    retries are one strategy, made once: one made for every value drawn was checked anew by
    Hypothesis each time, which over a large nested schema took minutes for one test."""
    return values.flatmap(_KeptOrAgain(check, again))


class _KeptOrAgain(Generic[T]):
    """A drawn value as it is where ``check`` takes it, else ``again``; written short where
    Hypothesis writes the strategy out (a note on a failing draw), not as the whole schema's
    strategy twice over."""

    def __init__(self, check: Callable[[T], bool], again: st.SearchStrategy[T]) -> None:
        self.check, self.again = check, again

    def __call__(self, value: T) -> st.SearchStrategy[T]:
        return st.just(value) if self.check(value) else self.again

    def __repr__(self) -> str:
        return "kept_or_drawn_again"


@st.composite
def _retries(
    draw: st.DrawFn,
    values: st.SearchStrategy[T],
    check: Callable[[T], bool],
    where: str | None = None,
    why: str | None = None,
) -> T:
    for _ in range(TRIES - 1):
        value = draw(values)
        if check(value):
            return value
    if where is not None:
        _given_up(where, why or _UNREAD)
    reject()


# examples in which a checked schema gave no value, none ever found, before tests needing
# one are skipped: its constraints the models do not read may admit no value at all
GIVE_UP = 20
# what is given up on is named as the skip names it, "value valid under the spec's schema at
# /p" say, and why there may be none
_found: set[str] = set()  # the checked schemas a value was found of
_missed: dict[str, int] = {}  # the others: examples that gave up on them


def draws(values: st.SearchStrategy[Any]) -> bool:
    """Whether ``values`` draws anything: a collection of items that draw nothing (the bottom
    of a recursion a required property ends) is empty, which Hypothesis will not build."""
    return not values.is_empty


def checked(
    values: st.SearchStrategy[T], pointer: str, *, writing: bool = False
) -> st.SearchStrategy[T]:
    """``values`` the spec's schema at ``pointer`` accepts, formats too (as drawn values are
    judged): for constraints the IR left out, such as ``propertyNames: {format: uuid}``;
    ``writing``: as a request's body (a required ``readOnly`` property may be left out).

    Each value is drawn up to ``TRIES`` times inside one example, so a constraint that few
    drawn values meet costs draws rather than the health check's budget of rejected examples.
    Where ``GIVE_UP`` examples in this process found no value at all, the calling test is
    skipped, naming the schema: so is any test needing a value of one holding it.
    """
    where = f"value valid under the spec's schema at {pointer}"
    check = partial(_found_by, partial(accepts, pointer, formats=True, writing=writing), where)
    return _or_again(values, check, _retries(values, check, where))


def _found_by(test: Callable[[Any], bool], where: str, value: Any) -> bool:
    """``test(value)``, noting ``where`` as found when it holds."""
    try:
        found = test(value)
    except (TypeError, RecursionError):  # a value the validator cannot read is not drawn
        return False
    if found:
        _found.add(where)
    return found


_UNREAD = "it has constraints the models do not read, which may admit none"


def _given_up(where: str, why: str = _UNREAD) -> None:
    """Note an example that found no ``where``; skip when they are too many, saying ``why``."""
    if where in _found:
        return
    _missed[where] = _missed.get(where, 0) + 1
    if _missed[where] >= GIVE_UP:
        skip_test(f"no {where} was found in {GIVE_UP * TRIES} draws: {why}")


def skip_test(reason: str, *, at_test: bool = False) -> NoReturn:
    """Skip the calling test: pytest's skip where pytest runs it (these modules import
    without pytest: conformance reads them), else unittest's, which Hypothesis also lets
    through, whether raised in the test or in a draw. ``at_test``: pytest reports the skip
    at the test rather than at the line raising it (a reason that says nothing of this
    module)."""
    try:
        import pytest
    except ImportError:
        raise SkipTest(reason) from None
    if at_test:
        raise pytest.skip.Exception(reason, _use_item_location=True)
    pytest.skip(reason)


def json_key(value: Any) -> str:
    """A key equal for values JSON Schema calls equal (``1 == 1.0``, ``true != 1``)."""

    def norm(v: Any) -> Any:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return [type(v).__name__, v]
        if isinstance(v, int | float):
            return ["number", float(v) if abs(v) < 2**53 else v]
        if isinstance(v, dict):
            return {str(k): norm(x) for k, x in v.items()}
        return [norm(x) for x in v]

    return json.dumps(norm(value), sort_keys=True)


def unique(
    items: st.SearchStrategy[T], min_size: int = 0, max_size: int | None = None
) -> st.SearchStrategy[list[T]]:
    """Lists whose items are pairwise distinct as JSON (``uniqueItems``); past
    :data:`DRAWN_DISTINCT` items at the least, none: the calling test is skipped, saying so."""
    if min_size > DRAWN_DISTINCT:
        return _undrawn(f"an array of at least {min_size:,} distinct items")
    return st.lists(items, min_size=min_size, max_size=max_size, unique_by=json_key)


def long_lists(
    items: st.SearchStrategy[T], min_size: int, max_size: int | None = None
) -> st.SearchStrategy[list[T]]:
    """Lists of more than :data:`DRAWN_ITEMS` items (``minItems`` past it, items not unique): a
    drawn run of ``items`` repeated to a drawn length (each item is valid alone, so the array
    is)."""
    return _lengths(min_size, max_size).flatmap(partial(_sized_list, items))


def _sized_list(items: st.SearchStrategy[T], size: int) -> st.SearchStrategy[list[T]]:
    run = st.lists(items, min_size=1, max_size=min(size, DRAWN_ITEMS))
    return run.map(partial(_repeated, size))


def long_maps(
    values: st.SearchStrategy[T], min_size: int, max_size: int | None = None
) -> st.SearchStrategy[dict[str, T]]:
    """Maps of more than :data:`DRAWN_ITEMS` entries (``minProperties`` past it): a drawn run of
    entries repeated to a drawn size, each key made distinct by its place (``key~3``)."""
    return _lengths(min_size, max_size).flatmap(partial(_sized_map, values))


def _sized_map(values: st.SearchStrategy[T], size: int) -> st.SearchStrategy[dict[str, T]]:
    run = st.lists(st.tuples(st.text(), values), min_size=1, max_size=min(size, DRAWN_ITEMS))
    return run.map(partial(_numbered, size))


def _numbered(size: int, run: list[tuple[str, T]]) -> dict[str, T]:
    # the last `~` of a key is followed by its place alone, so no two places make one key
    return {f"{key}~{n}": value for n, (key, value) in enumerate(_repeated(size, run))}


def _undrawn(what: str) -> st.SearchStrategy[Any]:
    """A strategy whose draw skips the calling test: ``what`` is more than one example holds."""
    reason = f"no example could be drawn: {what} is more than Hypothesis holds in one example"
    return st.just(reason).map(partial(skip_test, at_test=True))


def _with_keys(
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]],
    keys: list[str],
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({**required, **{k: optional[k] for k in keys}})


def counted(
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]],
    low: int | None = None,
    high: int | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with every ``required`` property and as many ``optional`` ones as makes their
    number of properties between ``low`` and ``high`` (``minProperties``/``maxProperties``)."""
    fewest = max(0, (low or 0) - len(required))
    most = len(optional) if high is None else min(len(optional), high - len(required))
    if fewest > most:
        return st.nothing()
    keys = (
        st.lists(st.sampled_from(sorted(optional)), min_size=fewest, max_size=most, unique=True)
        if optional
        else st.just([])
    )
    return keys.flatmap(partial(_with_keys, required, optional))


def _positions(
    prefix: list[st.SearchStrategy[Any]],
    rest: st.SearchStrategy[Any] | None,
    runs: bool,
    size: int,
) -> st.SearchStrategy[list[Any]]:
    more = size - len(prefix)
    if runs and rest is not None and more > DRAWN_ITEMS:  # those past the prefix: a drawn run
        head = st.tuples(*prefix).map(list)
        return st.tuples(head, _sized_list(rest, more)).map(_joined)
    parts = prefix[:size] + [st.nothing() if rest is None else rest] * more
    return st.tuples(*parts).map(list)


def _joined(parts: tuple[list[Any], list[Any]]) -> list[Any]:
    return parts[0] + parts[1]


def positional(
    prefix: list[st.SearchStrategy[Any]],
    rest: st.SearchStrategy[Any] | None,
    low: int | None = None,
    high: int = 0,
    unique: bool = False,
) -> st.SearchStrategy[list[Any]]:
    """Arrays of ``prefixItems``: item ``i`` drawn from ``prefix[i]``, any further ones from
    ``rest`` (None: there are none), between ``low`` and ``high`` items long."""
    if unique and (low or 0) > DRAWN_DISTINCT:
        return _undrawn(f"an array of at least {low:,} distinct items")
    drawn = st.integers(low or 0, high).flatmap(partial(_positions, prefix, rest, not unique))
    return drawn.filter(lambda v: len({json_key(x) for x in v}) == len(v)) if unique else drawn


def _holds(names: tuple[str, ...], value: Any) -> bool:
    return not isinstance(value, dict) or all(n in value for n in names)


def holding(values: st.SearchStrategy[T], names: Sequence[str]) -> st.SearchStrategy[T]:
    """``values`` where each object has every one of ``names`` (``required`` beside ``anyOf``)."""
    return _retried(values, partial(_holds, tuple(names)))


def _tag(key: str, pair: tuple[dict[str, Any], Any]) -> dict[str, Any]:
    return {**pair[0], key: pair[1]}


def tagged(
    values: st.SearchStrategy[dict[str, Any]], key: str, tags: Sequence[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    """Objects whose discriminator property ``key`` holds one of this member's ``tags``."""
    return st.tuples(values, st.sampled_from(tags)).map(partial(_tag, key))
