"""``<package>/webhooks.py``: a typed ``parse_<name>`` per webhook and callback the API sends.

Written only when the spec documents webhooks (3.1 ``webhooks``) or callbacks; the runtime
it calls is the static ``_webhooks.py``, copied only then.
"""

from __future__ import annotations

import jinja2

from generator import __version__, ir
from generator.records import record
from generator.render.client import body_kind, hint_imports, identifiers
from generator.render.types import hint

__all__ = ["RUNTIME", "Parser", "parser", "render"]

RUNTIME = "_webhooks.py"  # the static module the parsers call
_RETURNS = {"json": "", "binary": "bytes"}  # "": the body's type; others: the text


@record
class Parser:
    """One parse function: the request it reads and what it returns."""

    hook: ir.Webhook
    kind: str  # how the body reads: json, form, multipart, text, binary
    type: str  # the annotation a JSON body is validated against ("None": not validated)
    returns: str

    @property
    def required_headers(self) -> tuple[str, ...]:
        """Header parameters the request must carry."""
        return tuple(p.wire for p in self.hook.headers if p.required)


def parser(hook: ir.Webhook) -> Parser:
    """The parse function of one webhook or callback."""
    body = hook.body
    kind = body_kind(body) if body is not None else "text"
    typed = body is not None and kind == "json"
    type_hint = hint(body.type) if typed and body is not None else "None"
    returns = type_hint if typed else _RETURNS.get(kind, "str")
    return Parser(hook, kind, type_hint, returns)


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """``<package>/webhooks.py``, or nothing when the API sends no requests."""
    if not api.webhooks:
        return {}
    parsers = [parser(h) for h in api.webhooks]
    used = set().union(*(identifiers(f"{p.type} {p.returns}") for p in parsers))
    text = env.get_template("client/webhooks.py.jinja").render(
        api=api,
        header=header,
        version=__version__,
        parsers=parsers,
        imports=hint_imports(api, used),
    )
    return {f"{api.package}/webhooks.py": text}
