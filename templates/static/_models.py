"""The base class of every generated model: wire names, unknown fields and unset fields kept."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict

__all__ = ["Model"]


class Model(BaseModel):
    """A JSON object as the spec describes it.

    ``json -> model -> json`` is the identity: values are dumped under their wire names,
    fields that were never set stay out, explicit ``null``s and unknown fields stay in.
    """

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        defer_build=True,
        protected_namespaces=(),
        # a `Field(pattern=...)` is an ECMA-262 pattern written for Python's `re` at generation
        regex_engine="python-re",
    )

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Validate wire data (keys are wire names only)."""
        return cls.model_validate(data, by_alias=True, by_name=False)

    @classmethod
    def from_json(cls, data: str | bytes) -> Self:
        """Validate a JSON document (keys are wire names only)."""
        return cls.model_validate_json(data, by_alias=True, by_name=False)

    def to_dict(self) -> dict[str, Any]:
        """The wire form: what was set, under wire names, unknown fields included.

        A model parsed forgivingly may hold raw values the spec does not describe (an enum
        value it does not list); they are dumped as they came, without warnings.
        """
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)

    def to_json(self) -> str:
        """The wire form as a JSON document."""
        return self.model_dump_json(by_alias=True, exclude_unset=True, warnings=False)
