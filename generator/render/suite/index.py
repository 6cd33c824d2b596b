"""The schemas and operations of an API, indexed as the generated test package looks them up.

Which named schema stands for each pointer, the type of each body and response by pointer,
the stem of each operation's names, and the model or type annotation behind each pointer.
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.facts import typefacts
from generator.naming import snake
from generator.render.types import hint

# where each parameter location goes in a request of ``strategies.REQUESTS``
WHERE = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}


def primary(api: ir.Api) -> dict[str, ir.Model | ir.Enum | ir.Alias]:
    """The named schema that stands for each pointer.

    A model reaching a ``readOnly`` property or requiring a ``writeOnly`` one has a
    request-only twin at the same pointer; the full model (more fields, shorter name) stands
    for the pointer, except at a request body's own pointer (an inline body schema), which
    the validators read with the request's rules: there the model the body uses stands.
    """
    out: dict[str, ir.Model | ir.Enum | ir.Alias] = {}
    for item in api.named.values():
        rank = (len(item.fields) if isinstance(item, ir.Model) else 0, -len(item.name))
        held = out.get(item.pointer)
        if held is None or rank > (
            len(held.fields) if isinstance(held, ir.Model) else 0,
            -len(held.name),
        ):
            out[item.pointer] = item
    for op in api.operations:
        if op.body is None or not isinstance(op.body.type, ir.ModelRef):
            continue
        used = api.named[op.body.type.name]
        if used.pointer == op.body.pointer:
            out[op.body.pointer] = used
    return out


def inline_schemas(api: ir.Api) -> dict[str, ir.TypeRef]:
    """The type of every request body and response schema, and of every JSON payload of a
    webhook or callback, by pointer (the first use wins)."""
    out: dict[str, ir.TypeRef] = {}
    for op in api.operations:
        if op.body is not None:
            out.setdefault(op.body.pointer, op.body.type)
        for r in op.responses:
            pointer = typefacts.response_pointer(r)
            if pointer is not None and r.type is not None:
                out.setdefault(pointer, r.type)
    for _, body in webhook_bodies(api):
        out.setdefault(body.pointer, body.type)
    return out


def webhook_bodies(api: ir.Api) -> list[tuple[ir.Webhook, ir.Body]]:
    """The webhooks and callbacks with a JSON payload (which ``parse_<name>`` validates)."""
    return [(h, h.body) for h in api.webhooks if h.body is not None and h.body.kind == "json"]


def operation_base(op: ir.Operation) -> str:
    """The stem of an operation's function and file names: its client path, snake_cased."""
    return snake(" ".join((*op.group, op.name)))


def same_as(api: ir.Api, pointers: set[str]) -> dict[str, str]:
    """Body and response schemas that are only a reference to a named schema: to its pointer."""
    named = primary(api)
    out: dict[str, str] = {}
    for pointer, t in inline_schemas(api).items():
        if not isinstance(t, ir.ModelRef | ir.EnumRef | ir.AliasRef):
            continue
        target = api.named[t.name].pointer
        if target != pointer and target in pointers and named.get(target) is api.named[t.name]:
            out[pointer] = target
    return dict(sorted(out.items()))


def adapters_context(api: ir.Api, schemas: list[tuple[str, str]]) -> dict[str, Any]:
    """For each pointer: the model class (``from_dict``/``to_dict``) or a type annotation,
    each named type read from the models module (``models.Pet``): the adapters load a type
    when a test first asks for it, not every one when they are imported."""
    named = primary(api)
    types = inline_schemas(api)
    models: list[tuple[str, str]] = []
    adapters: list[tuple[str, str]] = []
    for pointer, _ in schemas:
        item = named.get(pointer)
        target = types.get(pointer)
        if pointer in api.wider:  # the schema accepts more than its class: null, other types
            adapters.append((pointer, hint(api.wider[pointer], _MODELS)))
        elif isinstance(item, ir.Model):
            models.append((pointer, _MODELS + item.name))
        elif item is not None:
            adapters.append((pointer, _MODELS + item.name))
        elif isinstance(target, ir.ModelRef):
            models.append((pointer, _MODELS + target.name))
        elif target is not None:
            adapters.append((pointer, hint(target, _MODELS)))
    return {"models": models, "adapters": adapters}


_MODELS = "models."  # how the adapters read a named type: an attribute of the models module
