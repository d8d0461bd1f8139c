"""API schemas of API key administration."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.identity import Clearance, Role
from pdp_common.input_fields import Timestamp
from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field

from gateway.keys import examples

ORG_PATTERN = r"^[A-Z0-9][A-Z0-9_-]{1,31}$"


class ApiKeyCreate(Strict):
    """What to issue: a named key for one organization, with roles and a clearance."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.API_KEY_CREATE]})

    name: str = Field(min_length=1, max_length=200, description="What the key is for.")
    org: str = Field(pattern=ORG_PATTERN, description="Organization code, e.g. UNRCCA, OSCE.")
    roles: list[Role] = Field(min_length=1, max_length=7)
    clearance: Clearance = Clearance.PUBLIC
    expires_at: Timestamp | None = Field(default=None, description="None: never expires.")
    rate_limit_per_second: float | None = Field(
        default=None, gt=0, le=100_000, description="None: the gateway's default rate limit."
    )


class ApiKeyRead(BaseModel):
    """An issued key as listed (never its secret)."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [examples.API_KEY_READ]}
    )

    id: uuid.UUID
    name: str
    prefix: str = Field(description="The first characters of the key, to recognize it.")
    org: str
    roles: list[Role]
    clearance: Clearance
    rate_limit_per_second: float | None
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None


class ApiKeyIssued(ApiKeyRead):
    """A newly issued key, with its secret shown this one time."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.API_KEY_ISSUED]})

    key: str = Field(description="The secret; send it in the X-API-Key header. Shown once.")


class ApiKeyFilters(BaseModel):
    """Which keys to list."""

    org: str | None = Field(default=None, pattern=ORG_PATTERN)
    include_revoked: bool = False
