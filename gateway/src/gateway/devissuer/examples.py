"""Examples of the development issuer's schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

DEV_TOKEN_CREATE: dict[str, Any] = {
    "subject": "analyst@unrcca.org",
    "org": "UNRCCA",
    "roles": ["analyst"],
    "clearance": "confidential",
    "name": "Centre analyst (development)",
    "expires_in": 3600,
}

DEV_TOKEN_READ: dict[str, Any] = {
    "access_token": "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbmFseXN0QHVucmNjYS5vcmcifQ."
    "c2lnbmF0dXJlLW9mLWFuLWV4YW1wbGUtdG9rZW4",
    "token_type": "Bearer",
    "expires_in": 3600,
}
