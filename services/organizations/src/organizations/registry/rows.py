"""Conversions from organization rows to their API views."""

from __future__ import annotations

from typing import Any

from organizations.registry.models import Organization
from organizations.registry.schemas import OrganizationRead


def to_read(organization: Organization, parent_code: str | None) -> OrganizationRead:
    """Return the API view of an organization."""
    return OrganizationRead.model_validate({**_columns(organization), "parent_code": parent_code})


def _columns(organization: Organization) -> dict[str, Any]:
    return {c.key: getattr(organization, c.key) for c in Organization.__table__.columns}
