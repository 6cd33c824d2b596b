"""What the servers' models share: JSON Schema's types, without pydantic's coercions."""

from typing import Any

from pydantic import BeforeValidator, ConfigDict

__all__ = ["STRICT", "WHOLE"]

# no coercion: "5" is not an integer and true is not a number, as in the spec's JSON Schema
STRICT = ConfigDict(strict=True, extra="ignore")


def _whole(value: Any) -> Any:
    # JSON Schema calls 2.0 an integer; strict pydantic alone would refuse it
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# last in an integer's Annotated[...], after its Field(...), so the bounds stay in the schema
WHOLE = BeforeValidator(_whole)
