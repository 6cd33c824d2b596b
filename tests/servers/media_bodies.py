"""A correct FastAPI service of ``tests/specs/media_bodies_31.yaml``: request bodies read as
real servers read them, each one's raw bytes kept in ``app.state.bodies``.

Bytes are taken as they come; YAML is parsed (``yaml.safe_load``) and XML too
(``xml.etree``), each then read as an item and refused (422, 400: both documented) when it
does not parse or is no item; MessagePack is refused always (no text apiforge could send
is MessagePack of an item).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Annotated, Any

import yaml
from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Item(BaseModel):
    """The spec's ``Item``, read strictly: a YAML or XML text of another type is refused."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: int | None = None
    name: Annotated[str, Field(max_length=20)]
    tags: Annotated[list[Annotated[str, Field(max_length=10)]], Field(max_length=3)]


def _item(data: Any, status: int) -> Item:
    try:
        return Item.model_validate(data)
    except ValidationError as exc:
        raise HTTPException(status, f"not an item: {exc.errors()[0]['msg']}") from None


def _from_xml(raw: bytes) -> dict[str, Any]:
    """The item an ``<item id="1"><name>n</name><tags><tag>t</tag></tags></item>`` spells."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise HTTPException(400, f"not XML: {exc}") from None
    if root.tag != "item" or set(root.attrib) - {"id"}:
        raise HTTPException(400, f"not an item element: <{root.tag}>")
    out: dict[str, Any] = {}
    if "id" in root.attrib:
        try:
            out["id"] = int(root.attrib["id"])
        except ValueError:
            raise HTTPException(400, "id is no integer") from None
    for child in root:
        if child.tag == "name" and "name" not in out:
            out["name"] = child.text or ""
        elif child.tag == "tags" and "tags" not in out:
            if any(tag.tag != "tag" for tag in child):
                raise HTTPException(400, "tags holds other elements than <tag>")
            out["tags"] = [tag.text or "" for tag in child]
        else:
            raise HTTPException(400, f"an element an item does not have: <{child.tag}>")
    return out


def media_app() -> FastAPI:
    """The service; every body it is sent is appended to ``app.state.bodies`` as
    (operation, Content-Type, raw bytes)."""
    app = FastAPI(title="Media bodies", version="1", openapi_url=None)
    app.state.bodies = []

    async def raw(request: Request, operation: str) -> bytes:
        body = await request.body()
        app.state.bodies.append((operation, request.headers.get("content-type"), body))
        return body

    @app.post("/octet")
    async def octet(request: Request) -> int:
        return len(await raw(request, "octet"))

    @app.post("/octet-any")
    async def octet_any(request: Request) -> int:
        return len(await raw(request, "octetAny"))

    @app.post("/yaml")
    async def yaml_item(request: Request) -> dict[str, Any]:
        body = await raw(request, "yamlItem")
        try:
            data = yaml.safe_load(body)
        except yaml.YAMLError as exc:
            raise HTTPException(422, f"not YAML: {exc}") from None
        return _item(data, 422).model_dump(exclude_none=True)

    @app.post("/xml")
    async def xml_item(request: Request) -> dict[str, Any]:
        body = await raw(request, "xmlItem")
        return _item(_from_xml(body), 400).model_dump(exclude_none=True)

    @app.post("/xml-unnamed")
    async def xml_unnamed(request: Request) -> None:
        try:
            ET.fromstring(await raw(request, "xmlUnnamed"))
        except ET.ParseError as exc:
            raise HTTPException(400, f"not XML: {exc}") from None

    @app.post("/msgpack")
    async def msgpack_item(request: Request) -> None:
        await raw(request, "msgpackItem")
        raise HTTPException(400, "not MessagePack")

    return app
