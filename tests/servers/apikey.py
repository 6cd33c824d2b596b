"""Sales reports behind an API key header (``X-API-Key``); a health check open to all.

Bug: ``auth-not-enforced``: a report is answered without a key (a wrong key is still refused).
"""

import secrets
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Path, Query
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

from tests.servers.common import Detail, answer_405

BUGS = ("auth-not-enforced",)
KEY = "key-0123456789abcdef"


class Report(BaseModel):
    year: int
    quarter: int
    region: Literal["emea", "amer", "apac"]
    revenue: float
    currency: Literal["EUR"]


class Health(BaseModel):
    status: Literal["ok"]


def make(bug: str | None = None) -> FastAPI:
    """The report service, with ``bug`` planted."""
    app = FastAPI(title="Reports", version="3.0.0")
    answer_405(app)
    header = APIKeyHeader(name="X-API-Key", auto_error=False)
    refused = {401: {"model": Detail, "description": "Not authenticated"}}

    def caller(key: Annotated[str | None, Depends(header)]) -> str:
        if key is None and bug == "auth-not-enforced":
            return "anonymous"
        if key is None or not secrets.compare_digest(key.encode(), KEY.encode()):
            raise HTTPException(401, "a valid X-API-Key is required")
        return "reporter"

    @app.get("/health", response_model=Health)
    def health() -> Any:
        return Health(status="ok")

    @app.get("/reports/{year}", response_model=Report, responses=refused)
    def report(
        year: Annotated[int, Path(ge=2000, le=2030)],
        who: Annotated[str, Depends(caller)],
        quarter: Annotated[int, Query(ge=1, le=4)] = 1,
        region: Literal["emea", "amer", "apac"] = "emea",
    ) -> Any:
        revenue = round((year - 1999) * 1000.0 + quarter * 250.5, 2)
        return Report(year=year, quarter=quarter, region=region, revenue=revenue, currency="EUR")

    return app
