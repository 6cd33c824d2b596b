"""``readOnly`` and ``writeOnly``: separate request and response shapes where they differ.

A response never has to carry a ``writeOnly`` property, so those fields are optional on the
model. A request must not send a ``readOnly`` property but must send a required ``writeOnly``
one, so every model where the two shapes differ (a ``readOnly`` field or a required
``writeOnly`` one, directly or through nested models) gets an ``<Name>Input`` twin: without
the ``readOnly`` fields, with the required ``writeOnly`` ones still required. A named alias
(a union, a list) holding such a model, directly or through others, gets an ``<Name>Input``
twin too, holding the models' twins. Request bodies use the twins.
"""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.naming import Namespace


def _refs(t: ir.TypeRef) -> set[str]:
    return {r.name for r in ir.named_refs(t) if isinstance(r, ir.ModelRef | ir.AliasRef)}


def _rewrite(t: ir.TypeRef, names: dict[str, str]) -> ir.TypeRef:
    if isinstance(t, ir.ModelRef):
        return ir.ModelRef(names.get(t.name, t.name))
    if isinstance(t, ir.AliasRef):
        return ir.AliasRef(names.get(t.name, t.name))
    return ir.map_children(t, lambda inner: _rewrite(inner, names))


def _needs_input(models: dict[str, ir.Model], aliases: dict[str, ir.Alias]) -> set[str]:
    # the models that differ as inputs, then each model or alias referring to one of them:
    # along the references read backwards, each one's types read once
    needs = {
        m.name
        for m in models.values()
        if any(f.read_only or (f.write_only and f.required) for f in m.fields)
    }
    users: dict[str, set[str]] = {}
    for m in models.values():
        for f in m.fields:
            for name in _refs(f.type):
                users.setdefault(name, set()).add(m.name)
    for a in aliases.values():
        for name in _refs(a.type):
            users.setdefault(name, set()).add(a.name)
    todo = list(needs)
    while todo:
        for user in users.get(todo.pop(), ()):
            if user not in needs:
                needs.add(user)
                todo.append(user)
    return needs


def split(
    models: dict[str, ir.Model],
    aliases: dict[str, ir.Alias],
    operations: list[ir.Operation],
    names: Namespace,
) -> tuple[dict[str, ir.Model], dict[str, ir.Alias], list[ir.Operation]]:
    """Models and aliases with response-only and request-only shapes; operations using the
    right ones."""
    out = {
        name: replace(
            m, fields=tuple(replace(f, required=False) if f.write_only else f for f in m.fields)
        )
        for name, m in models.items()
    }
    needs = _needs_input(models, aliases)
    if not needs:
        return out, aliases, operations
    twins = {name: names.claim(name + "Input") for name in sorted(needs)}
    for name in sorted(needs & models.keys()):
        m = models[name]
        fields = tuple(
            replace(f, type=_rewrite(f.type, twins)) for f in m.fields if not f.read_only
        )
        out[twins[name]] = replace(m, name=twins[name], fields=fields)
    named = dict(aliases)
    for name in sorted(needs & aliases.keys()):
        a = aliases[name]
        named[twins[name]] = replace(a, name=twins[name], type=_rewrite(a.type, twins))
    ops = [
        replace(op, body=replace(op.body, type=_rewrite(op.body.type, twins)))
        if op.body is not None
        else op
        for op in operations
    ]
    return out, named, ops
