"""Examples of the API key schemas, shown in the OpenAPI document (the secret is not a real key)."""

from __future__ import annotations

from typing import Any

API_KEY_ID = "01a23082-acc0-7f8c-86a8-f177b36edaa3"
EXAMPLE_SECRET = "pdp_EXAMPLEonly-not-a-real-key-3vQ9xL2mT8rW5kZ1"  # noqa: S105 - an example

API_KEY_CREATE: dict[str, Any] = {
    "name": "UNAMA situation feed client",
    "org": "UNAMA",
    "roles": ["partner"],
    "clearance": "confidential",
    "expires_at": "2027-12-31T23:59:59+00:00",
    "rate_limit_per_second": 20.0,
}

API_KEY_READ: dict[str, Any] = {
    "id": API_KEY_ID,
    "name": API_KEY_CREATE["name"],
    "prefix": EXAMPLE_SECRET[:12],
    "org": "UNAMA",
    "roles": ["partner"],
    "clearance": "confidential",
    "rate_limit_per_second": 20.0,
    "created_at": "2026-12-01T07:30:00.000000+00:00",
    "created_by": "admin@unrcca.org",
    "expires_at": "2027-12-31T23:59:59+00:00",
    "revoked_at": None,
    "revoked_by": None,
}

API_KEY_ISSUED: dict[str, Any] = API_KEY_READ | {"key": EXAMPLE_SECRET}
