"""The public surface of a generated package: the names and annotations its callers use.

Each class (model, enum, alias) and each client method is one item with its members: a model's
fields, an enum's members, a method's keyword arguments and what it returns, each with the
annotation the templates write (the same :func:`method` and :func:`field_hint` they read).
Two surfaces compared say what changes for Python code that calls the package; both are plain
strings, so the comparison needs nothing of the renderer.
"""

from __future__ import annotations

from generator import ir
from generator.render.client import method, resource_tree
from generator.render.types import field_hint, hint

Surface = dict[str, dict[str, str]]  # item ("class Item", "method chat.create") -> members

RETURNS = "->"  # the member that holds what a method returns


def _needed(required: bool) -> str:
    return "required" if required else "optional"


def surface(api: ir.Api) -> Surface:
    """Every public class and client method of the package generated from ``api``."""
    items: Surface = {}
    for model in api.models:
        items[f"class {model.name}"] = {
            f.name: f"{field_hint(f, api)}; {_needed(f.required)}" for f in model.fields
        }
    for enum in api.enums:
        items[f"enum {enum.name}"] = {m.name: repr(m.value) for m in enum.members}
    for alias in api.aliases:
        items[f"alias {alias.name}"] = {"=": hint(alias.type)}
    for top in resource_tree(api):
        for resource in top.walk():
            for m in resource.methods:
                current = method(api, m.op, m.const)
                members = {
                    k.name: f"{k.annotation}; {_needed(k.required)}"
                    for k in (*current.params, *(current.fields or ()))
                }
                if current.body is not None:
                    members["body"] = f"{current.body}; {_needed(current.body_required)}"
                members[RETURNS] = current.returns
                items[f"method {'.'.join((*resource.path, m.op.name))}"] = members
    return items
