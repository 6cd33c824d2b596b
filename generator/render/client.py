"""Context and rendering for templates/client/: the sync and async clients and their resources.

Operations become methods of resources nested by ``op.group``
(``client.async_.chat.completions.create``). One module per top-level group,
``<package>/resources/<group>.py``, holds that group's resources and one
:class:`Operation` constant per operation; the client imports it on first use.

Keyword names: parameters keep :attr:`ir.Param.name` (the builder keeps them clear of the
per-call keywords); a body field whose name is taken by a parameter, a per-call keyword or
``body`` gets a trailing ``_`` until it is free (``timeout`` -> ``timeout_``). Class names
are ``<Group>Resource``, ``Async<Group>Resource`` and their ``...WithRawResponse`` views,
numbered on a clash with each other or with a model.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from functools import lru_cache
from typing import assert_never

import jinja2

from generator import __version__, ir
from generator.facts.typefacts import event_data, json_by_range
from generator.naming import GENERATED_NAMES, constant, pascal
from generator.records import record
from generator.render.imports import export_order
from generator.render.literals import pyrepr
from generator.render.types import FORMAT_INPUTS, hint

# keyword arguments of every method, after the operation's own
PER_CALL = ("extra_headers", "extra_query", "extra_body", "timeout", "retry")
# keyword arguments of the client constructor, beside one per credential
CLIENT_KWARGS = frozenset(
    {
        "self",
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "http_client",
        "default_headers",
        "strict",
    }
    | {"retry_non_idempotent", "credentials"}
)
# names the resource modules import from pydantic, typing and the runtime's _types
_IMPORTABLE = {
    "pydantic": ("Discriminator", "Field", "Tag"),
    "typing": ("Annotated", "Any", "Literal"),
    "_types": (
        "Boolean",
        "DateInput",
        "DateString",
        "DateTimeInput",
        "DateTimeString",
        "HasProperties",
        "Integer",
        "IsBool",
        "MultipleOf",
        "NoValue",
        "NotBool",
        "NotNull",
        "Number",
        "OneOf",
        "Pattern",
        "String",
        "UUIDInput",
        "UUIDString",
        "UniqueItems",
        "by_property",
    ),
}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BUILTINS = frozenset(dir(builtins))


# ---------------------------------------------------------------------------- input hints


def _input_literal(t: ir.LiteralT) -> str:
    values = [v for v in t.values if v is not None and not isinstance(v, float)]
    parts = [f"Literal[{', '.join(pyrepr(v) for v in values)}]"] if values else []
    parts += ["float"] if any(isinstance(v, float) for v in t.values) else []
    parts += ["None"] if None in t.values else []
    return " | ".join(parts) or "Any"


def _input_scalar(t: ir.AnyT | ir.NullT | ir.BoolT | ir.IntT | ir.NumberT) -> str:
    match t:
        case ir.AnyT():
            return "Any"
        case ir.NullT():
            return "None"
        case ir.BoolT():
            return "bool"
        case ir.IntT():
            return "int"
        case ir.NumberT():
            return "float"
        case _:
            assert_never(t)


def _join(hints: Iterable[str]) -> str:
    unique = dict.fromkeys(member for h in hints for member in _members(h))
    return " | ".join(sorted(unique, key=lambda h: h == "None"))  # None last, as ruff wants


def _members(hint: str) -> list[str]:
    """The members of a union written ``A | B``, split where no bracket is open (brackets in
    a string literal, an enum value's ``Literal["]"]``, are text)."""
    out, depth, start, at, quote = [], 0, 0, 0, ""
    while at < len(hint):
        char = hint[at]
        if quote:
            if char == "\\":
                at += 1  # the escaped character is text
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[]":
            depth += 1 if char == "[" else -1
        elif depth == 0 and hint.startswith(" | ", at):
            out.append(hint[start:at])
            start = at + 3
        at += 1
    out.append(hint[start:])
    return out


def or_not_given(annotation: str) -> str:
    """``annotation`` that also takes ``NOT_GIVEN``, with ``None`` kept last."""
    if annotation == "None":
        return "_opt.NotGiven | None"
    if annotation.endswith(" | None"):
        return annotation.removesuffix(" | None") + " | _opt.NotGiven | None"
    return f"{annotation} | _opt.NotGiven"


def input_hint(api: ir.Api, t: ir.TypeRef, seen: frozenset[str] = frozenset()) -> str:
    """The annotation of a keyword argument: what a caller may pass for a value of type ``t``.

    Wider than :func:`generator.render.types.hint`: a model may also be given as a plain
    mapping (under wire names), an enum as its raw value, a list as any sequence.
    Constraints are left to the validation the client runs before sending.
    """

    match t:
        case ir.AnyT() | ir.NullT() | ir.BoolT() | ir.IntT() | ir.NumberT():
            return _input_scalar(t)
        case ir.StringT():
            return FORMAT_INPUTS.get(t.format or "", "str")
        case ir.ArrayT():
            return f"_abc.Sequence[{input_hint(api, t.items, seen)}]"
        case ir.MapT():
            return f"_abc.Mapping[str, {input_hint(api, t.values, seen)}]"
        case ir.ModelRef():
            return f"{t.name} | _abc.Mapping[str, Any]"
        case ir.EnumRef():
            values = [m.value for m in api.enum(t.name).members]
            return f"{t.name} | Literal[{', '.join(map(pyrepr, values))}]" if values else t.name
        case ir.AliasRef():
            if t.name in seen:
                return "Any"
            return input_hint(api, api.alias(t.name).type, seen | {t.name})
        case ir.LiteralT():
            return _input_literal(t)
        case ir.UnionT():
            return _join(input_hint(api, m, seen) for m in t.members)
        case _:
            assert_never(t)


# ---------------------------------------------------------------------------- context


@record
class Kwarg:
    """One keyword argument of a method: a parameter or a body field."""

    name: str
    wire: str
    annotation: str
    required: bool
    description: str | None = None

    @property
    def optional(self) -> str:
        """The annotation of the keyword when it may be left out."""
        return or_not_given(self.annotation)


@record
class ResponseType:
    """A documented response as the runtime reads it."""

    status: str  # "200", "2XX", "default"
    kind: str
    type: str  # hint, or "None" when the body is not parsed into a type
    build: str  # the function building it (see deferred), or "None"
    events: str = "json"  # sse: how each event's data reads (typefacts.event_data)


@record
class Method:
    """One operation as a resource method."""

    op: ir.Operation
    const: str  # the module constant holding its Operation
    params: tuple[Kwarg, ...]
    fields: tuple[Kwarg, ...] | None  # None: the body is not a model, only body= takes it
    body: str | None  # annotation of body=; None: no request body
    body_required: bool
    overload: bool  # two signatures: by fields, or whole as body=
    returns: str  # a successful result (each item, when streaming)
    streaming: bool
    accept: str | None  # the Accept header, when not JSON
    body_kind: str | None
    # form and multipart: the properties whose encoding is not a plain field's
    body_encoding: tuple[ir.Encoding, ...]
    body_type: str  # the hint the body is validated against ("None": sent as it is)
    param_types: tuple[str, ...]  # the hint each parameter is validated against
    body_build: str  # body_type as a function building it (see deferred)
    param_builds: tuple[str, ...]  # each of param_types so
    responses: tuple[ResponseType, ...]

    @property
    def body_optional(self) -> str:
        """The annotation of ``body=`` when it may be left out."""
        return or_not_given(self.body or "None")

    def annotations(self) -> list[str]:
        """The annotations the method writes as they are (the API's named types in them bare,
        imported for type checkers)."""
        kwargs = [k.annotation for k in (*self.params, *(self.fields or ()))]
        return [self.returns, self.body or "", *kwargs]

    def hints(self) -> list[str]:
        """Every annotation the method and its Operation constant write (the constant's named
        types through ``_m``, see :func:`deferred`)."""
        stream = ["_st.Stream"] if self.streaming else []
        responses = [r.type for r in self.responses]
        return [*self.annotations(), self.body_type, *self.param_types, *responses, *stream]


@record(frozen=False)
class Resource:
    """A node of the resource tree: its sub-resources and methods."""

    path: tuple[str, ...]
    cls: str = ""
    async_cls: str = ""
    children: list[Resource] = field(default_factory=list)
    methods: list[Method] = field(default_factory=list)

    @property
    def attr(self) -> str:
        """The attribute its parent exposes it as."""
        return self.path[-1]

    def walk(self) -> list[Resource]:
        """This resource and every resource below it, depth first."""
        return [self, *(r for child in self.children for r in child.walk())]


def response_kind(api: ir.Api, resp: ir.Response) -> str:
    """How the client reads a response body: json, sse, text, binary, empty, json_or_raw
    (a media range with a structured schema: JSON when the answer is, else as received), or
    json_or_media (JSON beside other media types: JSON when the answer says so)."""
    if resp.kind is None:
        return "empty"
    if resp.kind == "event_stream":
        return "sse"
    if resp.kind == "json":
        return "json_or_media" if _other_media(resp) else "json"
    if json_by_range(api, resp):
        return "json_or_raw"
    return "text" if resp.kind == "text" else "binary"


def _other_media(resp: ir.Response) -> bool:
    """True when a JSON response documents a media type that is not JSON beside it."""
    return any(kind != "json" for _, kind in resp.alternatives)


def body_kind(body: ir.Body) -> str:
    """How a request body is sent: json, form, multipart, text or binary (the IR's kind; an
    event stream sent as a body is text). The client and the generated tests both read it."""
    return "text" if body.kind == "event_stream" else body.kind


_RESULT: Mapping[str, Callable[[ir.Response], str]] = {
    "json": lambda r: hint(r.type) if r.type is not None else "Any",
    "json_or_raw": lambda r: hint(r.type) if r.type is not None else "Any",
    # typed as the JSON the client asks for (Accept); a server that answers in another
    # media type the response documents (one that ignores Accept) gives its bytes or text
    "json_or_media": lambda r: hint(r.type) if r.type is not None else "Any",
    "sse": lambda r: hint(r.type) if r.type is not None else "_st.ServerSentEvent",
    "text": lambda r: "str",
    "binary": lambda r: "bytes",
    "empty": lambda r: "None",
}


def _successes(op: ir.Operation) -> list[ir.Response]:
    """The responses a call returns: the 2xx ones, else ``default`` where it is the answer a
    valid request gets (:meth:`ir.Operation.answer`: not beside a documented redirect, whose
    far end's answer the call returns as it came)."""
    ok = [r for r in op.responses if r.status.startswith("2")]
    if ok:
        return ok
    _, answer = op.answer()
    return [answer] if answer is not None and answer.status == "default" else []


def _accept(op: ir.Operation) -> str | None:
    media = sorted({r.content_type for r in _successes(op) if r.content_type})
    return None if media in ([], ["application/json"]) else ", ".join(media)


def _response_types(api: ir.Api, op: ir.Operation) -> tuple[ResponseType, ...]:
    out = []
    for r in op.responses:
        kind = response_kind(api, r)
        parsed = r.type is not None and kind in ("json", "json_or_raw", "json_or_media", "sse")
        status = r.status.upper() if r.status[1:].lower() == "xx" else r.status
        type_hint = hint(r.type) if parsed and r.type is not None else "None"
        events = event_data(api, r.type) if kind == "sse" and r.type is not None else "json"
        out.append(ResponseType(status, kind, type_hint, deferred(api, type_hint), events))
    return tuple(out)


def _body_model(api: ir.Api, body: ir.Body | None) -> ir.Model | None:
    target = ir.without_null(body.type) if body is not None else None
    if body is None or body_kind(body) in ("text", "binary") or not isinstance(target, ir.ModelRef):
        return None
    return api.model(target.name)


def _field_kwargs(
    api: ir.Api, model: ir.Model, body: ir.Body, taken: set[str]
) -> tuple[Kwarg, ...]:
    out = []
    for f in model.fields:
        if f.read_only:
            continue
        name = f.name
        while name in taken:
            name += "_"
        taken.add(name)
        if f.wire in body.file_fields:
            many = isinstance(ir.without_null(f.type), ir.ArrayT)
            annotation = "_abc.Sequence[_opt.FileInput]" if many else "_opt.FileInput"
        else:
            annotation = input_hint(api, f.type)
        out.append(Kwarg(name, f.wire, annotation, f.required, f.description))
    return tuple(out)


def _body_annotation(api: ir.Api, body: ir.Body) -> str:
    kind = body_kind(body)
    if kind == "text":
        return "str"
    if kind == "binary":
        return "_opt.BinaryInput"
    return input_hint(api, body.type)


def method(api: ir.Api, op: ir.Operation, const: str) -> Method:
    """The method context of one operation."""
    params = tuple(
        Kwarg(p.name, p.wire, input_hint(api, p.type), p.required, p.description) for p in op.params
    )
    taken = {p.name for p in op.params} | set(PER_CALL) | {"self", "body"}
    model = _body_model(api, op.body)
    fields = (
        _field_kwargs(api, model, op.body, taken)
        if model is not None and op.body is not None
        else None
    )
    successes = _successes(op)
    streaming = any(r.streaming for r in successes)
    kinds = [r for r in successes if r.streaming] if streaming else successes
    return Method(
        op=op,
        const=const,
        params=params,
        fields=fields,
        body=_body_annotation(api, op.body) if op.body is not None else None,
        body_required=op.body is not None and op.body.required,
        overload=fields is not None and any(f.required for f in fields),
        returns=_join(_RESULT[response_kind(api, r)](r) for r in kinds) or "Any",
        streaming=streaming,
        accept=_accept(op),
        body_kind=body_kind(op.body) if op.body is not None else None,
        body_encoding=tuple(
            e for e in (op.body.encoding if op.body is not None else ()) if e != ir.Encoding(e.wire)
        ),
        body_type=_body_type(op.body),
        param_types=tuple(hint(p.type) for p in op.params),
        body_build=deferred(api, _body_type(op.body)),
        param_builds=tuple(deferred(api, hint(p.type)) for p in op.params),
        responses=_response_types(api, op),
    )


def _body_type(body: ir.Body | None) -> str:
    return "None" if body is None or body_kind(body) in ("text", "binary") else hint(body.type)


def deferred(api: ir.Api, text: str) -> str:
    """The type expression ``text`` as a function that builds it (``None`` stays ``None``).

    The API's named types in it are read from the package's ``models`` module (``_m.Pet``),
    so that they are imported when a call first needs them, not with the resource module.
    """
    if text == "None":
        return text
    out: list[str] = []
    end = 0
    for column, name in _names(text):
        if name in api.named:
            out.append(text[end:column] + "_m.")
            end = column
    return "lambda: " + "".join(out) + text[end:]


# the tokens of a type expression as `hint` writes it, as Python's tokenizer reads them: a
# string (with its prefix), a number, a name, an operator (several characters read as one);
# the tokenizer's own pattern takes 4 ms to compile, a tenth of a small spec's rendering
_TOKEN = re.compile(
    r"""(?P<string>[A-Za-z]{0,2}(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))"""
    r"|(?P<number>0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
    r"|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)"
    r"|(?P<name>[^\W\d]\w*)"
    r"|(?P<op>\*\*=?|//=?|->|:=|\.\.\.|<<=?|>>=?|[-+*/%@&|^=!<>]=|\S)"
)


@lru_cache(maxsize=1 << 16)
def _names(text: str) -> tuple[tuple[int, str], ...]:
    """Where each name of the type expression ``text`` that may be a type is (not an attribute
    after a dot, a keyword before ``=`` or anything in a string): the same texts recur across
    an API's operations, and reading them is the slow part."""
    tokens = list(_TOKEN.finditer(text))
    found = []
    for index, token in enumerate(tokens):
        before = tokens[index - 1].group() if index else ""
        after = tokens[index + 1].group() if index + 1 < len(tokens) else ""
        if token.lastgroup == "name" and before != "." and after != "=":
            found.append((token.start(), token.group()))
    return tuple(found)


def body_keywords(api: ir.Api, op: ir.Operation) -> dict[str, str]:
    """``{wire name: keyword}`` of the body fields the operation's method takes as keywords.

    Empty when the body is not a model; any body can also be passed whole, as ``body=``
    under wire names.
    """
    return {k.wire: k.name for k in method(api, op, "").fields or ()}


def resource_tree(api: ir.Api) -> list[Resource]:
    """The top-level resources, each with its sub-resources and methods, named without clashes."""
    nodes: dict[tuple[str, ...], Resource] = {}
    consts: dict[str, set[str]] = {}

    def node(path: tuple[str, ...]) -> Resource:
        if path not in nodes:
            nodes[path] = Resource(path)
            if len(path) > 1:
                node(path[:-1]).children.append(nodes[path])
        return nodes[path]

    for op in api.operations:
        taken = consts.setdefault(op.group[0], set())
        const = name = "_" + constant(" ".join((*op.group, op.name)))
        n = 1
        while const in taken:
            n += 1
            const = f"{name}_{n}"
        taken.add(const)
        node(op.group).methods.append(method(api, op, const))
    classes = (
        set(GENERATED_NAMES) | set(api.named) | {"Client", "AsyncClient", "ClientWithRawResponse"}
    )
    for path in sorted(nodes):
        base = pascal(" ".join(path))
        n = 1
        while True:
            candidate = base if n == 1 else f"{base}{n}"
            names = {f"{candidate}Resource", f"Async{candidate}Resource"}
            names |= {f"{x}WithRawResponse" for x in names}
            if not names & classes:
                break
            n += 1
        classes |= names
        nodes[path].cls, nodes[path].async_cls = f"{candidate}Resource", f"Async{candidate}Resource"
    for resource in nodes.values():
        resource.children.sort(key=lambda r: r.path)
        # a method named like a builtin (`list`) shadows it in the annotations that follow
        # it in the class body, as type checkers read them: such methods come last
        resource.methods.sort(key=lambda m: m.op.name in _BUILTINS)
    return [nodes[p] for p in sorted(nodes) if len(p) == 1]


def hint_imports(api: ir.Api, used: set[str], bare: set[str] | None = None) -> dict[str, list[str]]:
    """What a module writing annotations that use the identifiers ``used`` imports, by source
    (``pydantic``, ``typing``, ``_types``, ``models``); of the API's named types, those in
    ``bare`` when given (the others are written ``_m.Pet``)."""
    imports = {source: [n for n in names if n in used] for source, names in _IMPORTABLE.items()}
    named = used if bare is None else bare
    imports["models"] = sorted(n for n in api.named if n in named)
    return imports


def identifiers(text: str) -> set[str]:
    """The identifiers an annotation uses."""
    return set(_IDENT.findall(text))


def _hint_names(top: Resource, bare: bool = False) -> set[str]:
    text = [
        h
        for resource in top.walk()
        for m in resource.methods
        for h in (m.annotations() if bare else m.hints())
    ]
    return set(_IDENT.findall(" ".join(text)))


def credential_keywords(api: ir.Api) -> list[tuple[ir.SecurityScheme, str]]:
    """Each security scheme and the client keyword taking its credential (``api_key`` first)."""
    out: list[tuple[ir.SecurityScheme, str]] = []
    taken = set(CLIENT_KWARGS)
    for index, scheme in enumerate(api.security_schemes):
        if index == 0:
            out.append((scheme, "api_key"))
            continue
        name = scheme.name
        while name in taken:
            name += "_"
        taken.add(name)
        out.append((scheme, name))
    return out


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """``<package>/__init__.py``, ``_client.py`` and a ``resources/<group>.py`` per group."""
    tops = resource_tree(api)
    common = {"api": api, "header": header, "version": __version__}
    package = api.package
    files = {
        f"{package}/__init__.py": env.get_template("package/__init__.py.jinja").render(**common),
        f"{package}/_client.py": env.get_template("client/client.py.jinja").render(
            tops=tops, credentials=credential_keywords(api), **common
        ),
        f"{package}/resources/__init__.py": env.get_template(
            "client/resources_init.py.jinja"
        ).render(tops=tops, **common),
    }
    template = env.get_template("client/resources.py.jinja")
    for top in tops:
        used = _hint_names(top)
        imports = hint_imports(api, used, _hint_names(top, bare=True))
        resources = top.walk()
        files[f"{package}/resources/{top.attr}.py"] = template.render(
            top=top,
            imports=imports,
            used=used,
            overloads=any(m.overload for r in resources for m in r.methods),
            exports=export_order(
                f"{c}{v}"
                for r in resources
                for c in (r.cls, r.async_cls)
                for v in ("", "WithRawResponse")
            ),
            **common,
        )
    return files
