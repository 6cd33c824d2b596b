"""What a server reads of a request's bytes: a near miss only counts when it changes that.

A required parameter left out may still be read from the wire: an exploded ``form`` query or
cookie object writes no name of its own, only its properties' (``?a=67``), so another
parameter's properties of the same names answer for it; a server that accepts such a request
is right to. The request is encoded and read back as the mock reads it
(:func:`generator.exchange.read_params`), once, the same reading for both.

A valid urlencoded body may write text that reads as an invalid one: ``{"a": 0}`` under a
``oneOf`` of ``{a: string}`` and ``{b: boolean}`` writes ``a=0``, which a server reads as the
text ``"0"``, valid under both members, so under neither. Such a body is no valid request on
the wire; it is read back as the mock reads it (:func:`generator.exchange.read_form`).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from generator import ir
from generator.conformance.cases import RequestData
from generator.conformance.unsendable import Unsendable
from generator.conformance.wire import encode, sent_body
from generator.exchange import SchemaValidator, own_query, read_cookies, read_form, read_params

__all__ = ["form_reads_valid", "read_back"]


def read_back(
    api: ir.Api,
    op: ir.Operation,
    request: RequestData,
    param: ir.Param,
    validator: SchemaValidator,
) -> bool:
    """Whether ``param`` is read from the bytes of ``request`` (True too when the request
    cannot be sent: such a near miss is not sent either)."""
    try:
        http = encode(api, op, request, "http://apiforge.invalid", "none")
    except Unsendable:
        return True
    headers = {k.lower(): v for k, v in http.headers}
    wire = {
        "path": {},
        "query": own_query(op, parse_qsl(urlsplit(http.url).query, keep_blank_values=True)),
        "headers": headers,
        "cookies": read_cookies(headers.get("cookie", "")),
    }
    typed, _ = read_params(api, op, wire, validator)
    return param.wire in typed[param.location]


def form_reads_valid(
    api: ir.Api, op: ir.Operation, request: RequestData, validator: SchemaValidator
) -> bool:
    """Whether the urlencoded body of ``request`` reads back as a value its schema takes
    (True for any other body, and for a request HTTP cannot carry: it is not sent)."""
    body = sent_body(op, request)
    if body is None or body.kind != "form" or not isinstance(request.get("body"), dict):
        return True
    try:
        http = encode(api, op, request, "http://apiforge.invalid", "none")
    except Unsendable:
        return True
    if http.body is None:
        return True
    _, issues = read_form(api, body, http.body, validator, body.pointer)
    return not issues
