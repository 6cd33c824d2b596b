"""Every rule the diff knows: its id, its level and which side it affects.

Most rules are written out below. Rules about the values a schema admits are generated:
their id is ``{direction}-{subject}-{kind}`` (``request-property-type-narrowed``), and the
level depends on the direction the value travels. A request must still accept everything
an old client sends, so narrowing a request value breaks; a response must still fit what an
old client can parse, so widening a response value breaks. A request the API sends (a
webhook, a callback) travels the other way: its values are judged as a response's, the
client's answer to it as a request's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from generator.diff.change import Change, Level
from generator.records import record

Direction = Literal["request", "response"]
Subject = Literal["parameter", "body", "property", "header"]

SUBJECTS: Mapping[Direction, tuple[Subject, ...]] = {
    "request": ("parameter", "body", "property"),
    "response": ("body", "property", "header"),
}


@record
class Rule:
    """What a rule id means: its level, who it affects and a short description."""

    level: Level
    client: bool
    server: bool
    summary: str


def _request(level: Level, summary: str) -> Rule:
    """A rule about what the server receives: it affects both sides unless it is info."""
    hurts = level != "info"
    return Rule(level, hurts, hurts, summary)


def _response(level: Level, summary: str) -> Rule:
    """A rule about what the client receives: only the client can break."""
    return Rule(level, level != "info", False, summary)


_FIXED: dict[str, Rule] = {
    # paths and operations
    "path-removed": _request("breaking", "a path and its operations were removed"),
    "operation-removed": _request("breaking", "an operation was removed"),
    "path-added": _request("info", "a new path"),
    "operation-added": _request("info", "a new operation"),
    "operation-id-changed": _request("info", "operationId changed (generated names change)"),
    "operation-deprecated": _request("info", "an operation became deprecated"),
    # requests the API sends: the client receiving them breaks when one stops
    "webhook-removed": _response("breaking", "a webhook is no longer sent"),
    "webhook-added": _response("info", "a new webhook"),
    "callback-removed": _response("breaking", "a callback is no longer sent"),
    "callback-added": _response("info", "a new callback"),
    "sent-request-body-became-optional": _response(
        "breaking", "a request the API sends may come without the body it always had"
    ),
    "sent-request-body-became-required": _response(
        "info", "a request the API sends always has its body"
    ),
    # parameters
    "request-parameter-removed": _request("warning", "a parameter was removed"),
    # a rename or a move told as one change is graded as the removal and the addition
    "request-parameter-renamed": _request(
        "warning", "an optional parameter seems to have been renamed"
    ),
    "request-parameter-renamed-required": _request(
        "breaking", "a parameter seems to have been renamed, and is required"
    ),
    "request-parameter-location-changed": _request("warning", "an optional parameter moved (`in`)"),
    "request-parameter-location-changed-required": _request(
        "breaking", "a parameter moved (`in`), and is required"
    ),
    "request-path-parameter-renamed": _request("info", "a path parameter was renamed"),
    "request-parameter-became-required": _request("breaking", "a parameter became required"),
    "request-parameter-became-optional": _request("info", "a parameter became optional"),
    "request-parameter-added-required": _request("breaking", "a new required parameter"),
    "request-parameter-added": _request("info", "a new optional parameter"),
    "request-parameter-serialization-changed": _request(
        "breaking", "a parameter's style or explode, or the media type of its content, changed"
    ),
    "request-parameter-empty-value-disallowed": _request(
        "breaking", "a parameter's empty value (allowEmptyValue) is refused now"
    ),
    "request-parameter-empty-value-allowed": _request(
        "info", "a parameter may be sent empty (allowEmptyValue)"
    ),
    # request bodies
    "request-body-added-required": _request("breaking", "a new required request body"),
    "request-body-added": _request("info", "a new optional request body"),
    "request-body-removed": _request("warning", "the request body was removed"),
    "request-body-became-required": _request("breaking", "the request body became required"),
    "request-body-became-optional": _request("info", "the request body became optional"),
    "request-media-type-removed": _request("breaking", "a request media type was removed"),
    "request-media-type-changed": _request("breaking", "the request media type changed"),
    "request-media-type-added": _request("info", "a new request media type"),
    "request-media-type-widened": _request(
        "info", "a request media type is taken as a range covering it (application/*)"
    ),
    # object properties (request side)
    "request-property-removed": _request("warning", "a request field was removed"),
    "request-property-added-required": _request("breaking", "a new required request field"),
    "request-property-added": _request("info", "a new optional request field"),
    "request-property-became-required": _request("breaking", "a request field became required"),
    "request-property-became-optional": _request("info", "a request field became optional"),
    # responses
    "response-success-status-removed": _response("breaking", "a 2xx status was removed"),
    "response-success-status-added": _response("warning", "a new 2xx status"),
    "response-success-status-widened": _response(
        "warning", "a 2xx status is documented as the range covering it (200 as 2XX)"
    ),
    "response-success-status-narrowed": _response(
        "info", "a 2xx range is documented as a status it covers (2XX as 200)"
    ),
    "response-non-success-status-removed": _response("info", "a non-2xx status was removed"),
    "response-non-success-status-added": _response("info", "a new non-2xx status"),
    "response-non-success-status-widened": _response(
        "info", "a non-2xx status is documented as the range covering it (404 as 4XX)"
    ),
    "response-non-success-status-narrowed": _response(
        "info", "a non-2xx range is documented as a status it covers (4XX as 404)"
    ),
    "response-media-type-removed": _response("breaking", "a response media type was removed"),
    "response-media-type-changed": _response("breaking", "the response media type changed"),
    "response-media-type-added": _response("info", "a new response media type"),
    "response-media-type-narrowed": _response(
        "info", "a response media range is answered as a type it covers"
    ),
    # a response's headers, and the parameters of a request the API sends (read alike)
    "response-header-removed": _response("warning", "an optional response header was removed"),
    "response-header-removed-required": _response(
        "breaking", "a response header always sent was removed"
    ),
    "response-header-added": _response("info", "a new response header"),
    "response-header-became-optional": _response("breaking", "a response header may be absent"),
    "response-header-became-required": _response("info", "a response header is always sent"),
    "response-property-removed": _response("warning", "an optional response field was removed"),
    "response-property-removed-required": _response(
        "breaking", "a response field always sent was removed"
    ),
    "response-property-became-optional": _response("breaking", "a response field may be absent"),
    "response-property-became-required": _response("info", "a response field is always sent"),
    "response-property-added": _response("info", "a new response field"),
    # security
    "security-added": _request("breaking", "authentication is now required"),
    "security-removed": _request("info", "authentication is no longer required"),
    "security-requirement-removed": _request("breaking", "a way to authenticate was removed"),
    "security-requirement-added": _request("info", "a new way to authenticate"),
    "security-scopes-added": _request("breaking", "more OAuth scopes are required"),
    "security-scopes-removed": _request("info", "fewer OAuth scopes are required"),
    "security-scheme-changed": _request("breaking", "a security scheme's definition changed"),
    # document
    "server-removed": _response("warning", "a server URL was removed"),
    "server-added": _response("info", "a new server URL"),
    "schema-component-removed": _response("info", "a schema component was removed"),
    "schema-component-added": _response("info", "a new schema component"),
    "schema-component-renamed": _response(
        "info", "a schema component was renamed, its shape unchanged (generated names change)"
    ),
    # what no rule above reads (descriptions, examples, extensions, unknown keywords)
    "other-changed": _response("info", "a value no rule reads changed"),
    "other-added": _response("info", "something no rule reads was added"),
    "other-removed": _response("info", "something no rule reads was removed"),
}

# kind -> (level when the value is in a request, level in a response, summary)
VALUE_KINDS: Mapping[str, tuple[Level, Level, str]] = {
    "type-changed": ("breaking", "breaking", "type changed"),
    "type-narrowed": ("breaking", "info", "type narrowed (e.g. number to integer)"),
    "type-widened": ("info", "breaking", "type widened (e.g. integer to number)"),
    "type-follows-format": (
        "warning",
        "warning",
        "a string whose format named a number became that number type",
    ),
    "union-member-removed": ("breaking", "info", "a oneOf/anyOf member was removed"),
    "union-member-added": ("info", "breaking", "a oneOf/anyOf member was added"),
    "one-of-twin-added": (
        "breaking",
        "info",
        "a oneOf member written alike one kept was added: a value both accept matches two",
    ),
    "one-of-twin-of-twins-added": (
        "info",
        "info",
        "a oneOf member written alike two kept was added: what it accepts matched two already",
    ),
    "one-of-subset-added": (
        "breaking",
        "info",
        "a oneOf member admitting only values a kept one admits was added: a value both "
        "accept, valid before, matches two",
    ),
    "one-of-superset-added": (
        "breaking",
        "breaking",
        "a oneOf member admitting every value a kept one admits was added: those values match two",
    ),
    "subset-member-added": (
        "info",
        "info",
        "a union member admitting only values a kept one admits was added: no value is new",
    ),
    "union-became-exclusive": (
        "breaking",
        "info",
        "anyOf became oneOf: a value two members accept is refused",
    ),
    "union-became-inclusive": (
        "info",
        "breaking",
        "oneOf became anyOf: a value two members accept is valid",
    ),
    "union-exclusivity-changed": (
        "warning",
        "warning",
        "anyOf became oneOf (or the other way) and two members may accept one value",
    ),
    "any-of-twin-added": (
        "info",
        "info",
        "an anyOf member written alike one kept was added: it admits no new value",
    ),
    "no-value-valid": (
        "breaking",
        "info",
        "no value is valid any more (a `false` schema, or keywords no value meets)",
    ),
    "values-valid": ("info", "breaking", "values are valid where none was"),
    "discriminator-property-changed": (
        "breaking",
        "breaking",
        "the discriminator reads another property",
    ),
    "discriminator-value-removed": (
        "breaking",
        "info",
        "a discriminator value no longer selects the member it selected",
    ),
    "discriminator-value-added": (
        "info",
        "breaking",
        "a new discriminator value selects a member there was",
    ),
    "nullable-removed": ("breaking", "info", "null is no longer allowed"),
    "nullable-added": ("info", "breaking", "null is now allowed"),
    "enum-value-removed": ("breaking", "info", "an enum value was removed"),
    "enum-value-added": ("info", "warning", "an enum value was added"),
    "enum-added": ("breaking", "info", "the value is now restricted to an enum"),
    "enum-removed": ("info", "warning", "the value is no longer restricted to an enum"),
    "maximum-decreased": ("breaking", "info", "smaller or new maximum"),
    "maximum-increased": ("info", "warning", "larger or no maximum"),
    "minimum-increased": ("breaking", "info", "larger or new minimum"),
    "minimum-decreased": ("info", "warning", "smaller or no minimum"),
    "max-length-decreased": ("breaking", "info", "smaller or new maxLength"),
    "max-length-increased": ("info", "warning", "larger or no maxLength"),
    "min-length-increased": ("breaking", "info", "larger or new minLength"),
    "min-length-decreased": ("info", "warning", "smaller or no minLength"),
    "max-items-decreased": ("breaking", "info", "smaller or new maxItems"),
    "max-items-increased": ("info", "warning", "larger or no maxItems"),
    "min-items-increased": ("breaking", "info", "larger or new minItems"),
    "min-items-decreased": ("info", "warning", "smaller or no minItems"),
    "max-properties-decreased": ("breaking", "info", "smaller or new maxProperties"),
    "max-properties-increased": ("info", "warning", "larger or no maxProperties"),
    "min-properties-increased": ("breaking", "info", "larger or new minProperties"),
    "min-properties-decreased": ("info", "warning", "smaller or no minProperties"),
    "max-contains-decreased": ("breaking", "info", "smaller or new maxContains"),
    "max-contains-increased": ("info", "warning", "larger or no maxContains"),
    "min-contains-increased": ("breaking", "info", "larger or new minContains"),
    "min-contains-decreased": ("info", "warning", "smaller minContains"),
    "multiple-of-narrowed": (
        "breaking",
        "info",
        "a new multipleOf, or one whose every multiple was one before",
    ),
    "multiple-of-widened": (
        "info",
        "warning",
        "no multipleOf any more, or one that keeps every multiple of the old",
    ),
    "multiple-of-changed": (
        "warning",
        "warning",
        "multipleOf changed to a step of other multiples",
    ),
    "unique-items-added": ("breaking", "info", "array items must now be unique"),
    "unique-items-removed": ("info", "warning", "array items may now repeat"),
    "pattern-added": ("breaking", "info", "a new pattern"),
    "pattern-changed": ("warning", "warning", "the pattern changed"),
    "pattern-removed": ("info", "warning", "the pattern was removed"),
    "format-added": ("warning", "info", "a new format"),
    "format-changed": ("warning", "warning", "the format changed"),
    "format-removed": ("info", "warning", "the format was removed"),
    # the text of a value written in an encoding (base64...) is read another way: a client
    # encoding or decoding it as before sends or reads another value
    "content-encoding-added": ("warning", "warning", "the value is now written encoded"),
    "content-encoding-changed": ("warning", "warning", "the value's encoding changed"),
    "content-encoding-removed": ("warning", "warning", "the value is no longer written encoded"),
    "content-media-type-added": ("warning", "info", "the text now holds a named media type"),
    "content-media-type-changed": ("warning", "warning", "the text's media type changed"),
    "content-media-type-removed": ("info", "warning", "the text's media type is no longer named"),
    "default-changed": ("warning", "warning", "the default value changed"),
    "default-added": ("info", "info", "a default value was added"),
    "default-removed": ("warning", "info", "the default value was removed"),
    "additional-properties-disallowed": ("breaking", "info", "extra fields are now rejected"),
    "additional-properties-allowed": ("info", "warning", "extra fields are now allowed"),
    # assertions no rule reads into values (`not`, `contains`, `if`/`then`/`else`,
    # `patternProperties`, `dependentRequired`...): one added can only refuse more
    "assertion-added": ("breaking", "info", "a new assertion (not, contains, if/then/else...)"),
    "assertion-removed": ("info", "warning", "an assertion was removed"),
    "assertion-changed": ("warning", "warning", "an assertion changed (its effect is not read)"),
}


def value_rule(direction: Direction, subject: Subject, kind: str) -> str:
    """The rule id for a change of kind ``kind`` to a value in a request or response."""
    return f"{direction}-{subject}-{kind}"


def _value_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for kind, (request_level, response_level, summary) in VALUE_KINDS.items():
        for subject in SUBJECTS["request"]:
            rules[value_rule("request", subject, kind)] = _request(request_level, summary)
        for subject in SUBJECTS["response"]:
            rules[value_rule("response", subject, kind)] = _response(response_level, summary)
    return rules


RULES: Mapping[str, Rule] = {**_FIXED, **_value_rules()}


def make_change(
    rule: str,
    message: str,
    *,
    operation: str | None,
    old: str | None,
    new: str | None,
    context: str | None = None,
) -> Change:
    """Build a :class:`Change` for a registered rule (level and sides come from the table)."""
    spec = RULES[rule]
    return Change(rule, spec.level, message, operation, old, new, spec.client, spec.server, context)


class Sink:
    """Collects changes as rules fire."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(
        self,
        rule: str,
        message: str,
        *,
        operation: str | None,
        old: str | None = None,
        new: str | None = None,
        context: str | None = None,
    ) -> None:
        """Record one change of a registered rule (``context``: see :class:`Change`)."""
        change = make_change(rule, message, operation=operation, old=old, new=new, context=context)
        self.changes.append(change)
