"""What the mock and conformance both know of an HTTP exchange under a spec.

- JSON values checked against the spec's own schemas: :class:`SchemaValidator`, :class:`Issue`,
  :class:`OutOfTime` when a check given a deadline passes it;
- valid values of IR types drawn from a seeded Random: :class:`Values`, raising
  :class:`GenerationError` when no value can be built (strings that match a ``pattern`` come
  from :mod:`generator.exchange.regex`);
- parameters read from the wire by their OpenAPI style and typed by their schema:
  :func:`read_params`, :func:`wire_readings`, :func:`schema_pointer`, :func:`split_styled`,
  :func:`object_fields`, :func:`read_cookies`, :func:`simple_text`, the values a response
  header's text may mean by its type: :func:`header_readings`, and a urlencoded body by its
  encoding: :func:`read_form`;
- the path parameters a path as sent holds, any split of it among its template's expressions
  whose parts their schemas take: :func:`read_path`, :func:`path_text_fits`; the operation of
  a template as specific or more that a router may give a path meant for another to:
  :func:`taken_elsewhere` (:mod:`generator.facts.routes`);
- which operation a request is for, where several share a method and a path on the wire:
  :func:`one_per_route`, :func:`route_methods`, :func:`route_of`, :func:`told_by_query`; whether a
  request carries the query pairs an operation's path fixes, and the pairs left for its
  parameters: :func:`carries`, :func:`own_query`;
- the response documented for a status, and where its schema is: :func:`documented`,
  :func:`response_schema_pointer`; the status a deleted resource is answered with:
  :func:`gone_status`;
- what a link gives once its source has answered: :func:`link_value`, :func:`follows`.

The mock answers requests with these, and conformance builds and judges its cases with the
same ones, so a rule both need is written once. Both import only the names exported here.
"""

from __future__ import annotations

from generator.exchange.errors import GenerationError
from generator.exchange.forms import read_form
from generator.exchange.links import follows, link_value
from generator.exchange.params import (
    Wire,
    header_readings,
    read_params,
    schema_pointer,
    wire_readings,
)
from generator.exchange.paths import path_text_fits, read_path
from generator.exchange.responses import documented, gone_status, response_schema_pointer
from generator.exchange.routes import (
    carries,
    one_per_route,
    own_query,
    route_methods,
    route_of,
    told_by_query,
)
from generator.exchange.strings import FORMATS
from generator.exchange.styles import object_fields, read_cookies, simple_text, split_styled
from generator.exchange.validate import TOO_DEEP, Issue, OutOfTime, Reading, SchemaValidator
from generator.exchange.values import RandomLike, Values
from generator.facts.routes import taken_elsewhere

__all__ = [
    "FORMATS",
    "TOO_DEEP",
    "GenerationError",
    "Issue",
    "OutOfTime",
    "RandomLike",
    "Reading",
    "SchemaValidator",
    "Values",
    "Wire",
    "carries",
    "documented",
    "follows",
    "gone_status",
    "header_readings",
    "link_value",
    "object_fields",
    "one_per_route",
    "own_query",
    "path_text_fits",
    "read_cookies",
    "read_form",
    "read_params",
    "read_path",
    "response_schema_pointer",
    "route_methods",
    "route_of",
    "schema_pointer",
    "simple_text",
    "split_styled",
    "taken_elsewhere",
    "told_by_query",
    "wire_readings",
]
